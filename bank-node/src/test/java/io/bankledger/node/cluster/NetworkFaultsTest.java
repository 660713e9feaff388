package io.bankledger.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.node.runtime.BankNode;
import io.bankledger.node.testing.TestClient;
import io.bankledger.node.testing.TestCluster;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real transport under lost, duplicated, delayed and partitioned Paxos messages (the fault
 * injector of the node's transport): commands still succeed once a majority can talk, and every
 * node ends on the same hash head.
 */
class NetworkFaultsTest {

    private TestCluster cluster;
    private TestClient client;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = TestCluster.start(3, true);
        cluster.awaitLeader(Duration.ofSeconds(20));
        client = new TestClient(cluster.brokerUrl());
        assertEquals(Status.OK, call(Commands.open("nf-a", "BRL")).status());
        assertEquals(Status.OK, call(Commands.open("nf-b", "BRL")).status());
        assertEquals(Status.OK, call(Commands.deposit("nf-a", 1_000_000)).status());
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private Reply call(Command command) throws Exception {
        return client.call(command, Duration.ofSeconds(60));
    }

    @Test
    void lossDuplicationAndDelayDoNotChangeTheOutcome() throws Exception {
        cluster.injectFaults("{\"target\":\"all\",\"drop\":0.2,\"duplicate\":0.2,\"delayMsMax\":30}");
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Command transfer = Commands.transfer("nf-a", "nf-b", 1);
            replies.add(client.send(transfer.commandId(), Commands.json(transfer)));
        }
        for (CompletableFuture<Reply> reply : replies) {
            assertEquals(Status.OK, reply.get(120, TimeUnit.SECONDS).status());
        }
        cluster.injectFaults("{\"target\":\"all\",\"heal\":true}");
        cluster.awaitConvergence(Duration.ofSeconds(60));
        assertEquals(100, call(new Command.GetBalance(Commands.id(), "nf-b")).account().balanceMinor());
        assertSameHashHead();
    }

    @Test
    void anIsolatedLeaderIsReplacedAndCatchesUpAfterTheHeal() throws Exception {
        BankNode leader = cluster.awaitLeader(Duration.ofSeconds(10));
        List<Integer> others = cluster.memberIds().stream().filter(id -> id != leader.nodeId()).toList();
        cluster.injectFaults("{\"target\":" + leader.nodeId() + ",\"blockedPeers\":" + others + "}");
        for (int other : others) {
            cluster.injectFaults("{\"target\":" + other + ",\"blockedPeers\":[" + leader.nodeId() + "]}");
        }
        TestCluster.await(Duration.ofSeconds(20), "a new leader among " + others, () -> cluster.runningNodes()
                .stream().anyMatch(node -> node.nodeId() != leader.nodeId() && node.status().leader()));

        // Requests the isolated node takes from the queue wait for the heal; the others commit.
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Command transfer = Commands.transfer("nf-a", "nf-b", 1);
            replies.add(client.send(transfer.commandId(), Commands.json(transfer)));
        }
        TestCluster.await(Duration.ofSeconds(30), "some transfers to commit during the partition",
                () -> replies.stream().anyMatch(CompletableFuture::isDone));

        cluster.injectFaults("{\"target\":\"all\",\"heal\":true}");
        for (CompletableFuture<Reply> reply : replies) {
            assertEquals(Status.OK, reply.get(60, TimeUnit.SECONDS).status());
        }
        cluster.awaitConvergence(Duration.ofSeconds(60));
        assertEquals(30, call(new Command.GetBalance(Commands.id(), "nf-b")).account().balanceMinor());
        assertSameHashHead();
        BankNode newLeader = cluster.awaitLeader(Duration.ofSeconds(10));
        assertTrue(cluster.runningNodes().size() == 3);
        assertNotEquals(-1, newLeader.nodeId());
    }

    private void assertSameHashHead() {
        var heads = cluster.runningNodes().stream().map(node -> node.store().progress().lastHash())
                .collect(Collectors.toSet());
        assertEquals(1, heads.size(), heads.toString());
    }
}
