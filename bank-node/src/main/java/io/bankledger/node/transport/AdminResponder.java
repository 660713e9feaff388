package io.bankledger.node.transport;

import io.bankledger.protocol.Destinations;
import io.bankledger.protocol.NodeStatusView;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code node-status} requests on this node's admin queue {@code bank.admin.<id>}, on the
 * JMS delivery thread. Read-only: it reports, never changes anything. Requests are not
 * persistent business: an unreadable one is answered with nothing and dropped.
 */
public final class AdminResponder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminResponder.class);

    private final Connection connection;

    /** {@code status} maps the requested seq (or null) to this node's answer. */
    public AdminResponder(ConnectionFactory factory, int nodeId, Function<Long, NodeStatusView> status)
            throws JMSException {
        connection = factory.createConnection();
        try {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer replies = session.createProducer(null);
            replies.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            replies.setTimeToLive(60_000);
            MessageConsumer consumer = session.createConsumer(session.createQueue(Destinations.adminQueue(nodeId)));
            consumer.setMessageListener(message -> {
                try {
                    Destination replyTo = message.getJMSReplyTo();
                    if (replyTo == null || !(message instanceof TextMessage text)) {
                        return;
                    }
                    Long seq = NodeStatusView.requestedSeq(text.getText());
                    TextMessage answer = session.createTextMessage(status.apply(seq).toJson());
                    answer.setJMSCorrelationID(message.getJMSCorrelationID());
                    replies.send(replyTo, answer);
                } catch (JMSException | RuntimeException e) {
                    LOG.info("admin request not answered: {}", e.toString());
                }
            });
            connection.start();
        } catch (JMSException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
