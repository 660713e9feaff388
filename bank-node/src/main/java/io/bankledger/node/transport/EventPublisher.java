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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed events on {@code bank.events}, in seq order. Publication is a convenience
 * for followers, not the record: the event store is. A follower that misses events (a node died
 * between commit and publish, the leader changed) notices the gap in {@code seq} and reads the
 * missing events from a node's {@code reporting.events} view.
 *
 * <p>Used by the node's loop thread only.
 */
public final class EventPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final int nodeId;
    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;

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
            connection.start();
        } catch (JMSException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    public void publish(List<CommittedEvent> events) {
        try {
            for (CommittedEvent event : events) {
                TextMessage message = session.createTextMessage(EventCodec.toJson(event));
                message.setLongProperty(Destinations.EVENT_SEQ_PROPERTY, event.seq());
                message.setStringProperty(Destinations.EVENT_TYPE_PROPERTY, event.type());
                message.setIntProperty(Destinations.NODE_ID_PROPERTY, nodeId);
                message.setJMSCorrelationID(event.commandId());
                producer.send(message);
            }
        } catch (JMSException | RuntimeException e) {
            LOG.warn("events not published (followers will catch up from the store): {}", e.toString());
        }
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
