package io.bankledger.node.testing;

import io.bankledger.node.dev.BrokerUsers;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A JMS client of the contract, as any service would write it: persistent TextMessage on
 * {@code bank.requests}, JMSCorrelationID = commandId, replies on a temporary queue. It records
 * every reply it receives, so tests can check that each command got exactly one.
 */
public final class TestClient implements AutoCloseable {

    private static final io.bankledger.protocol.CommandCodec CODEC = new io.bankledger.protocol.CommandCodec();

    private final Connection connection;
    private final Session sendSession;
    private final MessageProducer producer;
    private final TemporaryQueue replyQueue;
    private final Map<String, CompletableFuture<Reply>> waiting = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<String>> waitingRaw = new ConcurrentHashMap<>();
    private final List<Reply> received = new CopyOnWriteArrayList<>();

    /** A client with the development client login. */
    public TestClient(String brokerUrl) throws JMSException {
        this(brokerUrl, BrokerUsers.DEV_CLIENT_USER, BrokerUsers.DEV_CLIENT_PASSWORD);
    }

    public TestClient(String brokerUrl, String user, String password) throws JMSException {
        connection = new ActiveMQConnectionFactory(brokerUrl).createConnection(user, password);
        sendSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        producer = sendSession.createProducer(sendSession.createQueue(Destinations.REQUESTS));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        Session receiveSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        replyQueue = receiveSession.createTemporaryQueue();
        MessageConsumer consumer = receiveSession.createConsumer(replyQueue);
        consumer.setMessageListener(message -> {
            try {
                CompletableFuture<String> raw = waitingRaw.remove(message.getJMSCorrelationID());
                if (raw != null) {
                    raw.complete(((TextMessage) message).getText());
                    return;
                }
                Reply reply = ReplyCodec.decode(((TextMessage) message).getText());
                received.add(reply);
                CompletableFuture<Reply> future = waiting.remove(message.getJMSCorrelationID());
                if (future != null) {
                    future.complete(reply);
                }
            } catch (JMSException | RuntimeException e) {
                throw new IllegalStateException("unreadable reply", e);
            }
        });
        connection.start();
    }

    /** Sends a raw body with {@code correlationId}; the future completes with the first reply to it. */
    public synchronized CompletableFuture<Reply> send(String correlationId, String body) throws JMSException {
        CompletableFuture<Reply> future = new CompletableFuture<>();
        if (correlationId != null) {
            waiting.put(correlationId, future);
        }
        TextMessage message = sendSession.createTextMessage(body);
        message.setJMSCorrelationID(correlationId);
        message.setJMSReplyTo(replyQueue);
        producer.send(message);
        return future;
    }

    /**
     * Sends every command in one JMS transaction, so the broker makes them visible to consumers
     * all at once: the queue holds the whole lot before any node can take the first one.
     */
    public List<CompletableFuture<Reply>> sendAllAtOnce(List<io.bankledger.protocol.Command> commands) throws JMSException {
        List<CompletableFuture<Reply>> futures = new java.util.ArrayList<>(commands.size());
        try (Session transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageProducer batchProducer = transacted.createProducer(transacted.createQueue(Destinations.REQUESTS))) {
            batchProducer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (io.bankledger.protocol.Command command : commands) {
                CompletableFuture<Reply> future = new CompletableFuture<>();
                waiting.put(command.commandId(), future);
                futures.add(future);
                TextMessage message = transacted.createTextMessage(CODEC.encode(command));
                message.setJMSCorrelationID(command.commandId());
                message.setJMSReplyTo(replyQueue);
                batchProducer.send(message);
            }
            transacted.commit();
        }
        return futures;
    }

    /** Sends a raw body with {@code correlationId}; the future completes with the reply's body, unread. */
    public synchronized CompletableFuture<String> sendForBody(String correlationId, String body) throws JMSException {
        CompletableFuture<String> future = new CompletableFuture<>();
        waitingRaw.put(correlationId, future);
        TextMessage message = sendSession.createTextMessage(body);
        message.setJMSCorrelationID(correlationId);
        message.setJMSReplyTo(replyQueue);
        producer.send(message);
        return future;
    }

    /** Sends {@code command} as its JSON, correlated by its commandId, and waits for the reply. */
    public Reply call(io.bankledger.protocol.Command command, java.time.Duration timeout) throws Exception {
        return send(command.commandId(), CODEC.encode(command)).get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Sends a body without JMSReplyTo: the command is still executed; nobody is answered. */
    public synchronized void sendWithoutReplyTo(String correlationId, String body) throws JMSException {
        TextMessage message = sendSession.createTextMessage(body);
        message.setJMSCorrelationID(correlationId);
        producer.send(message);
    }

    /** Every reply this client has received, in arrival order. */
    public List<Reply> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
