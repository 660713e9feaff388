package io.bankledger.node.intake;

import io.bankledger.protocol.BatchReply;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.Arrays;

/**
 * The reply to one request message, filled in as its commands' outcomes become durable: one
 * result for a single command, one per command for a client batch. The message is answered and
 * acknowledged once, when the last result is in, so a batch is redelivered whole or not at all.
 */
public final class Answer {

    private final Message message;
    private final String requestCorrelationId;
    private final Destination replyTo;
    private final String batchId;
    private final Reply[] results;
    private int missing;
    private final int proposed;

    /**
     * @param batchId  the batch's id, or null for a single command
     * @param results  the results known at once (refused commands), null where an outcome is awaited
     */
    Answer(Message message, String batchId, Reply[] results) {
        this.message = message;
        this.requestCorrelationId = message == null ? null : correlationIdOf(message);
        this.replyTo = message == null ? null : replyToOf(message);
        this.batchId = batchId;
        this.results = results.clone();
        this.proposed = (int) Arrays.stream(results).filter(r -> r == null).count();
        this.missing = proposed;
    }

    Message message() {
        return message;
    }

    /** How many of its commands wait for the log (what they add to the intake's pending count). */
    int proposed() {
        return proposed;
    }

    /** Records the outcome at {@code index}; true when it was the last one missing. */
    boolean fill(int index, Reply reply) {
        synchronized (results) {
            if (results[index] != null) {
                return false;
            }
            results[index] = reply;
            return --missing == 0;
        }
    }

    /** The reply body: the command's reply, or the batch's with every result in order. */
    String body() {
        synchronized (results) {
            return batchId == null ? ReplyCodec.encode(results[0])
                    : ReplyCodec.encodeBatch(new BatchReply(batchId, Arrays.asList(results)));
        }
    }

    /**
     * The JMSCorrelationID of the reply: the request's, as the client spelled it (it may write a
     * commandId in upper case; the body carries the canonical lower case); else the batch's id, or
     * the command's.
     */
    String correlationId() {
        if (requestCorrelationId != null) {
            return requestCorrelationId;
        }
        synchronized (results) {
            return batchId != null ? batchId : results[0].commandId();
        }
    }

    /** Where the reply goes (read by the intake thread, which owns the message), or null. */
    Destination replyTo() {
        return replyTo;
    }

    private static Destination replyToOf(Message message) {
        try {
            return message.getJMSReplyTo();
        } catch (JMSException e) {
            return null;
        }
    }

    private static String correlationIdOf(Message message) {
        try {
            return message.getJMSCorrelationID();
        } catch (JMSException e) {
            return null;
        }
    }
}
