package io.bankledger.node.intake;

import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import io.bankledger.protocol.DecodeResult;
import io.bankledger.protocol.Destinations;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that owns this node's session on {@code bank.requests}.
 *
 * <p>At-least-once intake, exactly-once effect: a request is acknowledged only after
 * {@link #complete} reports its outcome durable in this node's store; a node that dies before
 * that leaves the message to the broker, which redelivers it to another node, whose proposal is a
 * no-op in the ledger that returns the first outcome. Back-pressure: while {@code pendingMax}
 * requests are pending, the thread stops taking from the queue.
 */
public final class Intake implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
    /** How long a receive may hold up replies that became ready meanwhile. */
    private static final long RECEIVE_WAIT_MS = 1;

    private final CommandCodec codec;
    private final Connection connection;
    private final Session session;
    private final MessageConsumer consumer;
    private final MessageProducer replies;
    private final Queue deadLetter;
    private final Consumer<Request> toLoop;
    private final int pendingMax;
    private final int nodeId;
    private final AtomicInteger pending = new AtomicInteger();
    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final AtomicLong invalidCount = new AtomicLong();
    private final AtomicLong acceptedCount = new AtomicLong();
    private final AtomicLong redeliveredCount = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private record Completion(Message message, Reply reply) {
    }

    public Intake(ConnectionFactory factory, int nodeId, CommandCodec codec, int pendingMax, Consumer<Request> toLoop)
            throws JMSException {
        if (pendingMax < 1) {
            throw new IllegalArgumentException("pendingMax must be >= 1: " + pendingMax);
        }
        this.codec = codec;
        this.toLoop = toLoop;
        this.pendingMax = pendingMax;
        this.nodeId = nodeId;
        this.connection = factory.createConnection();
        try {
            session = connection.createSession(false, ActiveMQJMSConstants.INDIVIDUAL_ACKNOWLEDGE);
            consumer = session.createConsumer(session.createQueue(Destinations.REQUESTS));
            replies = session.createProducer(null);
            replies.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            deadLetter = session.createQueue(Destinations.DEAD_LETTER);
            connection.start();
        } catch (JMSException | RuntimeException e) {
            connection.close();
            throw e;
        }
        thread = new Thread(this::run, "intake-" + nodeId);
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Called by the loop once the outcome of {@code request} is durable (or, for a stale read,
     * known): the intake thread replies and then acknowledges.
     */
    public void complete(Request request, Reply reply) {
        completions.add(new Completion(request.message(), reply));
    }

    public int pending() {
        return pending.get();
    }

    public long invalidCount() {
        return invalidCount.get();
    }

    public long acceptedCount() {
        return acceptedCount.get();
    }

    public long redeliveredCount() {
        return redeliveredCount.get();
    }

    private void run() {
        while (running) {
            try {
                drainCompletions();
                if (pending.get() >= pendingMax) {
                    // Back-pressure: the broker keeps (and pages) what this node cannot take yet.
                    Thread.sleep(1);
                    continue;
                }
                Message message = consumer.receive(RECEIVE_WAIT_MS);
                if (message != null) {
                    take(message);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (JMSException | RuntimeException e) {
                if (running) {
                    LOG.warn("intake error, continuing: {}", e.toString());
                    sleepQuietly(100);
                }
            }
        }
    }

    private void take(Message message) throws JMSException {
        if (message.getJMSRedelivered()) {
            redeliveredCount.incrementAndGet();
        }
        DecodeResult result = decode(message);
        if (result instanceof DecodeResult.Invalid invalid) {
            refuse(message, invalid);
            return;
        }
        Command command = ((DecodeResult.Decoded) result).command();
        acceptedCount.incrementAndGet();
        pending.incrementAndGet();
        toLoop.accept(new Request(command, codec.canonicalBytes(command), message));
    }

    private DecodeResult decode(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            String body = text.getText();
            return codec.decode(body == null ? "" : body);
        }
        if (message instanceof BytesMessage bytes) {
            long length = bytes.getBodyLength();
            if (length > codec.bodyBytesMax()) {
                return codec.decode(new byte[codec.bodyBytesMax() + 1]);
            }
            byte[] body = new byte[(int) length];
            bytes.readBytes(body);
            return codec.decode(body);
        }
        return codec.decode("not a text or bytes message: " + message.getClass().getSimpleName());
    }

    /** INVALID reply (if there is a reply-to), a copy to the dead-letter queue with the reason, then ack. */
    private void refuse(Message message, DecodeResult.Invalid invalid) throws JMSException {
        invalidCount.incrementAndGet();
        LOG.info("refused request {}: {} {}", message.getJMSMessageID(), invalid.reason(), invalid.detail());
        Reply reply = invalid.toReply();
        Destination replyTo = message.getJMSReplyTo();
        if (replyTo != null) {
            TextMessage answer = session.createTextMessage(ReplyCodec.encode(reply));
            answer.setJMSCorrelationID(message.getJMSCorrelationID());
            replies.send(replyTo, answer);
        }
        Message copy = deadLetterCopy(message);
        copy.setStringProperty(Destinations.INVALID_REASON_PROPERTY, invalid.reason().name());
        copy.setStringProperty(Destinations.INVALID_DETAIL_PROPERTY, String.valueOf(invalid.detail()));
        copy.setIntProperty(Destinations.NODE_ID_PROPERTY, nodeId);
        copy.setJMSCorrelationID(message.getJMSCorrelationID());
        MessageProducer producer = session.createProducer(deadLetter);
        try {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.send(copy);
        } finally {
            producer.close();
        }
        message.acknowledge();
    }

    private Message deadLetterCopy(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return session.createTextMessage(text.getText());
        }
        if (message instanceof BytesMessage bytes) {
            bytes.reset();
            long length = Math.min(bytes.getBodyLength(), 1 << 20);
            byte[] body = new byte[(int) length];
            bytes.readBytes(body);
            BytesMessage copy = session.createBytesMessage();
            copy.writeBytes(body);
            return copy;
        }
        return session.createTextMessage("");
    }

    private void drainCompletions() {
        List<Completion> batch = new ArrayList<>();
        Completion next;
        while ((next = completions.poll()) != null) {
            batch.add(next);
        }
        for (Completion completion : batch) {
            try {
                Destination replyTo = completion.message().getJMSReplyTo();
                if (replyTo != null) {
                    TextMessage answer = session.createTextMessage(ReplyCodec.encode(completion.reply()));
                    answer.setJMSCorrelationID(completion.reply().commandId());
                    replies.send(replyTo, answer);
                }
            } catch (JMSException | RuntimeException e) {
                // The outcome is durable and can be looked up with get-status; the reply is a courtesy.
                LOG.debug("reply not sent: {}", e.toString());
            }
            try {
                completion.message().acknowledge();
            } catch (JMSException | RuntimeException e) {
                // After a reconnect the broker redelivers it; the ledger answers the retry from its outcome.
                LOG.debug("ack failed, message will be redelivered: {}", e.toString());
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws JMSException {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
    }
}
