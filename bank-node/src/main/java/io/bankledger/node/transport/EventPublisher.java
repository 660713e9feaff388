package io.bankledger.node.transport;

import io.bankledger.protocol.CommittedEvent;
import io.bankledger.protocol.Destinations;
import io.bankledger.protocol.EventCodec;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed events on {@code bank.events}, in seq order. Publication is a convenience
 * for followers, not the record: the event store is. A follower that misses events (a node died
 * between commit and publish, the leader changed) notices the gap in {@code seq} and reads the
 * missing events from a node's {@code reporting.events} view.
 *
 * <p>While nobody follows the topic (no queue is bound to its address: no subscriber, durable or
 * not), the broker would drop every event message anyway; the publisher then skips them, which
 * spares the broker one message per committed transfer. It asks the broker at most once per
 * {@link #SUBSCRIBER_CHECK_MS}, so a new subscriber may miss up to that much of the log, which it
 * reads from {@code reporting.events} as it does any other gap.
 *
 * <p>Used by the node's applier thread only (the counters may be read from any thread).
 */
public final class EventPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final SimpleString EVENTS_ADDRESS = SimpleString.of(Destinations.EVENTS);

    private final int nodeId;
    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;
    private final ClientSession coreSession;
    private long subscribersCheckedAtMs = Long.MIN_VALUE / 2;
    private boolean followed = true;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    /** How long the publisher trusts its last look at whether anyone follows the topic. */
    public static final long SUBSCRIBER_CHECK_MS = 1_000;

    public EventPublisher(ConnectionFactory factory, int nodeId) throws JMSException {
        this.nodeId = nodeId;
        this.connection = factory.createConnection();
        try {
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer = session.createProducer(session.createTopic(Destinations.EVENTS));
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            // One message per event is the contract; spare the broker the ids and stamps nobody reads.
            producer.setDisableMessageID(true);
            producer.setDisableMessageTimestamp(true);
            coreSession = session instanceof ActiveMQSession artemis ? artemis.getCoreSession() : null;
            connection.start();
        } catch (JMSException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    public void publish(List<CommittedEvent> events) {
        if (!followed()) {
            skipped.addAndGet(events.size());
            return;
        }
        try {
            for (CommittedEvent event : events) {
                TextMessage message = session.createTextMessage(EventCodec.toJson(event));
                message.setLongProperty(Destinations.EVENT_SEQ_PROPERTY, event.seq());
                message.setStringProperty(Destinations.EVENT_TYPE_PROPERTY, event.type());
                message.setIntProperty(Destinations.NODE_ID_PROPERTY, nodeId);
                message.setJMSCorrelationID(event.commandId());
                producer.send(message);
                published.incrementAndGet();
            }
        } catch (JMSException | RuntimeException e) {
            LOG.warn("events not published (followers will catch up from the store): {}", e.toString());
        }
    }

    /** Events sent on the topic by this node. */
    public long publishedCount() {
        return published.get();
    }

    /** Events not sent because nobody followed the topic. */
    public long skippedCount() {
        return skipped.get();
    }

    /** Whether some queue is bound to the events address, as of at most a second ago; true if unsure. */
    private boolean followed() {
        long now = System.currentTimeMillis();
        if (coreSession == null || now - subscribersCheckedAtMs < SUBSCRIBER_CHECK_MS) {
            return followed;
        }
        subscribersCheckedAtMs = now;
        try {
            followed = !coreSession.addressQuery(EVENTS_ADDRESS).getQueueNames().isEmpty();
        } catch (ActiveMQException | RuntimeException e) {
            followed = true;
        }
        return followed;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
