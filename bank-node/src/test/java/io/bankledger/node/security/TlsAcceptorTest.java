package io.bankledger.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bankledger.node.dev.BrokerUsers;
import io.bankledger.node.dev.EmbeddedBroker;
import io.bankledger.node.testing.TestBroker;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional TLS acceptor: a client that trusts the broker's certificate talks over TLS. */
class TlsAcceptorTest {

    private static final String STORE_PASSWORD = "changeit-tls";

    @Test
    void aClientConnectsOverTlsAndARequestGoesThrough(@TempDir Path directory) throws Exception {
        Path keyStore = directory.resolve("broker.p12");
        Path certificate = directory.resolve("broker.crt");
        Path trustStore = directory.resolve("client-trust.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", STORE_PASSWORD);

        int plainPort = TestBroker.freePort();
        int tlsPort = TestBroker.freePort();
        while (tlsPort == plainPort) {
            // Nothing holds a port between the two look-ups, so both can name the same one.
            tlsPort = TestBroker.freePort();
        }
        try (EmbeddedBroker broker = new EmbeddedBroker(directory.resolve("journal"), plainPort,
                new EmbeddedBroker.Tls(tlsPort, keyStore, STORE_PASSWORD)).start()) {
            String tlsUrl = "tcp://127.0.0.1:" + tlsPort + "?sslEnabled=true&trustStoreType=PKCS12&trustStorePath="
                    + trustStore + "&trustStorePassword=" + STORE_PASSWORD;
            String correlation = UUID.randomUUID().toString();
            try (Connection client = new ActiveMQConnectionFactory(tlsUrl)
                    .createConnection(BrokerUsers.DEV_CLIENT_USER, BrokerUsers.DEV_CLIENT_PASSWORD);
                 Connection node = new ActiveMQConnectionFactory(tlsUrl)
                         .createConnection(BrokerUsers.nodeUser(1), BrokerUsers.DEV_NODE_PASSWORD)) {
                node.start();
                Session session = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
                TextMessage request = session.createTextMessage("{\"type\":\"get-status\"}");
                request.setJMSCorrelationID(correlation);
                session.createProducer(session.createQueue("bank.requests")).send(request);

                Session nodeSession = node.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = nodeSession.createConsumer(nodeSession.createQueue("bank.requests"),
                        "JMSCorrelationID = '" + correlation + "'");
                TextMessage received = (TextMessage) consumer.receive(10_000);
                assertEquals("{\"type\":\"get-status\"}", received.getText());
            }

            // Without the broker's certificate in its trust store, a client cannot connect.
            String untrusting = "tcp://127.0.0.1:" + tlsPort + "?sslEnabled=true&reconnectAttempts=0";
            assertThrows(JMSException.class, () -> new ActiveMQConnectionFactory(untrusting)
                    .createConnection(BrokerUsers.DEV_CLIENT_USER, BrokerUsers.DEV_CLIENT_PASSWORD).close());
        }
    }

    private static void keytool(String... args) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
