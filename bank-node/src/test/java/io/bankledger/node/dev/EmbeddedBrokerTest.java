package io.bankledger.node.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.node.testing.TestBroker;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.impl.AddressInfo;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.Sender;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker is a real Artemis broker configured by the project's broker.xml: persistent
 * queues, topics, and the AMQP 1.0 and STOMP protocols that non-Java services use, each used with
 * the broker login and role the real system uses.
 */
class EmbeddedBrokerTest {

    private static final long RECEIVE_TIMEOUT_MS = 10_000;

    /** Each test speaks with the login the real system would use: clients send, nodes consume. */
    private static final String NODE_USER = BrokerUsers.nodeUser(1);
    private static final String NODE_PASSWORD = BrokerUsers.DEV_NODE_PASSWORD;

    private final EmbeddedBroker broker = TestBroker.shared();

    private Connection connect(String user, String password) throws Exception {
        Connection connection = new ActiveMQConnectionFactory(broker.url()).createConnection(user, password);
        connection.start();
        return connection;
    }

    @Test
    void requestQueueIsPreCreatedAsAnycast() {
        AddressInfo requests = broker.delegate().getActiveMQServer().getAddressInfo(SimpleString.of("bank.requests"));
        assertNotNull(requests, "bank.requests exists before anyone uses it");
        assertTrue(requests.getRoutingTypes().contains(RoutingType.ANYCAST), requests.getRoutingTypes().toString());
    }

    @Test
    void persistentMessageSentToTheRequestQueueIsReceived() throws Exception {
        String correlation = UUID.randomUUID().toString();
        try (Connection client = connect(BrokerUsers.DEV_CLIENT_USER, BrokerUsers.DEV_CLIENT_PASSWORD);
             Connection node = connect(NODE_USER, NODE_PASSWORD)) {
            Session session = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue("bank.requests");
            MessageProducer producer = session.createProducer(queue);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            TextMessage sent = session.createTextMessage("{\"type\":\"deposit\"}");
            sent.setJMSCorrelationID(correlation);
            producer.send(sent);

            Session nodeSession = node.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = nodeSession.createConsumer(queue, "JMSCorrelationID = '" + correlation + "'");
            Message received = consumer.receive(RECEIVE_TIMEOUT_MS);
            assertInstanceOf(TextMessage.class, received);
            assertEquals("{\"type\":\"deposit\"}", ((TextMessage) received).getText());
            assertEquals(correlation, received.getJMSCorrelationID());
            assertEquals(DeliveryMode.PERSISTENT, received.getJMSDeliveryMode());
            received.acknowledge();
        }
    }

    @Test
    void topicDeliversEveryMessageToEachSubscriber() throws Exception {
        try (Connection reader = connect(BrokerUsers.DEV_READER_USER, BrokerUsers.DEV_READER_PASSWORD);
             Connection node = connect(NODE_USER, NODE_PASSWORD)) {
            Session session = reader.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic("bank.events");
            MessageConsumer first = session.createConsumer(topic);
            MessageConsumer second = session.createConsumer(topic);

            Session nodeSession = node.createSession(false, Session.AUTO_ACKNOWLEDGE);
            nodeSession.createProducer(topic).send(nodeSession.createTextMessage("event-1"));

            assertEquals("event-1", ((TextMessage) first.receive(RECEIVE_TIMEOUT_MS)).getText());
            assertEquals("event-1", ((TextMessage) second.receive(RECEIVE_TIMEOUT_MS)).getText());
        }
    }

    @Test
    void amqpClientMessageArrivesAsJmsTextMessageWithCorrelationAndReplyTo() throws Exception {
        String correlation = "amqp-" + UUID.randomUUID();
        String body = "{\"type\":\"get-balance\",\"commandId\":\"" + UUID.randomUUID() + "\",\"accountId\":\"alice\"}";
        try (Connection connection = connect(NODE_USER, NODE_PASSWORD)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("bank.requests"),
                    "JMSCorrelationID = '" + correlation + "'");

            try (Client client = Client.create();
                 org.apache.qpid.protonj2.client.Connection amqp = client.connect("127.0.0.1", broker.port(),
                         new ConnectionOptions().user(BrokerUsers.DEV_CLIENT_USER).password(BrokerUsers.DEV_CLIENT_PASSWORD));
                 Sender sender = amqp.openSender("bank.requests")) {
                org.apache.qpid.protonj2.client.Message<String> message =
                        org.apache.qpid.protonj2.client.Message.create(body);
                message.correlationId(correlation);
                message.replyTo("test.replies.amqp");
                message.durable(true);
                sender.send(message).awaitSettlement();
            }

            Message received = consumer.receive(RECEIVE_TIMEOUT_MS);
            assertInstanceOf(TextMessage.class, received, "an AMQP string body is a JMS TextMessage");
            assertEquals(body, ((TextMessage) received).getText());
            assertEquals(correlation, received.getJMSCorrelationID());
            assertNotNull(received.getJMSReplyTo(), "the AMQP reply-to is a JMS destination");
        }
    }

    @Test
    void stompFrameArrivesAsJmsTextMessage() throws Exception {
        String correlation = "stomp-" + UUID.randomUUID();
        String body = "{\"type\":\"deposit\",\"accountId\":\"bob\",\"amountMinor\":5}";
        try (Connection connection = connect(NODE_USER, NODE_PASSWORD)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("bank.requests"),
                    "JMSCorrelationID = '" + correlation + "'");

            try (Socket socket = new Socket("127.0.0.1", broker.port())) {
                socket.setSoTimeout((int) RECEIVE_TIMEOUT_MS);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(frame("CONNECT\naccept-version:1.2\nhost:127.0.0.1\nlogin:" + NODE_USER + "\npasscode:" + NODE_PASSWORD + "\n\n"));
                out.flush();
                String connected = readFrame(in);
                assertTrue(connected.startsWith("CONNECTED"), connected);
                out.write(frame("SEND\ndestination:bank.requests\ndestination-type:ANYCAST\n"
                        + "correlation-id:" + correlation + "\nreceipt:r1\n\n" + body));
                out.flush();
                String receipt = readFrame(in);
                assertTrue(receipt.startsWith("RECEIPT"), receipt);
            }

            Message received = consumer.receive(RECEIVE_TIMEOUT_MS);
            assertInstanceOf(TextMessage.class, received, "a STOMP frame without content-length is text");
            assertEquals(body, ((TextMessage) received).getText());
            assertEquals(correlation, received.getJMSCorrelationID());
        }
    }

    private static byte[] frame(String text) {
        byte[] bytes = (text + "\0").getBytes(StandardCharsets.UTF_8);
        return bytes;
    }

    private static String readFrame(InputStream in) throws Exception {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == 0) {
                break;
            }
            frame.write(b);
        }
        return frame.toString(StandardCharsets.UTF_8).stripLeading();
    }
}
