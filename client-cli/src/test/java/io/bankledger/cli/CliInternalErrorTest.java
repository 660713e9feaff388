package io.bankledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.node.dev.BrokerUsers;
import io.bankledger.node.testing.TestBroker;
import io.bankledger.protocol.Destinations;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit code 4: an answer the CLI cannot make sense of is an internal error, reported as such
 * (one line, "please report it"), never mistaken for an outcome. A stand-in node answers one
 * chosen commandId with a body that is not a reply.
 */
class CliInternalErrorTest {

    @Test
    void anUnreadableReplyIsAnInternalError(@TempDir Path home) throws Exception {
        String brokerUrl = TestBroker.shared().url();
        String commandId = UUID.randomUUID().toString();
        try (Connection node = new ActiveMQConnectionFactory(brokerUrl)
                .createConnection(BrokerUsers.nodeUser(1), BrokerUsers.DEV_NODE_PASSWORD)) {
            Session session = node.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(null);
            // Only this test's command: other tests on the shared broker rely on nobody answering.
            MessageConsumer consumer = session.createConsumer(session.createQueue(Destinations.REQUESTS),
                    "JMSCorrelationID = '" + commandId + "'");
            consumer.setMessageListener(message -> {
                try {
                    TextMessage garbage = session.createTextMessage("<html>not a reply</html>");
                    garbage.setJMSCorrelationID(message.getJMSCorrelationID());
                    producer.send(message.getJMSReplyTo(), garbage);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            node.start();

            CliRunner.Run run = new CliRunner(Map.of("BANK_BROKER_URL", brokerUrl), home)
                    .run("deposit", "alice", "--minor", "100", "--command-id", commandId, "--timeout", "10s");

            assertEquals(ExitCodes.INTERNAL, run.code(), run.toString());
            assertTrue(run.err().startsWith("bank: internal error"), run.toString());
            assertTrue(run.err().contains("please report it"), run.toString());
            assertEquals(1, run.err().strip().lines().count(), run.toString());
        }
    }
}
