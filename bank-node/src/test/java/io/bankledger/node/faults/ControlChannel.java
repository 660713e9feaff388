package io.bankledger.node.faults;

import io.bankledger.node.dev.BrokerUsers;
import io.bankledger.node.transport.FaultInjector;
import io.bankledger.protocol.Destinations;
import io.bankledger.protocol.NodeStatusView;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The harness's own broker traffic: node-status requests on the admin queues and fault control
 * messages on {@link FaultInjector#CONTROL_TOPIC}. Every call opens a short connection of its own
 * (the development operator login: it may ask for status and drive faults) and never reconnects, so a broker that was just killed costs one failed call, not a hung one.
 */
final class ControlChannel {

    private final String brokerUrl;

    ControlChannel(String brokerUrl) {
        this.brokerUrl = brokerUrl;
    }

    private Connection connect() throws JMSException {
        return new ActiveMQConnectionFactory(brokerUrl
                + "?reconnectAttempts=0&initialConnectAttempts=1&callTimeout=3000&callFailoverTimeout=3000"
                + "&blockOnNonDurableSend=true")
                .createConnection(BrokerUsers.DEV_OPERATOR_USER, BrokerUsers.DEV_OPERATOR_PASSWORD);
    }

    /**
     * Asks {@code nodeIds} for their status at once; the map holds those that answered within
     * {@code timeoutMs} (a paused, dead or partitioned-from-the-broker node does not). An
     * unreachable broker gives an empty map.
     */
    Map<Integer, NodeStatusView> statuses(Collection<Integer> nodeIds, long timeoutMs) {
        Map<Integer, NodeStatusView> answers = new TreeMap<>();
        try (Connection connection = connect()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer consumer = session.createConsumer(replies);
            connection.start();
            MessageProducer producer = session.createProducer(null);
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            producer.setTimeToLive(Math.max(1_000, timeoutMs));  // a dead node's queue must not pile up requests
            for (int nodeId : nodeIds) {
                TextMessage request = session.createTextMessage(NodeStatusView.request(null));
                request.setJMSReplyTo(replies);
                request.setJMSCorrelationID("status-" + nodeId);
                producer.send(session.createQueue(Destinations.adminQueue(nodeId)), request);
            }
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (answers.size() < nodeIds.size()) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                Message message = consumer.receive(left);
                if (message instanceof TextMessage text) {
                    NodeStatusView view = NodeStatusView.fromJson(text.getText());
                    answers.put(view.nodeId(), view);
                }
            }
        } catch (JMSException | RuntimeException e) {
            // The broker is down or restarting: whoever answered, answered.
        }
        return answers;
    }

    /** Publishes one control message; throws if the broker did not take it. */
    void publishFault(String controlJson) throws JMSException {
        try (Connection connection = connect()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createTopic(FaultInjector.CONTROL_TOPIC));
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            producer.send(session.createTextMessage(controlJson));
        }
    }
}
