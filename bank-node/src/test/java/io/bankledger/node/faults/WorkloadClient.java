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
import java.util.Map;
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
    private final Map<String, CompletableFuture<Reply>> waiting = new ConcurrentHashMap<>();
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
        ensureConnected();
        CompletableFuture<Reply> future = new CompletableFuture<>();
        waiting.put(command.commandId(), future);
        try {
            TextMessage message = sendSession.createTextMessage(CODEC.encode(command));
            message.setJMSCorrelationID(command.commandId());
            message.setJMSReplyTo(replyQueue);
            producer.send(message);
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (broken) {
                throw new JMSException("connection lost while waiting");
            }
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("unreadable reply to " + command.commandId(), e.getCause());
        } catch (JMSException | RuntimeException e) {
            reset();
            throw e;
        } finally {
            waiting.remove(command.commandId());
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
                    Reply reply = ReplyCodec.decode(((TextMessage) message).getText());
                    CompletableFuture<Reply> future = waiting.get(message.getJMSCorrelationID());
                    if (future != null) {
                        future.complete(reply);
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
