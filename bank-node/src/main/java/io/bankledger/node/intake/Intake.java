package io.bankledger.node.intake;

import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import io.bankledger.protocol.DecodeResult;
import io.bankledger.protocol.Destinations;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import io.bankledger.protocol.RequestBody;
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
 * The thread that owns this node's session on {@code bank.requests}: it takes requests and
 * acknowledges them once answered. Replies go out on a second session, from the thread that
 * learns the outcome, so that they never wait for a receive to return.
 *
 * <p>At-least-once intake, exactly-once effect: a request is acknowledged only after
 * {@link #complete} reports its outcome durable (its slot chosen by a majority of acceptors,
 * each of which wrote it to its store before answering); a node that dies before
 * that leaves the message to the broker, which redelivers it to another node, whose proposal is a
 * no-op in the ledger that returns the first outcome. A client batch is one message: it is
 * answered (one reply, every command's result in order) and acknowledged when its last command's
 * outcome is durable. Back-pressure: while {@code pendingMax} commands are pending, the thread
 * stops taking from the queue, so at most {@code pendingMax - 1 + CommandCodec.BATCH_COMMANDS_MAX}
 * are ever pending.
 */
public final class Intake implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
    /**
     * How long a receive waits for a request. An empty receive is not free: Artemis then asks the
     * broker whether the queue is really empty (a forced delivery, one round trip), so a short
     * wait costs a round trip per node per wait. Replies do not wait for it (the thread that
     * learns an outcome sends the reply on a session of its own); only acknowledgements do.
     */
    private static final long RECEIVE_WAIT_MS = 100;

    private final CommandCodec codec;
    private final Connection connection;
    private final Session session;
    private final MessageConsumer consumer;
    private final MessageProducer replies;
    /** Replies to answered requests, sent by whichever thread completes them, one at a time. */
    private final Session answerSession;
    private final MessageProducer answers;
    private final Queue deadLetter;
    /** Receives the commands of one message together, so that the loop proposes them in one turn. */
    private final Consumer<List<Request>> toLoop;
    private final int pendingMax;
    private final int nodeId;
    private final AtomicInteger pending = new AtomicInteger();
    private final ConcurrentLinkedQueue<Answer> completions = new ConcurrentLinkedQueue<>();
    private final AtomicLong invalidCount = new AtomicLong();
    private final AtomicLong acceptedCount = new AtomicLong();
    private final AtomicLong messageCount = new AtomicLong();
    private final AtomicLong redeliveredCount = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public Intake(ConnectionFactory factory, int nodeId, CommandCodec codec, int pendingMax, Consumer<List<Request>> toLoop)
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
            answerSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            answers = answerSession.createProducer(null);
            answers.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
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
     * Called once the outcome of {@code request} is durable (or, for a stale read, known). When
     * it was the message's last outcome, the caller's thread sends the reply at once; the intake
     * thread acknowledges the message when it next wakes (within {@link #RECEIVE_WAIT_MS}).
     */
    public void complete(Request request, Reply reply) {
        if (request.answer().fill(request.index(), reply)) {
            answered(request.answer());
        }
    }

    /** Replies (if the request has a reply-to) and hands the message to the intake thread to acknowledge. */
    private void answered(Answer answer) {
        Destination replyTo = answer.replyTo();
        if (replyTo != null) {
            synchronized (answers) {
                try {
                    TextMessage reply = answerSession.createTextMessage(answer.body());
                    reply.setJMSCorrelationID(answer.correlationId());
                    answers.send(replyTo, reply);
                } catch (JMSException | RuntimeException e) {
                    // The outcome is durable and can be looked up with get-status; the reply is a courtesy.
                    LOG.debug("reply not sent: {}", e.toString());
                }
            }
        }
        completions.add(answer);
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

    /** Request messages taken from the queue, valid or not: a client batch is one, whatever it carries. */
    public long messageCount() {
        return messageCount.get();
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
        messageCount.incrementAndGet();
        if (message.getJMSRedelivered()) {
            redeliveredCount.incrementAndGet();
        }
        RequestBody body = decode(message);
        if (body instanceof RequestBody.Single single) {
            if (single.result() instanceof DecodeResult.Invalid invalid) {
                refuse(message, invalid);
                return;
            }
            Command command = ((DecodeResult.Decoded) single.result()).command();
            propose(new Answer(message, null, new Reply[1]), List.of(command));
            return;
        }
        RequestBody.Batch batch = (RequestBody.Batch) body;
        Reply[] known = new Reply[batch.items().size()];
        List<Command> commands = new ArrayList<>(known.length);
        DecodeResult.Invalid firstInvalid = null;
        int invalid = 0;
        for (int i = 0; i < known.length; i++) {
            DecodeResult item = batch.items().get(i);
            if (item instanceof DecodeResult.Invalid refused) {
                known[i] = refused.toReply();
                firstInvalid = firstInvalid == null ? refused : firstInvalid;
                invalid++;
                commands.add(null);
            } else {
                commands.add(((DecodeResult.Decoded) item).command());
            }
        }
        if (firstInvalid != null) {
            // The rest of the batch stands; the refused commands are answered in its reply and the
            // message is copied to the dead-letter queue so that none is dropped unseen.
            invalidCount.addAndGet(invalid);
            LOG.info("batch {}: {} of {} commands refused, first: {} {}", batch.batchId(), invalid, known.length,
                    firstInvalid.reason(), firstInvalid.detail());
            deadLetter(message, firstInvalid.reason().name(),
                    invalid + " of " + known.length + " commands refused; first: " + firstInvalid.detail());
        }
        propose(new Answer(message, batch.batchId(), known), commands);
    }

    /** Hands the commands awaiting an outcome (non-null entries) to the loop, or answers at once if none. */
    private void propose(Answer answer, List<Command> commands) {
        if (answer.proposed() == 0) {
            answered(answer);
            return;
        }
        pending.addAndGet(answer.proposed());
        // All of them in one hand-off: handed one by one, the loop woke at the first and proposed
        // a batch's first few commands in a slot of their own, the rest in the next.
        List<Request> requests = new ArrayList<>(answer.proposed());
        for (int i = 0; i < commands.size(); i++) {
            Command command = commands.get(i);
            if (command != null) {
                requests.add(new Request(command, codec.canonicalBytes(command), answer, i));
            }
        }
        acceptedCount.addAndGet(requests.size());
        toLoop.accept(requests);
    }

    private RequestBody decode(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            String body = text.getText();
            return codec.decodeRequest(body == null ? "" : body);
        }
        if (message instanceof BytesMessage bytes) {
            long length = bytes.getBodyLength();
            if (length > codec.requestBytesMax()) {
                return codec.decodeRequest(new byte[codec.requestBytesMax() + 1]);
            }
            byte[] body = new byte[(int) length];
            bytes.readBytes(body);
            return codec.decodeRequest(body);
        }
        return codec.decodeRequest("not a text or bytes message: " + message.getClass().getSimpleName());
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
        deadLetter(message, invalid.reason().name(), String.valueOf(invalid.detail()));
        message.acknowledge();
    }

    /** A persistent copy of {@code message} on the dead-letter queue, with why it was refused. */
    private void deadLetter(Message message, String reason, String detail) throws JMSException {
        Message copy = deadLetterCopy(message);
        copy.setStringProperty(Destinations.INVALID_REASON_PROPERTY, reason);
        copy.setStringProperty(Destinations.INVALID_DETAIL_PROPERTY, detail);
        copy.setIntProperty(Destinations.NODE_ID_PROPERTY, nodeId);
        copy.setJMSCorrelationID(message.getJMSCorrelationID());
        MessageProducer producer = session.createProducer(deadLetter);
        try {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.send(copy);
        } finally {
            producer.close();
        }
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
        List<Answer> batch = new ArrayList<>();
        Answer next;
        while ((next = completions.poll()) != null) {
            batch.add(next);
        }
        for (Answer answer : batch) {
            try {
                answer.message().acknowledge();
            } catch (JMSException | RuntimeException e) {
                // After a reconnect the broker redelivers it; the ledger answers the retry from its outcome.
                LOG.debug("ack failed, message will be redelivered: {}", e.toString());
            } finally {
                pending.addAndGet(-answer.proposed());
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
        if (!thread.isAlive()) {
            // Answered messages not yet acknowledged: acknowledge them now, so that a node that
            // stops in order leaves only unanswered requests to the broker to redeliver.
            drainCompletions();
        }
        connection.close();
    }
}
