package io.bankledger.node.faults;

import io.bankledger.node.dev.BrokerUsers;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import io.bankledger.protocol.Destinations;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * One client of the contract that survives a broker restart: it never lets the JMS client
 * reconnect by itself (a temporary reply queue does not survive the broker), but drops the
 * connection on any error and opens a new one, with a new reply queue, for the next attempt.
 * Not thread-safe: one workload thread owns it.
 */
final class WorkloadClient implements AutoCloseable {

    private static final CommandCodec CODEC = new CommandCodec();

    private final ActiveMQConnectionFactory factory;
    /** Reply bodies awaited, by correlation id: a command's id, or a batch's. */
    private final Map<String, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
    private Connection connection;
    private Session sendSession;
    private MessageProducer producer;
    private TemporaryQueue replyQueue;
    private volatile boolean broken;

    WorkloadClient(String brokerUrl) {
        factory = new ActiveMQConnectionFactory(brokerUrl + "?reconnectAttempts=0&initialConnectAttempts=1"
                + "&callTimeout=4000&callFailoverTimeout=4000&clientFailureCheckPeriod=2000&connectionTTL=6000");
    }

    /**
     * Sends {@code command} (a retry when it was sent before: same commandId) and waits up to
     * {@code timeoutMs} for its reply; null on timeout. Throws when the broker is unreachable or
     * the send failed, in which case the command may or may not have reached the queue.
     */
    Reply call(Command command, long timeoutMs) throws JMSException, InterruptedException {
        String body = exchange(command.commandId(), CODEC.encode(command), timeoutMs);
        return body == null ? null : ReplyCodec.decode(body);
    }

    /**
     * Sends {@code commands} as one batch message (a fresh batch id each attempt; the commands keep
     * their ids, so a retry is safe) and waits up to {@code timeoutMs} for the one reply; the
     * commands' replies in order, or null on timeout. Throws as {@link #call} does.
     */
    List<Reply> callBatch(List<Command> commands, long timeoutMs) throws JMSException, InterruptedException {
        String batchId = UUID.randomUUID().toString();
        String body = exchange(batchId, CODEC.encodeBatch(batchId, commands), timeoutMs);
        if (body == null) {
            return null;
        }
        List<Reply> results = ReplyCodec.decodeBatch(body).results();
        if (results.size() != commands.size()) {
            throw new IllegalStateException("a batch of " + commands.size() + " got " + results.size() + " results");
        }
        return results;
    }

    private String exchange(String correlationId, String body, long timeoutMs) throws JMSException, InterruptedException {
        ensureConnected();
        CompletableFuture<String> future = new CompletableFuture<>();
        waiting.put(correlationId, future);
        try {
            TextMessage message = sendSession.createTextMessage(body);
            message.setJMSCorrelationID(correlationId);
            message.setJMSReplyTo(replyQueue);
            producer.send(message);
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (broken) {
                throw new JMSException("connection lost while waiting");
            }
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("unreadable reply to " + correlationId, e.getCause());
        } catch (JMSException | RuntimeException e) {
            reset();
            throw e;
        } finally {
            waiting.remove(correlationId);
        }
    }

    private void ensureConnected() throws JMSException {
        if (broken) {
            reset();
        }
        if (connection != null) {
            return;
        }
        Connection opened = factory.createConnection(BrokerUsers.DEV_CLIENT_USER, BrokerUsers.DEV_CLIENT_PASSWORD);
        try {
            opened.setExceptionListener(e -> broken = true);
            Session receiveSession = opened.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue queue = receiveSession.createTemporaryQueue();
            MessageConsumer consumer = receiveSession.createConsumer(queue);
            consumer.setMessageListener(message -> {
                try {
                    CompletableFuture<String> future = waiting.get(message.getJMSCorrelationID());
                    if (future != null) {
                        future.complete(((TextMessage) message).getText());
                    }
                } catch (JMSException | RuntimeException e) {
                    // A reply the client cannot read leaves its command indeterminate; the checker sees the rest.
                }
            });
            Session session = opened.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer sender = session.createProducer(session.createQueue(Destinations.REQUESTS));
            sender.setDeliveryMode(DeliveryMode.PERSISTENT);
            opened.start();
            connection = opened;
            sendSession = session;
            producer = sender;
            replyQueue = queue;
            broken = false;
        } catch (JMSException | RuntimeException e) {
            closeQuietly(opened);
            throw e;
        }
    }

    /** Forgets the connection; the next call opens a new one. */
    void reset() {
        Connection old = connection;
        connection = null;
        sendSession = null;
        producer = null;
        replyQueue = null;
        broken = false;
        if (old != null) {
            closeQuietly(old);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (JMSException | RuntimeException ignored) {
            // It is being replaced because it failed.
        }
    }

    @Override
    public void close() {
        reset();
    }
}
