package io.bankledger.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A flood of requests slows intake down instead of growing memory: each node holds at most its
 * configured number of pending requests, the rest wait in the broker's journal, and every request
 * is still answered.
 */
class FloodTest {

    private static final int PENDING_MAX = 40;
    private static final int REQUESTS = 3_000;

    @Test
    void pendingRequestsStayWithinTheBoundWhileTheBrokerHoldsTheRest() throws Exception {
        try (TestCluster cluster = TestCluster.start(3, false, config -> config.withPendingMax(PENDING_MAX));
             TestClient client = new TestClient(cluster.brokerUrl())) {
            cluster.awaitLeader(Duration.ofSeconds(20));
            Command open = Commands.open("flood", "BRL");
            assertEquals(Status.OK, client.send(open.commandId(), Commands.json(open)).get(30, TimeUnit.SECONDS).status());

            AtomicInteger highestPending = new AtomicInteger();
            Thread watcher = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (BankNode node : cluster.runningNodes()) {
                        highestPending.accumulateAndGet(node.intake().pending(), Math::max);
                    }
                    try {
                        Thread.sleep(0, 200_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "pending-watcher");
            watcher.start();
            // One transaction: the whole flood is in the queue before any node takes from it, so
            // the bound is reached however fast the nodes are.
            List<Command> deposits = new ArrayList<>(REQUESTS);
            for (int i = 0; i < REQUESTS; i++) {
                deposits.add(Commands.deposit("flood", 1));
            }
            List<CompletableFuture<Reply>> replies = client.sendAllAtOnce(deposits);
            for (CompletableFuture<Reply> reply : replies) {
                assertEquals(Status.OK, reply.get(5, TimeUnit.MINUTES).status());
            }
            watcher.interrupt();
            watcher.join();

            System.out.println("[flood] " + REQUESTS + " requests, highest pending on one node " + highestPending.get()
                    + " (bound " + PENDING_MAX + ")");
            assertTrue(highestPending.get() <= PENDING_MAX, "pending " + highestPending.get() + " > " + PENDING_MAX);
            assertTrue(highestPending.get() > PENDING_MAX / 2, "the flood reached the bound: " + highestPending.get());
            Command read = new Command.GetBalance(Commands.id(), "flood");
            Reply balance = client.send(read.commandId(), Commands.json(read)).get(30, TimeUnit.SECONDS);
            assertEquals(REQUESTS, balance.account().balanceMinor(), "every deposit applied exactly once");
        }
    }
}
