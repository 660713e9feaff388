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
 * queues, topics, and the AMQP 1.0 and STOMP protocols that non-Java services use.
 */
class EmbeddedBrokerTest {

    private static final long RECEIVE_TIMEOUT_MS = 10_000;

    private final EmbeddedBroker broker = TestBroker.shared();

    private Connection connect() throws Exception {
        Connection connection = new ActiveMQConnectionFactory(broker.url()).createConnection();
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
    void persistentMessageSentToAQueueIsReceived() throws Exception {
        String queueName = "test.queue." + UUID.randomUUID();
        try (Connection connection = connect()) {
            Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Queue queue = session.createQueue(queueName);
            MessageProducer producer = session.createProducer(queue);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            TextMessage sent = session.createTextMessage("{\"type\":\"deposit\"}");
            sent.setJMSCorrelationID("c-1");
            producer.send(sent);

            MessageConsumer consumer = session.createConsumer(queue);
            Message received = consumer.receive(RECEIVE_TIMEOUT_MS);
            assertInstanceOf(TextMessage.class, received);
            assertEquals("{\"type\":\"deposit\"}", ((TextMessage) received).getText());
            assertEquals("c-1", received.getJMSCorrelationID());
            assertEquals(DeliveryMode.PERSISTENT, received.getJMSDeliveryMode());
            received.acknowledge();
        }
    }

    @Test
    void topicDeliversEveryMessageToEachSubscriber() throws Exception {
        String topicName = "test.topic." + UUID.randomUUID();
        try (Connection connection = connect()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic(topicName);
            MessageConsumer first = session.createConsumer(topic);
            MessageConsumer second = session.createConsumer(topic);

            session.createProducer(topic).send(session.createTextMessage("event-1"));

            assertEquals("event-1", ((TextMessage) first.receive(RECEIVE_TIMEOUT_MS)).getText());
            assertEquals("event-1", ((TextMessage) second.receive(RECEIVE_TIMEOUT_MS)).getText());
        }
    }

    @Test
    void amqpClientMessageArrivesAsJmsTextMessageWithCorrelationAndReplyTo() throws Exception {
        String queueName = "test.amqp." + UUID.randomUUID();
        String body = "{\"type\":\"get-balance\",\"commandId\":\"" + UUID.randomUUID() + "\",\"accountId\":\"alice\"}";
        try (Connection connection = connect()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queueName));

            try (Client client = Client.create();
                 org.apache.qpid.protonj2.client.Connection amqp =
                         client.connect("127.0.0.1", broker.port(), new ConnectionOptions());
                 Sender sender = amqp.openSender(queueName)) {
                org.apache.qpid.protonj2.client.Message<String> message =
                        org.apache.qpid.protonj2.client.Message.create(body);
                message.correlationId("amqp-correlation");
                message.replyTo("test.replies.amqp");
                message.durable(true);
                sender.send(message).awaitSettlement();
            }

            Message received = consumer.receive(RECEIVE_TIMEOUT_MS);
            assertInstanceOf(TextMessage.class, received, "an AMQP string body is a JMS TextMessage");
            assertEquals(body, ((TextMessage) received).getText());
            assertEquals("amqp-correlation", received.getJMSCorrelationID());
            assertNotNull(received.getJMSReplyTo(), "the AMQP reply-to is a JMS destination");
        }
    }

    @Test
    void stompFrameArrivesAsJmsTextMessage() throws Exception {
        String queueName = "test.stomp." + UUID.randomUUID();
        String body = "{\"type\":\"deposit\",\"accountId\":\"bob\",\"amountMinor\":5}";
        try (Connection connection = connect()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queueName));

            try (Socket socket = new Socket("127.0.0.1", broker.port())) {
                socket.setSoTimeout((int) RECEIVE_TIMEOUT_MS);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(frame("CONNECT\naccept-version:1.2\nhost:127.0.0.1\n\n"));
                out.flush();
                String connected = readFrame(in);
                assertTrue(connected.startsWith("CONNECTED"), connected);
                out.write(frame("SEND\ndestination:" + queueName + "\ndestination-type:ANYCAST\n"
                        + "correlation-id:stomp-correlation\nreceipt:r1\n\n" + body));
                out.flush();
                String receipt = readFrame(in);
                assertTrue(receipt.startsWith("RECEIPT"), receipt);
            }

            Message received = consumer.receive(RECEIVE_TIMEOUT_MS);
            assertInstanceOf(TextMessage.class, received, "a STOMP frame without content-length is text");
            assertEquals(body, ((TextMessage) received).getText());
            assertEquals("stomp-correlation", received.getJMSCorrelationID());
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
