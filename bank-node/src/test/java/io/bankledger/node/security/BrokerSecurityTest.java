package io.bankledger.node.security;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.node.dev.BrokerUsers;
import io.bankledger.node.runtime.BankNode;
import io.bankledger.node.testing.TestCluster;
import io.bankledger.paxos.Ballot;
import io.bankledger.paxos.message.Heartbeat;
import io.bankledger.paxos.message.PaxosCodec;
import io.bankledger.protocol.Destinations;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Broker security as ARCHITECTURE.md and broker.xml define it: no anonymous access; clients may
 * only send requests (and status questions) and read their replies; only nodes speak Paxos; and a
 * node drops a Paxos message whose sender login is not the node it claims to be.
 */
class BrokerSecurityTest {

    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(3);
        cluster.awaitLeader(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ActiveMQConnectionFactory factory() {
        return new ActiveMQConnectionFactory(cluster.brokerUrl());
    }

    @Test
    void anonymousAndWrongPasswordConnectionsAreRefused() {
        assertThrows(JMSSecurityException.class, () -> factory().createConnection().close());
        assertThrows(JMSSecurityException.class,
                () -> factory().createConnection(BrokerUsers.DEV_CLIENT_USER, "not-the-password").close());
    }

    @Test
    void aClientCannotPublishToANodeTopicNorConsumeRequests() throws Exception {
        try (Connection client = factory().createConnection(BrokerUsers.DEV_CLIENT_USER, BrokerUsers.DEV_CLIENT_PASSWORD)) {
            Session session = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createTopic(Destinations.nodeTopic(1)));
            // A persistent send waits for the broker's answer, so a refusal surfaces here.
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            JMSException refused = assertThrows(JMSException.class,
                    () -> producer.send(session.createBytesMessage()));
            assertSecurity(refused);
            assertSecurity(assertThrows(JMSException.class,
                    () -> session.createConsumer(session.createQueue(Destinations.REQUESTS))));
            assertSecurity(assertThrows(JMSException.class,
                    () -> session.createConsumer(session.createTopic(Destinations.nodeTopic(2)))));
        }
    }

    @Test
    void aReaderCanFollowEventsButNotSendCommands() throws Exception {
        try (Connection reader = factory().createConnection(BrokerUsers.DEV_READER_USER, BrokerUsers.DEV_READER_PASSWORD)) {
            Session session = reader.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createTopic(Destinations.EVENTS)).close();
            MessageProducer producer = session.createProducer(session.createQueue(Destinations.REQUESTS));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            assertSecurity(assertThrows(JMSException.class, () -> producer.send(session.createTextMessage("{}"))));
        }
    }

    @Test
    void aPaxosMessageFromTheWrongLoginIsDroppedAndCounted() throws Exception {
        BankNode target = cluster.runningNodes().stream().filter(node -> node.nodeId() == 3).findFirst().orElseThrow();
        long forgeriesBefore = forgeries(target);
        // Node 1's login claims to be node 2: a node that lies about its id, or stolen credentials.
        try (Connection node1 = factory().createConnection(BrokerUsers.nodeUser(1), BrokerUsers.DEV_NODE_PASSWORD)) {
            Session session = node1.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createTopic(Destinations.nodeTopic(3)));
            BytesMessage forged = session.createBytesMessage();
            forged.writeBytes(PaxosCodec.encode(new Heartbeat(2, new Ballot(1_000_000, 2), 1_000_000)));
            producer.send(forged);
        }
        TestCluster.await(Duration.ofSeconds(10), "node 3 to count the forgery",
                () -> forgeries(target) > forgeriesBefore);
        assertTrue(target.status().ballot().length() > 0);
        assertTrue(!target.status().ballot().contains("1000000"), "the forged ballot was not taken: "
                + target.status().ballot());
    }

    private static long forgeries(BankNode node) {
        String metrics = node.metrics().scrape();
        return metrics.lines().filter(line -> line.startsWith("bank_paxos_forgeries_total"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static void assertSecurity(JMSException refused) {
        Throwable cause = refused;
        while (cause != null && !(cause instanceof JMSSecurityException)
                && !String.valueOf(cause.getMessage()).contains("AMQ229")) {
            cause = cause.getCause();
        }
        assertTrue(cause != null, "expected a security refusal, got " + refused);
    }
}
