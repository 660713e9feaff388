package io.bankledger.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.bankledger.node.dev.BrokerUsers;
import io.bankledger.node.runtime.BankNode;
import io.bankledger.node.testing.TestClient;
import io.bankledger.node.testing.TestCluster;
import io.bankledger.node.transport.EventPublisher;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import io.bankledger.protocol.CommittedEvent;
import io.bankledger.protocol.Destinations;
import io.bankledger.protocol.EventCodec;
import io.bankledger.protocol.EventHash;
import io.bankledger.protocol.Status;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * Committed events reach a follower of {@code bank.events} (the reader login): one message per
 * event, in seq order without gaps, with the seq and type properties, a body that decodes to the
 * event and chains to the one before, ending at the nodes' hash head; single commands and client
 * batches alike. While nobody follows the topic, nothing is published.
 */
class EventsTopicTest {

    private static final CommandCodec CODEC = new CommandCodec();

    @Test
    void aFollowerSeesEveryCommittedEventInOrder() throws Exception {
        try (TestCluster cluster = TestCluster.start(3);
             TestClient client = new TestClient(cluster.brokerUrl());
             Connection reader = new ActiveMQConnectionFactory(cluster.brokerUrl())
                     .createConnection(BrokerUsers.DEV_READER_USER, BrokerUsers.DEV_READER_PASSWORD)) {
            cluster.awaitLeader(Duration.ofSeconds(20));
            client.call(Commands.open("ev-unseen", "BRL"), Duration.ofSeconds(30));
            cluster.awaitConvergence(Duration.ofSeconds(20));
            // The leader's applier hands the event to the publisher after it has sent the reply,
            // so the client can see the reply first: wait for the publisher to have had its turn.
            TestCluster.await(Duration.ofSeconds(10), "the leader's publisher to see the event",
                    () -> sum(cluster, EventPublisher::skippedCount) + sum(cluster, EventPublisher::publishedCount) > 0);
            assertEquals(0, sum(cluster, EventPublisher::publishedCount), "nobody follows the topic yet");
            assertEquals(1, sum(cluster, EventPublisher::skippedCount), "the leader skipped the event");

            Session session = reader.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer events = session.createConsumer(session.createTopic(Destinations.EVENTS));
            reader.start();
            // The publisher looks for followers at most once per SUBSCRIBER_CHECK_MS (documented).
            Thread.sleep(EventPublisher.SUBSCRIBER_CHECK_MS + 200);

            List<Command> singles = List.of(Commands.open("ev-a", "BRL"), Commands.open("ev-b", "BRL"),
                    Commands.deposit("ev-a", 500), Commands.withdraw("ev-b", 1));
            for (Command command : singles) {
                client.call(command, Duration.ofSeconds(30));
            }
            List<Command> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                batch.add(Commands.transfer("ev-a", "ev-b", 5));
            }
            String batchId = Commands.id();
            client.sendForBody(batchId, CODEC.encodeBatch(batchId, batch)).get(60, TimeUnit.SECONDS);
            List<Command> sent = new ArrayList<>(singles);
            sent.addAll(batch);

            List<CommittedEvent> received = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                Message message = events.receive(10_000);
                assertNotNull(message, "event " + (i + 1) + " of " + sent.size() + " published");
                CommittedEvent event = EventCodec.fromJson(((TextMessage) message).getText());
                assertEquals(event.seq(), message.getLongProperty(Destinations.EVENT_SEQ_PROPERTY));
                assertEquals(event.type(), message.getStringProperty(Destinations.EVENT_TYPE_PROPERTY));
                assertEquals(event.commandId(), message.getJMSCorrelationID());
                received.add(event);
            }
            for (int i = 0; i < received.size(); i++) {
                CommittedEvent event = received.get(i);
                assertEquals(sent.get(i).commandId(), event.commandId(), "event " + i + " is for command " + i);
                if (i > 0) {
                    assertEquals(received.get(i - 1).seq() + 1, event.seq(), "no gap in seq");
                    assertEquals(received.get(i - 1).hash(), event.prevHash(), "the chain holds");
                }
                assertEquals(event.hash(), EventHash.compute(event.prevHash(), event.seq(), event.slot(),
                        event.commandId(), event.type(), event.timestampMs(), event.event().canonicalJson()));
            }
            assertEquals("CommandRejected", received.get(3).type(), "a rejection is an event too");
            cluster.awaitConvergence(Duration.ofSeconds(20));
            for (BankNode node : cluster.runningNodes()) {
                assertEquals(received.get(received.size() - 1).hash(), node.status().lastHash(), "node " + node.nodeId());
            }
            assertEquals(null, events.receive(500), "nothing published twice");
            assertEquals(sent.size(), sum(cluster, EventPublisher::publishedCount));
            assertEquals(Status.OK, client.call(new Command.GetBalance(Commands.id(), "ev-b"), Duration.ofSeconds(30)).status());
        }
    }

    private static long sum(TestCluster cluster, java.util.function.ToLongFunction<EventPublisher> counter) {
        return cluster.runningNodes().stream().mapToLong(node -> counter.applyAsLong(node.events())).sum();
    }
}
