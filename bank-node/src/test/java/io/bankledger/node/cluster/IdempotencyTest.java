package io.bankledger.node.cluster;

import io.bankledger.node.dev.BrokerUsers;
import io.bankledger.node.runtime.BankNode;
import io.bankledger.node.testing.PrometheusText;
import io.bankledger.node.testing.TestCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.protocol.Command;
import io.bankledger.protocol.Destinations;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import io.bankledger.protocol.Status;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A commandId is the idempotency key for ever: sent three times, and redelivered by the broker
 * after a consumer died holding it, a deposit moves money once and every reply is the same.
 */
class IdempotencyTest extends SharedClusterTest {

    @BeforeAll
    static void setUpAccounts() throws Exception {
        assertEquals(Status.OK, call(Commands.open("idem-acct", "BRL")).status());
        assertEquals(Status.OK, call(Commands.open("idem-case", "BRL")).status());
    }

    @Test
    void theSameCommandSentThreeTimesIsAppliedOnceAndAnsweredAlike() throws Exception {
        Command deposit = Commands.deposit("idem-acct", 300);
        Reply first = call(deposit);
        Reply second = call(deposit);
        Reply third = call(deposit);

        assertEquals(Status.OK, first.status());
        assertEquals(ReplyCodec.encode(first), ReplyCodec.encode(second));
        assertEquals(ReplyCodec.encode(first), ReplyCodec.encode(third));
        cluster.awaitConvergence(Duration.ofSeconds(10));
        for (int nodeId : cluster.memberIds()) {
            assertEquals(1, eventsOf(nodeId, deposit.commandId()), "node " + nodeId);
        }
        assertEquals(300, call(new Command.GetBalance(Commands.id(), "idem-acct")).account().balanceMinor());
    }

    @Test
    void aRetryOfACommandWhoseOutcomeLeftMemoryIsAnsweredFromTheStore() throws Exception {
        double asked = retryAfterTheOutcomeLeftMemory("idem-case", Commands::id);
        assertTrue(asked >= 3 * OUTCOMES_IN_MEMORY * cluster.memberIds().size(),
                "an id without a time is looked up on every node: " + asked);
    }

    /**
     * The same with time-ordered ids (V12): new ones are known new without a look-up, and the
     * retry, made before the outcomes that left memory, is still looked up.
     */
    @Test
    void aRetryOfATimeOrderedCommandWhoseOutcomeLeftMemoryIsAnsweredFromTheStore() throws Exception {
        assertEquals(Status.OK, call(Commands.open("idem-time", "BRL")).status());
        assertEquals(0, retryAfterTheOutcomeLeftMemory("idem-time", Commands::timeOrderedId),
                "new time-ordered ids made after every forgotten one are not looked up");
    }

    /**
     * A deposit, then enough others that its outcome leaves every node's memory, then its retry
     * and a status query: both answered with the first outcome, read from each node's store.
     * Returns the ids the nodes looked up in their stores for the other deposits.
     */
    private static double retryAfterTheOutcomeLeftMemory(String account, Supplier<String> ids) throws Exception {
        Command deposit = new Command.Deposit(ids.get(), account, 11);
        Reply first = call(deposit);
        assertEquals(Status.OK, first.status(), first.toString());
        cluster.awaitConvergence(Duration.ofSeconds(10));
        double askedBefore = outcomesLookedUp("");
        for (int i = 0; i < 3 * OUTCOMES_IN_MEMORY; i++) {
            assertEquals(Status.OK, call(new Command.Deposit(ids.get(), account, 1)).status());
        }
        // A follower may still be applying (it holds a group's new outcomes until its store commit).
        cluster.awaitConvergence(Duration.ofSeconds(10));
        double askedForOthers = outcomesLookedUp("") - askedBefore;
        // Outcomes of the last group stay until the node sees it written (within its idle wake-up).
        for (BankNode node : cluster.runningNodes()) {
            TestCluster.await(Duration.ofSeconds(5), "node " + node.nodeId() + " back at its bound of outcomes",
                    () -> PrometheusText.sum(node.metrics().scrape(), "bank_outcomes_cached", "") <= OUTCOMES_IN_MEMORY);
            assertEquals(OUTCOMES_IN_MEMORY, PrometheusText.sum(node.metrics().scrape(), "bank_outcomes_cached", ""),
                    "a node holds as many outcomes as its bound, no more");
        }
        long balance = call(new Command.GetBalance(Commands.id(), account)).account().balanceMinor();

        double foundBefore = outcomesLookedUp("found=\"true\"");
        Reply retry = call(deposit);
        assertEquals(ReplyCodec.encode(first), ReplyCodec.encode(retry));
        Reply status = call(new Command.GetStatus(Commands.id(), deposit.commandId()));
        assertEquals(ReplyCodec.encode(first), ReplyCodec.encode(status.outcome()));
        assertEquals(balance, call(new Command.GetBalance(Commands.id(), account)).account().balanceMinor());
        cluster.awaitConvergence(Duration.ofSeconds(10));
        for (int nodeId : cluster.memberIds()) {
            assertEquals(1, eventsOf(nodeId, deposit.commandId()), "node " + nodeId);
        }
        // The retry's outcome was read from each node's store, then held again: the status query
        // that followed found it in memory.
        assertEquals(cluster.memberIds().size(), outcomesLookedUp("found=\"true\"") - foundBefore,
                "every node read the retried outcome from its store once");
        return askedForOthers;
    }

    /** Ids looked up in the stores of all running nodes, those matching {@code label} ("" for all). */
    private static double outcomesLookedUp(String label) {
        double found = 0;
        for (BankNode node : cluster.runningNodes()) {
            found += PrometheusText.sum(node.metrics().scrape(), "bank_outcomes_lookups_total", label);
        }
        return found;
    }

    @Test
    void aRequestRedeliveredAfterItsConsumerDiedIsAppliedOnce() throws Exception {
        long before = call(new Command.GetBalance(Commands.id(), "idem-acct")).account().balanceMinor();
        for (int nodeId : cluster.memberIds()) {
            cluster.stopNode(nodeId);
        }
        Command deposit = Commands.deposit("idem-acct", 55);
        var firstReply = client.send(deposit.commandId(), Commands.json(deposit));

        // A consumer takes the request and dies before acknowledging it.
        try (Connection doomed = new ActiveMQConnectionFactory(cluster.brokerUrl()).createConnection(
                BrokerUsers.nodeUser(1), BrokerUsers.DEV_NODE_PASSWORD)) {
            doomed.start();
            Session session = doomed.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(Destinations.REQUESTS));
            Message taken = consumer.receive(10_000);
            assertNotNull(taken, "the request was on the queue");
            assertEquals(deposit.commandId(), taken.getJMSCorrelationID());
        }

        for (int nodeId : cluster.memberIds()) {
            cluster.startNode(nodeId);
        }
        Reply first = firstReply.get(60, TimeUnit.SECONDS);
        assertEquals(Status.OK, first.status(), first.toString());
        Reply retry = call(deposit);
        assertEquals(ReplyCodec.encode(first), ReplyCodec.encode(retry));

        cluster.awaitConvergence(Duration.ofSeconds(20));
        for (int nodeId : cluster.memberIds()) {
            assertEquals(1, eventsOf(nodeId, deposit.commandId()), "node " + nodeId);
        }
        long after = call(new Command.GetBalance(Commands.id(), "idem-acct")).account().balanceMinor();
        assertEquals(before + 55, after);
        assertTrue(cluster.runningNodes().stream().mapToLong(n -> n.intake().redeliveredCount()).sum() >= 1,
                "one node received the request as a redelivery");
    }

    @Test
    void aRetryThatSpellsTheCommandIdInOtherCaseIsTheSameCommand() throws Exception {
        String id = Commands.id();
        // A client that writes UUIDs in upper case, and a retry in lower case: one UUID, one command.
        // Before the ledger read commandIds in lower case, the retry was a second command whose uuid
        // PostgreSQL refused as a duplicate, and every node stopped applying.
        String upperId = id.toUpperCase(Locale.ROOT);
        var upperReply = client.send(upperId, "{\"type\":\"deposit\",\"commandId\":\"" + upperId
                + "\",\"accountId\":\"idem-case\",\"amountMinor\":7}");
        Command lower = new Command.Deposit(id.toLowerCase(Locale.ROOT), "idem-case", 7);
        Reply first = upperReply.get(30, TimeUnit.SECONDS);
        Reply retry = call(lower);
        assertEquals(Status.OK, first.status(), first.toString());
        assertEquals(ReplyCodec.encode(first), ReplyCodec.encode(retry));
        cluster.awaitConvergence(Duration.ofSeconds(10));
        for (int nodeId : cluster.memberIds()) {
            assertEquals(1, eventsOf(nodeId, lower.commandId()), "node " + nodeId);
        }
        assertEquals(id.toLowerCase(Locale.ROOT), first.commandId(), "the body carries the canonical form");
        assertEquals(7, call(new Command.GetBalance(Commands.id(), "idem-case")).account().balanceMinor());
        Reply status = call(new Command.GetStatus(Commands.id(), upperId));
        assertEquals(ReplyCodec.encode(first), ReplyCodec.encode(status.outcome()));
    }
}
