package io.bankledger.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.node.runtime.BankNode;
import io.bankledger.node.testing.TestClient;
import io.bankledger.node.testing.TestCluster;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** After a workload, every node's /metrics shows the documented meters with sane values. */
class MetricsEndpointTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final CommandCodec CODEC = new CommandCodec();

    @Test
    void metricsAndHealthAfterAWorkload() throws Exception {
        try (TestCluster cluster = TestCluster.start(3); TestClient client = new TestClient(cluster.brokerUrl())) {
            cluster.awaitLeader(Duration.ofSeconds(20));
            send(client, new Command.OpenAccount(id(), "m-a", "Ann", "BRL"));
            send(client, new Command.OpenAccount(id(), "m-b", "Bob", "BRL"));
            send(client, new Command.Deposit(id(), "m-a", 1_000));
            for (int i = 0; i < 20; i++) {
                send(client, new Command.Transfer(id(), "m-a", "m-b", 10));
            }
            assertEquals(Status.REJECTED, send(client, new Command.Withdraw(id(), "m-b", 1_000_000)).status());
            assertEquals(Status.INVALID, client.send("bad", "{oops").get(20, TimeUnit.SECONDS).status());
            cluster.awaitConvergence(Duration.ofSeconds(20));

            long deadLettered = 0;
            long taken = 0;
            long messages = 0;
            long committedHere = 0;
            for (BankNode node : cluster.runningNodes()) {
                String metrics = get(node, "/metrics").body();
                assertTrue(value(metrics, "bank_commands_applied_total", "status=\"OK\",type=\"transfer\"") >= 20,
                        "node " + node.nodeId() + " applied the transfers");
                assertEquals(1, value(metrics, "bank_commands_applied_total",
                        "reason=\"INSUFFICIENT_FUNDS\",status=\"REJECTED\",type=\"withdraw\""), 0.0);
                assertTrue(value(metrics, "bank_slots_applied_total", "") >= 1);
                assertTrue(value(metrics, "bank_batch_commands_count", "") >= 1);
                assertTrue(value(metrics, "bank_store_write_seconds_count", "kind=\"apply\"") >= 1);
                assertTrue(value(metrics, "bank_store_write_seconds_count", "kind=\"acceptor\"") >= 1);
                assertTrue(value(metrics, "bank_paxos_messages_total", "direction=\"in\"") >= 1,
                        "node " + node.nodeId() + " received Paxos messages");
                assertEquals(0, value(metrics, "bank_applied_lag_slots", ""), 0.0);
                assertTrue(metrics.contains("bank_leader_changes_total"));
                assertTrue(metrics.contains("bank_requests_redelivered_total"));
                deadLettered += (long) value(metrics, "bank_requests_dead_lettered_total", "");
                taken += (long) value(metrics, "bank_requests_taken_total", "");
                messages += (long) value(metrics, "bank_requests_messages_total", "");
                committedHere += (long) value(metrics, "bank_commit_latency_seconds_count", "");
                assertEquals(200, get(node, "/health/live").statusCode());
                assertEquals(200, get(node, "/health/ready").statusCode(), get(node, "/health/ready").body());
            }
            assertEquals(1, deadLettered, "the bad request was dead-lettered by exactly one node");
            assertEquals(24, taken, "every valid request was taken by exactly one node");
            assertEquals(25, messages, "each of the 25 messages, the bad one too, was taken by exactly one node");
            assertTrue(committedHere >= 20, "the node that took each transfer timed its commit: " + committedHere);
            BankNode leader = cluster.awaitLeader(Duration.ofSeconds(5));
            String leaderMetrics = get(leader, "/metrics").body();
            assertTrue(value(leaderMetrics, "bank_paxos_messages_total", "direction=\"out\",type=\"Accept\"") >= 1);
            assertEquals(1, value(leaderMetrics, "bank_leader", ""), 0.0);
        }
    }

    private static Reply send(TestClient client, Command command) throws Exception {
        return client.send(command.commandId(), CODEC.encode(command)).get(20, TimeUnit.SECONDS);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static HttpResponse<String> get(BankNode node, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.metricsPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sum of the samples of {@code name} whose labels include each of the comma-separated
     * {@code labels}.
     */
    private static double value(String exposition, String name, String labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(exposition);
        double sum = 0;
        boolean found = false;
        while (matcher.find()) {
            if (java.util.Arrays.stream(labels.split(",")).allMatch(matcher.group(1)::contains)) {
                sum += Double.parseDouble(matcher.group(2));
                found = true;
            }
        }
        if (!found) {
            throw new AssertionError("no sample of " + name + "{" + labels + "} in:\n" + exposition);
        }
        return sum;
    }
}
