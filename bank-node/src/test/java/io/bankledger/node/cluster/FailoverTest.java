package io.bankledger.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.node.runtime.BankNode;
import io.bankledger.node.runtime.NodeStatus;
import io.bankledger.node.store.ProjectionCheck;
import io.bankledger.node.testing.TestClient;
import io.bankledger.node.testing.TestCluster;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.Status;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A minority of nodes can stop: the others go on, and a node that comes back catches up from its
 * peers to the same hash head. Losing the leader costs an election, not an outcome.
 */
class FailoverTest {

    private TestCluster cluster;
    private TestClient client;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = TestCluster.start(3);
        cluster.awaitLeader(Duration.ofSeconds(20));
        client = new TestClient(cluster.brokerUrl());
        assertEquals(Status.OK, call(Commands.open("fo-a", "BRL")).status());
        assertEquals(Status.OK, call(Commands.open("fo-b", "BRL")).status());
        assertEquals(Status.OK, call(Commands.deposit("fo-a", 1_000_000)).status());
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
        return client.call(command, Duration.ofSeconds(30));
    }

    private void transfers(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            Reply reply = call(Commands.transfer("fo-a", "fo-b", 1));
            assertEquals(Status.OK, reply.status(), reply.toString());
        }
    }

    @Test
    void aStoppedFollowerCatchesUpToTheSameHashHead() throws Exception {
        BankNode leader = cluster.awaitLeader(Duration.ofSeconds(10));
        int follower = cluster.memberIds().stream().filter(id -> id != leader.nodeId()).findFirst().orElseThrow();

        cluster.stopNode(follower);
        transfers(150);
        cluster.startNode(follower);

        cluster.awaitConvergence(Duration.ofSeconds(30));
        assertSameLogEverywhere();
        Reply b = call(new Command.GetBalance(Commands.id(), "fo-b"));
        assertEquals(150, b.account().balanceMinor());
    }

    @Test
    void whenTheLeaderStopsAnotherTakesOverAndCommandsKeepSucceeding() throws Exception {
        BankNode oldLeader = cluster.awaitLeader(Duration.ofSeconds(10));
        transfers(20);

        long stoppedAt = System.nanoTime();
        cluster.stopNode(oldLeader.nodeId());
        Reply afterFailover = call(Commands.transfer("fo-a", "fo-b", 1));
        long failoverMs = (System.nanoTime() - stoppedAt) / 1_000_000;
        assertEquals(Status.OK, afterFailover.status());
        System.out.println("[failover] leader " + oldLeader.nodeId() + " stopped; next transfer committed after "
                + failoverMs + " ms");

        BankNode newLeader = cluster.awaitLeader(Duration.ofSeconds(10));
        assertNotEquals(oldLeader.nodeId(), newLeader.nodeId());
        transfers(20);

        cluster.startNode(oldLeader.nodeId());
        cluster.awaitConvergence(Duration.ofSeconds(30));
        assertSameLogEverywhere();
        assertEquals(41, call(new Command.GetBalance(Commands.id(), "fo-b")).account().balanceMinor());
    }

    private void assertSameLogEverywhere() {
        NodeStatus reference = null;
        for (BankNode node : cluster.runningNodes()) {
            NodeStatus status = node.status();
            var progress = node.store().progress();
            assertEquals(status.lastSeq(), progress.lastSeq(), "the store holds what the node reports");
            assertEquals(status.lastHash(), progress.lastHash());
            if (reference == null) {
                reference = status;
            } else {
                assertEquals(reference.lastSeq(), status.lastSeq(), "node " + node.nodeId());
                assertEquals(reference.lastHash(), status.lastHash(), "node " + node.nodeId());
            }
            ProjectionCheck check = node.store().rebuildProjections();
            assertTrue(check.matches(), "node " + node.nodeId() + ": " + check);
        }
    }
}
