package io.bankledger.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.node.runtime.BankNode;
import io.bankledger.node.testing.TestClient;
import io.bankledger.node.testing.TestCluster;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reason;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.Status;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * 3 nodes, 20 concurrent clients, 10,000 random commands over 100 accounts (transfers that must
 * be rejected included): every command gets exactly one reply, every node ends with the same event
 * log and the same balances, money is conserved and no balance is negative.
 */
class ConcurrentWorkloadTest {

    private static final int CLIENTS = 20;
    private static final int COMMANDS = 10_000;
    private static final int ACCOUNTS = 100;
    private static final int IN_FLIGHT_PER_CLIENT = 8;
    private static final long SEED = Long.getLong("workload.seed", 20261126L);

    @Test
    void tenThousandRandomCommandsFromTwentyClients() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            cluster.awaitLeader(Duration.ofSeconds(20));
            List<String> accounts = new ArrayList<>();
            try (TestClient setup = new TestClient(cluster.brokerUrl())) {
                for (int i = 0; i < ACCOUNTS; i++) {
                    String id = "w-" + i;
                    accounts.add(id);
                    // One account in ten is in euros, so some transfers must be rejected for currency.
                    Command open = Commands.open(id, i % 10 == 9 ? "EUR" : "BRL");
                    assertEquals(Status.OK, setup.send(open.commandId(), Commands.json(open)).get(30, TimeUnit.SECONDS).status());
                }
            }

            Map<String, AtomicLong> netDeposits = new TreeMap<>();
            netDeposits.put("BRL", new AtomicLong());
            netDeposits.put("EUR", new AtomicLong());
            Map<Status, AtomicLong> byStatus = new EnumMap<>(Status.class);
            Map<Reason, AtomicLong> byReason = new EnumMap<>(Reason.class);
            for (Status status : Status.values()) {
                byStatus.put(status, new AtomicLong());
            }
            for (Reason reason : Reason.values()) {
                byReason.put(reason, new AtomicLong());
            }

            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<List<String>>> perClient = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int clientIndex = c;
                perClient.add(pool.submit(() -> runClient(cluster, accounts, clientIndex, netDeposits, byStatus, byReason)));
            }
            long commandsSent = 0;
            for (Future<List<String>> f : perClient) {
                commandsSent += f.get(10, TimeUnit.MINUTES).size();
            }
            pool.shutdown();
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("[workload] %d commands from %d clients in %d ms (%.0f/s); status %s; reasons %s%n",
                    commandsSent, CLIENTS, elapsedMs, commandsSent * 1000.0 / elapsedMs, byStatus, nonZero(byReason));
            assertEquals(COMMANDS, commandsSent);
            assertTrue(byReason.get(Reason.INSUFFICIENT_FUNDS).get() > 0, "some transfers had to be rejected");
            assertTrue(byReason.get(Reason.CURRENCY_MISMATCH).get() > 0, "some transfers crossed currencies");
            assertEquals(0, byStatus.get(Status.INVALID).get());

            cluster.awaitConvergence(Duration.ofSeconds(60));
            Map<String, Long> reference = null;
            String referenceHash = null;
            for (BankNode node : cluster.runningNodes()) {
                Map<String, Long> balances = balances(cluster, node.nodeId());
                assertEquals(ACCOUNTS, balances.size());
                balances.values().forEach(balance -> assertTrue(balance >= 0, "negative balance"));
                Map<String, Long> totals = totalsByCurrency(cluster, node.nodeId());
                for (Map.Entry<String, AtomicLong> expected : netDeposits.entrySet()) {
                    assertEquals(expected.getValue().get(), totals.getOrDefault(expected.getKey(), 0L),
                            "node " + node.nodeId() + ": sum of " + expected.getKey()
                                    + " balances = deposits - withdrawals");
                }
                if (reference == null) {
                    reference = balances;
                    referenceHash = node.status().lastHash();
                } else {
                    assertEquals(reference, balances, "node " + node.nodeId() + " balances");
                    assertEquals(referenceHash, node.status().lastHash(), "node " + node.nodeId() + " hash head");
                }
                assertTrue(node.store().rebuildProjections().matches(), "node " + node.nodeId());
            }
        }
    }

    private static List<String> runClient(TestCluster cluster, List<String> accounts, int clientIndex,
                                          Map<String, AtomicLong> netDeposits, Map<Status, AtomicLong> byStatus,
                                          Map<Reason, AtomicLong> byReason) throws Exception {
        Random random = new Random(SEED * 31 + clientIndex);
        int count = COMMANDS / CLIENTS;
        List<String> sent = new ArrayList<>(count);
        Semaphore window = new Semaphore(IN_FLIGHT_PER_CLIENT);
        List<CompletableFuture<Reply>> futures = new ArrayList<>(count);
        try (TestClient client = new TestClient(cluster.brokerUrl())) {
            for (int i = 0; i < count; i++) {
                Command command = randomCommand(random, accounts);
                window.acquire();
                CompletableFuture<Reply> future = client.send(command.commandId(), Commands.json(command));
                sent.add(command.commandId());
                futures.add(future.whenComplete((reply, error) -> {
                    window.release();
                    if (reply != null) {
                        record(command, reply, accounts, netDeposits, byStatus, byReason);
                    }
                }));
            }
            for (CompletableFuture<Reply> future : futures) {
                future.get(2, TimeUnit.MINUTES);
            }
            // Every command got exactly one reply: no command answered twice, none left unanswered.
            Map<String, Integer> replies = new HashMap<>();
            client.received().forEach(reply -> replies.merge(reply.commandId(), 1, Integer::sum));
            assertEquals(count, replies.size(), "client " + clientIndex + " distinct replies");
            replies.forEach((id, n) -> assertEquals(1, n, "replies to " + id));
            assertTrue(replies.keySet().containsAll(sent));
        }
        return sent;
    }

    private static Command randomCommand(Random random, List<String> accounts) {
        String a = accounts.get(random.nextInt(accounts.size()));
        String b = accounts.get(random.nextInt(accounts.size()));
        int dice = random.nextInt(100);
        if (dice < 20) {
            return Commands.deposit(a, 1 + random.nextInt(10_000));
        } else if (dice < 35) {
            return Commands.withdraw(a, 1 + random.nextInt(8_000));
        } else if (dice < 85) {
            // Large amounts are there to be refused for insufficient funds.
            long amount = random.nextInt(10) == 0 ? 1_000_000 + random.nextInt(1_000) : 1 + random.nextInt(3_000);
            return Commands.transfer(a, b, amount);
        } else if (dice < 95) {
            return new Command.GetBalance(Commands.id(), a);
        } else {
            return new Command.GetHistory(Commands.id(), a, 0, 10);
        }
    }

    private static void record(Command command, Reply reply, List<String> accounts,
                               Map<String, AtomicLong> netDeposits, Map<Status, AtomicLong> byStatus,
                               Map<Reason, AtomicLong> byReason) {
        byStatus.get(reply.status()).incrementAndGet();
        if (reply.reason() != null) {
            byReason.get(reply.reason()).incrementAndGet();
        }
        if (reply.status() != Status.OK) {
            return;
        }
        if (command instanceof Command.Deposit deposit) {
            netDeposits.get(reply.account().currency()).addAndGet(deposit.amountMinor());
        } else if (command instanceof Command.Withdraw withdraw) {
            netDeposits.get(reply.account().currency()).addAndGet(-withdraw.amountMinor());
        }
    }

    private static Map<String, Long> balances(TestCluster cluster, int nodeId) throws Exception {
        Map<String, Long> balances = new TreeMap<>();
        try (Connection connection = cluster.database(nodeId).reader().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT account_id, balance_minor FROM reporting.balances")) {
            while (rows.next()) {
                balances.put(rows.getString(1), rows.getLong(2));
            }
        }
        return balances;
    }

    private static Map<String, Long> totalsByCurrency(TestCluster cluster, int nodeId) throws Exception {
        Map<String, Long> totals = new TreeMap<>();
        try (Connection connection = cluster.database(nodeId).reader().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT currency, sum(balance_minor) FROM reporting.balances GROUP BY currency")) {
            while (rows.next()) {
                totals.put(rows.getString(1), rows.getLong(2));
            }
        }
        return totals;
    }

    private static Map<Reason, Long> nonZero(Map<Reason, AtomicLong> counts) {
        Map<Reason, Long> result = new TreeMap<>();
        counts.forEach((reason, count) -> {
            if (count.get() > 0) {
                result.put(reason, count.get());
            }
        });
        return result;
    }
}
