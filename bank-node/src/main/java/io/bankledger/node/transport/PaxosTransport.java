package io.bankledger.node.transport;

import io.bankledger.node.metrics.NodeMetrics;
import io.bankledger.paxos.Envelope;
import io.bankledger.paxos.message.PaxosCodec;
import io.bankledger.paxos.message.PaxosMessage;
import io.bankledger.protocol.Destinations;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paxos messages between nodes: each node listens on its own topic {@code bank.node.<id>} and
 * sends to its peers' topics, non-persistent, since Paxos tolerates loss and a persistent send
 * would cost a journal write per protocol message.
 *
 * <p>{@link #send} serializes its callers on the sending session; inbound messages arrive
 * on the JMS delivery thread and are handed to {@code inbound}, which must not block.
 */
public final class PaxosTransport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PaxosTransport.class);

    private final int nodeId;
    private final Connection connection;
    private final Session sendSession;
    private final MessageProducer producer;
    private final Map<Integer, Topic> peerTopics = new HashMap<>();
    private final AtomicLong malformedReceived = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();

    private final FaultInjector faults;

    /**
     * @param faults null in production; with an injector, the transport obeys the fault control
     *               messages on {@link FaultInjector#CONTROL_TOPIC} (fault tests only)
     */
    private final NodeMetrics metrics;
    private final IntFunction<String> senderLogin;
    private final AtomicLong forgeries = new AtomicLong();

    /** The broker property holding the login that sent a message (populate-validated-user). */
    static final String VALIDATED_USER = "_AMQ_VALIDATED_USER";

    /**
     * @param senderLogin the broker login node N must use (a message claiming to come from N but
     *                    sent by another login is a forgery: dropped and counted); null when the
     *                    broker does not authenticate
     */
    public PaxosTransport(ConnectionFactory factory, int nodeId, Consumer<PaxosMessage> inbound, FaultInjector faults,
                          NodeMetrics metrics, IntFunction<String> senderLogin) throws JMSException {
        this.nodeId = nodeId;
        this.faults = faults;
        this.metrics = metrics;
        this.senderLogin = senderLogin;
        this.connection = factory.createConnection();
        try {
            connection.setClientID("bank-node-" + nodeId + "-paxos");
            Session receiveSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = receiveSession.createConsumer(
                    receiveSession.createTopic(Destinations.nodeTopic(nodeId)));
            consumer.setMessageListener(message -> {
                try {
                    if (!(message instanceof BytesMessage bytesMessage)) {
                        malformedReceived.incrementAndGet();
                        return;
                    }
                    byte[] body = new byte[(int) bytesMessage.getBodyLength()];
                    bytesMessage.readBytes(body);
                    PaxosMessage decoded = PaxosCodec.decode(body);
                    if (senderLogin != null) {
                        String login = message.getStringProperty(VALIDATED_USER);
                        if (login == null || !login.equals(senderLogin.apply(decoded.from()))) {
                            forgeries.incrementAndGet();
                            metrics.paxosForgery();
                            LOG.warn("dropped a Paxos message claiming node {} but sent by login {}", decoded.from(), login);
                            return;
                        }
                    }
                    if (faults != null && !faults.acceptsFrom(decoded.from())) {
                        return;
                    }
                    received.incrementAndGet();
                    metrics.paxosMessage("in", decoded.getClass().getSimpleName());
                    inbound.accept(decoded);
                } catch (JMSException | RuntimeException e) {
                    malformedReceived.incrementAndGet();
                    LOG.warn("dropping an undecodable Paxos message: {}", e.toString());
                }
            });
            if (faults != null) {
                MessageConsumer control = receiveSession.createConsumer(
                        receiveSession.createTopic(FaultInjector.CONTROL_TOPIC));
                control.setMessageListener(message -> {
                    try {
                        if (faults.apply(((jakarta.jms.TextMessage) message).getText())) {
                            LOG.warn("node {}: fault injection now {}", nodeId, faults.active() ? "ON" : "off");
                        }
                    } catch (JMSException | RuntimeException e) {
                        LOG.warn("bad fault control message: {}", e.toString());
                    }
                });
            }
            sendSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer = sendSession.createProducer(null);
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            producer.setDisableMessageID(true);
            producer.setDisableMessageTimestamp(true);
        } catch (JMSException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Starts delivering inbound messages; call once whoever receives them is ready. */
    public void start() throws JMSException {
        connection.start();
    }

    /**
     * Sends one envelope; a failure is logged and counted as a lost message, never thrown.
     * Synchronized: the loop and the applier (catch-up replies) share the sending session.
     */
    public synchronized void send(Envelope envelope) {
        if (envelope.toNodeId() == nodeId) {
            throw new IllegalStateException("the core addressed a message to its own node: " + envelope);
        }
        try {
            Topic topic = peerTopics.computeIfAbsent(envelope.toNodeId(), this::topicOf);
            int copies = faults == null ? 1 : faults.copiesTo(envelope.toNodeId());
            for (int copy = 0; copy < copies; copy++) {
                BytesMessage message = sendSession.createBytesMessage();
                message.writeBytes(PaxosCodec.encode(envelope.message()));
                producer.setDeliveryDelay(faults == null ? 0 : faults.delayMs(envelope.toNodeId()));
                producer.send(topic, message);
                sent.incrementAndGet();
                metrics.paxosMessage("out", envelope.message().getClass().getSimpleName());
            }
        } catch (JMSException | RuntimeException e) {
            LOG.debug("Paxos message to node {} lost: {}", envelope.toNodeId(), e.toString());
        }
    }

    private Topic topicOf(int peerId) {
        try {
            return sendSession.createTopic(Destinations.nodeTopic(peerId));
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    public long forgeries() {
        return forgeries.get();
    }

    public long malformedReceived() {
        return malformedReceived.get();
    }

    public long sent() {
        return sent.get();
    }

    public long received() {
        return received.get();
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
