package io.bankledger.node.transport;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** Connection factories for the bank's broker, with reconnection that outlives a broker restart. */
public final class Brokers {

    /** Reconnect for ever, quickly at first: a node must come back by itself when the broker does. */
    private static final String RECONNECT = "reconnectAttempts=-1&initialConnectAttempts=-1&retryInterval=200"
            + "&retryIntervalMultiplier=1.5&maxRetryInterval=2000&callTimeout=10000";

    private Brokers() {
    }

    public static ActiveMQConnectionFactory connectionFactory(String brokerUrl, String user, String password) {
        String url = brokerUrl + (brokerUrl.contains("?") ? "&" : "?") + RECONNECT;
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        if (user != null && !user.isEmpty()) {
            factory.setUser(user);
            factory.setPassword(password);
        }
        return factory;
    }
}
