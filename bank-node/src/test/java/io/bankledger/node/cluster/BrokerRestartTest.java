package io.bankledger.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bankledger.node.testing.TestClient;
import io.bankledger.node.testing.TestCluster;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The broker restarts (same journal, same port): the nodes reconnect by themselves, a request that
 * was sent while no node could take it survives in the journal and is executed, and the cluster
 * serves new requests.
 */
class BrokerRestartTest {

    @Test
    void nodesReconnectAndPersistentRequestsSurviveABrokerRestart() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            cluster.awaitLeader(Duration.ofSeconds(20));
            try (TestClient client = new TestClient(cluster.brokerUrl())) {
                assertEquals(Status.OK, call(client, Commands.open("br-a", "BRL")).status());
                assertEquals(Status.OK, call(client, Commands.deposit("br-a", 100)).status());
            }

            // A request waits in the journal while no node is there to take it.
            for (int nodeId : cluster.memberIds()) {
                cluster.stopNode(nodeId);
            }
            Command waiting = Commands.deposit("br-a", 1_000);
            try (TestClient client = new TestClient(cluster.brokerUrl())) {
                client.sendWithoutReplyTo(waiting.commandId(), Commands.json(waiting));
            }

            cluster.restartBroker();
            for (int nodeId : cluster.memberIds()) {
                cluster.startNode(nodeId);
            }
            cluster.awaitLeader(Duration.ofSeconds(20));

            // And the nodes of a running cluster reconnect by themselves after a second restart.
            cluster.restartBroker();

            try (TestClient client = new TestClient(cluster.brokerUrl())) {
                Reply status = call(client, new Command.GetStatus(Commands.id(), waiting.commandId()));
                assertEquals(Status.OK, status.status(), "the journaled request was executed: " + status);
                Reply deposit = call(client, Commands.deposit("br-a", 23));
                assertEquals(Status.OK, deposit.status(), deposit.toString());
                Reply balance = call(client, new Command.GetBalance(Commands.id(), "br-a"));
                assertEquals(1_123, balance.account().balanceMinor());
            }
            cluster.awaitConvergence(Duration.ofSeconds(30));
        }
    }

    private static Reply call(TestClient client, Command command) throws Exception {
        CompletableFuture<Reply> reply = client.send(command.commandId(), Commands.json(command));
        return reply.get(60, TimeUnit.SECONDS);
    }
}
