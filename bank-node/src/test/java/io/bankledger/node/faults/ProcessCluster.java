package io.bankledger.node.faults;

import io.bankledger.node.dev.BrokerUsers;
import io.bankledger.node.store.NodeStore;
import io.bankledger.node.store.ProjectionCheck;
import io.bankledger.node.testing.PrometheusText;
import io.bankledger.node.testing.TestBroker;
import io.bankledger.node.testing.TestCluster;
import io.bankledger.protocol.NodeStatusView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;

/**
 * A cluster of real processes: the Artemis broker in its own JVM ({@code bank-node broker}), each
 * bank node in its own JVM ({@code bank-node run --fault-injection}) with its own PostgreSQL
 * server ({@link NodeDatabase}, in this JVM), everything under one run directory
 * ({@code target/faults/run-...}: broker journal, database files, one log per process).
 *
 * <p>What it can do to them: kill -9, pause/resume (SIGSTOP/SIGCONT) and restart a node; kill -9
 * the broker and start it again on the same journal; kill -9 a node's PostgreSQL and start it
 * again (the node fail-stops on its next write and is started again too); lose, duplicate and
 * delay Paxos messages; partition nodes from each other (isolate one, the leader too, or any
 * split such as 2|1 or 2|2|1), then heal. Fault rules live in the nodes' memory only, so a
 * restarted node is sent its rules again.
 *
 * <p>Reusable outside the fault test (benchmarks): {@link #start}, {@link #brokerUrl},
 * {@link #close}.
 */
public final class ProcessCluster implements AutoCloseable {

    private static final String MAIN = "io.bankledger.node.BankNodeMain";

    /**
     * How the child JVMs run. {@link #faultTests()}: small heaps and the quick JIT (the whole
     * cluster shares two cores in CI), nodes obey fault injection. {@link #benchmark()}: the
     * default JIT and bigger heaps, no fault injection, as an operator would run them.
     */
    /** Outcomes a node of the fault run keeps in memory. */
    static final int FAULT_RUN_OUTCOME_CACHE = 256;

    public record Options(List<String> nodeJvm, List<String> brokerJvm, boolean faultInjection) {
        public static Options faultTests() {
            return new Options(ChildJvm.SMALL_JVM, List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-XX:-UsePerfData"), true);
        }

        /**
         * The node JVMs' options of {@link #benchmark()}. The parallel collector with a 1 GB heap, rather
         * than the serial one with 512 MB: at the maximum rates a node's decided groups and apply
         * statement survive young collections, and the serial collector paused each node for 5% of a run
         * (benchmarks/HISTORY.md, session 16).
         */
        public static final List<String> BENCHMARK_NODE_JVM =
                List.of("-Xmx1g", "-XX:+UseParallelGC", "-Djava.net.preferIPv4Stack=true");

        public static Options benchmark() {
            return benchmark(BENCHMARK_NODE_JVM);
        }

        /** {@link #benchmark()} with other options for the node JVMs (a collector to compare, say). */
        public static Options benchmark(List<String> nodeJvm) {
            return new Options(List.copyOf(nodeJvm), List.of("-Xmx768m", "-XX:+UseSerialGC"), false);
        }
    }

    private final Options options;

    private final Path runDirectory;
    private final List<Integer> memberIds;
    private final int brokerPort;
    private final ChildProcess broker;
    private final Map<Integer, NodeDatabase> databases = new LinkedHashMap<>();
    private final Map<Integer, ChildProcess> nodes = new LinkedHashMap<>();
    /** The fault rules in force per node (control JSON), re-sent to a node that restarts. */
    private final Map<Integer, String> rules = new HashMap<>();
    private final ControlChannel control;
    private final Thread killChildrenOnExit;

    private ProcessCluster(Path runDirectory, List<Integer> memberIds, Options options) throws IOException {
        this.options = options;
        this.runDirectory = runDirectory;
        this.memberIds = memberIds;
        this.brokerPort = TestBroker.freePort();
        this.broker = new ChildProcess("broker", ChildJvm.command(
                options.brokerJvm(), MAIN,
                List.of("broker", "--data-dir", runDirectory.resolve("broker").toString(), "--port",
                        Integer.toString(brokerPort))), Map.of(), runDirectory.resolve("broker.log"));
        this.control = new ControlChannel(brokerUrl());
        this.killChildrenOnExit = new Thread(this::killEverything, "process-cluster-cleanup");
        Runtime.getRuntime().addShutdownHook(killChildrenOnExit);
    }

    /** Starts the broker, {@code nodeCount} databases and nodes, and waits for a leader. */
    public static ProcessCluster start(int nodeCount, Path runDirectory) throws Exception {
        return start(nodeCount, runDirectory, Options.faultTests());
    }

    /** As {@link #start(int, Path)}, with the child JVMs run as {@code options} say. */
    public static ProcessCluster start(int nodeCount, Path runDirectory, Options options) throws Exception {
        Files.createDirectories(runDirectory);
        ProcessCluster cluster = new ProcessCluster(runDirectory,
                IntStream.rangeClosed(1, nodeCount).boxed().toList(), options);
        try {
            cluster.startBroker();
            for (int id : cluster.memberIds) {
                NodeDatabase database = new NodeDatabase(id, runDirectory.resolve("pg-" + id), TestBroker.freePort());
                database.start();
                cluster.databases.put(id, database);
                cluster.nodes.put(id, cluster.nodeProcess(id, database));
            }
            for (int id : cluster.memberIds) {
                cluster.nodes.get(id).start();
            }
            cluster.awaitAllAnswering(Duration.ofSeconds(90));
            cluster.awaitLeader(Duration.ofSeconds(30));
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private ChildProcess nodeProcess(int id, NodeDatabase database) {
        String peers = memberIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        List<String> args = new ArrayList<>(List.of("run",
                "--node-id", Integer.toString(id), "--peers", peers, "--broker-url", brokerUrl(),
                "--jdbc-url", database.jdbcUrl(), "--db-user", NodeDatabase.NODE_USER, "--metrics-port", "0"));
        if (options.faultInjection()) {
            // Few outcomes in memory: the clients' retries after a fault are mostly answered from
            // the store, the path a long-running node takes.
            args.addAll(List.of("--fault-injection", "--outcome-cache=" + FAULT_RUN_OUTCOME_CACHE));
        } else {
            args.add("--pending-max=10000");
        }
        return new ChildProcess("node-" + id, ChildJvm.command(options.nodeJvm(), MAIN, args),
                // Secrets by environment, as in production: flags show in ps.
                Map.of("BANK_DB_PASSWORD", NodeDatabase.NODE_PASSWORD, "BANK_BROKER_USER", BrokerUsers.nodeUser(id),
                        "BANK_BROKER_PASSWORD", BrokerUsers.DEV_NODE_PASSWORD),
                runDirectory.resolve("node-" + id + ".log"));
    }

    public String brokerUrl() {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    public List<Integer> memberIds() {
        return memberIds;
    }

    public Path runDirectory() {
        return runDirectory;
    }

    /** Process ids by role, for measuring them: broker, node-N, postgres-N (the postmaster). */
    public Map<String, Long> processIds() throws IOException {
        Map<String, Long> ids = new LinkedHashMap<>();
        ids.put("broker", broker.pid());
        nodes.forEach((id, node) -> ids.put("node-" + id, node.pid()));
        for (Map.Entry<Integer, NodeDatabase> database : databases.entrySet()) {
            ids.put("postgres-" + database.getKey(), database.getValue().postmasterPid());
        }
        return ids;
    }

    public Path nodeLog(int nodeId) {
        return nodes.get(nodeId).logFile();
    }

    // ---------------------------------------------------------------- status

    /** Status of every node that answers within a second. */
    public Map<Integer, NodeStatusView> statuses() {
        return control.statuses(memberIds, 1_000);
    }

    /**
     * The leader a majority of answering nodes agree on and that says it leads; empty while
     * there is none (election, broker down, partition without majority).
     */
    public Optional<Integer> leader() {
        Map<Integer, NodeStatusView> statuses = statuses();
        Map<Integer, Long> votes = statuses.values().stream().filter(view -> view.leaderId() > 0)
                .collect(Collectors.groupingBy(NodeStatusView::leaderId, Collectors.counting()));
        int majority = memberIds.size() / 2 + 1;
        return votes.entrySet().stream()
                .filter(vote -> vote.getValue() >= majority)
                .map(Map.Entry::getKey)
                .filter(id -> statuses.containsKey(id) && "LEADER".equals(statuses.get(id).role()))
                .findFirst();
    }

    public int awaitLeader(Duration timeout) {
        Integer[] found = new Integer[1];
        await(timeout, "a leader a majority agrees on", () -> {
            found[0] = leader().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    public List<Integer> followers(int leaderId) {
        return memberIds.stream().filter(id -> id != leaderId).toList();
    }

    public void awaitAllAnswering(Duration timeout) {
        await(timeout, "every node to answer on its admin queue", () -> statuses().size() == memberIds.size());
    }

    public void awaitAnswering(int nodeId, Duration timeout) {
        await(timeout, "node " + nodeId + " to answer on its admin queue",
                () -> control.statuses(List.of(nodeId), 1_000).containsKey(nodeId));
    }

    /** Every node answers, none FAILED, all at the same last seq and hash head. */
    public void awaitConvergence(Duration timeout) {
        Map<?, ?>[] last = new Map<?, ?>[1];
        try {
            await(timeout, "every node at the same last seq and hash head, past every slot any node knows chosen", () -> {
                Map<Integer, NodeStatusView> statuses = statuses();
                last[0] = statuses;
                // Nodes answer once a slot is chosen, before their own store commits it.
                long chosen = statuses.values().stream().mapToLong(NodeStatusView::commitIndex).max().orElse(0);
                return statuses.size() == memberIds.size()
                        && statuses.values().stream().noneMatch(view -> "FAILED".equals(view.role()))
                        && statuses.values().stream().map(NodeStatusView::lastSeq).distinct().count() == 1
                        && statuses.values().stream().map(NodeStatusView::lastHash).distinct().count() == 1
                        && statuses.values().stream().allMatch(view -> view.appliedSlot() >= chosen);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last statuses: " + last[0], e);
        }
    }

    // ---------------------------------------------------------------- node faults

    public void killNode(int nodeId) throws InterruptedException {
        nodes.get(nodeId).kill();
    }

    public void pauseNode(int nodeId) {
        nodes.get(nodeId).pause();
    }

    public void resumeNode(int nodeId) {
        nodes.get(nodeId).resume();
    }

    public boolean nodeAlive(int nodeId) {
        return nodes.get(nodeId).alive();
    }

    /** The exit status of a node process that ended by itself (3: it fail-stopped), else null. */
    public Integer nodeExitValue(int nodeId) {
        return nodes.get(nodeId).exitValue();
    }

    /** Starts a node that is not running (killed, or stopped by itself) and re-sends its fault rules. */
    public void startNode(int nodeId, Duration answerTimeout) throws Exception {
        nodes.get(nodeId).start();
        awaitAnswering(nodeId, answerTimeout);
        String rule = rules.get(nodeId);
        if (rule != null) {
            sendControl(rule);
        }
    }

    // ---------------------------------------------------------------- broker and database faults

    public void killBroker() throws InterruptedException {
        broker.kill();
    }

    /** Starts the broker (again) on its journal and waits until it says it is up. */
    public void startBroker() throws Exception {
        broker.start();
        await(Duration.ofSeconds(60), "the broker to say it is up", () -> {
            try {
                if (!broker.alive()) {
                    throw new IllegalStateException("the broker exited: see " + broker.logFile());
                }
                return broker.outputSinceStart().contains("broker up at");
            } catch (IOException e) {
                return false;
            }
        });
    }

    public void killDatabase(int nodeId) throws Exception {
        databases.get(nodeId).kill();
    }

    public void startDatabase(int nodeId) throws Exception {
        databases.get(nodeId).start();
    }

    public boolean databaseRunning(int nodeId) {
        return databases.get(nodeId).running();
    }

    /** The owner's data source of node {@code nodeId}'s database, for reading its server's statistics. */
    public DataSource databaseAdmin(int nodeId) {
        return databases.get(nodeId).admin();
    }

    // ---------------------------------------------------------------- network faults

    /** Cuts {@code nodeId} off from every peer, both ways; returns when the cut was sent (see {@link #partition}). */
    public long isolate(int nodeId) throws Exception {
        List<List<Integer>> groups = new ArrayList<>();
        groups.add(List.of(nodeId));
        groups.add(followers(nodeId));
        return partition(groups);
    }

    /**
     * Each node hears only the nodes of its own group, e.g. [[1,2],[3]] or [[1,2],[3,4],[5]].
     * Returns the time (epoch ms) at which every node's rule had been published once: from
     * then on the partition is in force, give or take a delivery.
     */
    public long partition(List<List<Integer>> groups) throws Exception {
        Map<Integer, List<Integer>> groupOf = new HashMap<>();
        groups.forEach(group -> group.forEach(id -> groupOf.put(id, group)));
        if (!groupOf.keySet().equals(new java.util.HashSet<>(memberIds))) {
            throw new IllegalArgumentException("groups " + groups + " do not cover the members " + memberIds);
        }
        List<String> controls = new ArrayList<>();
        for (int id : memberIds) {
            List<Integer> blocked = memberIds.stream().filter(peer -> !groupOf.get(id).contains(peer)).toList();
            String rule = "{\"target\":" + id + ",\"blockedPeers\":" + blocked + "}";
            rules.put(id, rule);
            controls.add(rule);
        }
        return sendControls(controls);
    }

    /** Loses, duplicates and delays (reordering) Paxos messages between {@code nodeIds}' senders. */
    public void messageFaults(List<Integer> nodeIds, double drop, double duplicate, long delayMsMax) throws Exception {
        List<String> controls = new ArrayList<>();
        for (int id : nodeIds) {
            String rule = "{\"target\":" + id + ",\"drop\":" + drop + ",\"duplicate\":" + duplicate
                    + ",\"delayMsMax\":" + delayMsMax + "}";
            rules.put(id, rule);
            controls.add(rule);
        }
        sendControls(controls);
    }

    /** Removes every network fault. */
    public void heal() throws Exception {
        rules.clear();
        sendControl("{\"target\":\"all\",\"heal\":true}");
    }

    private void sendControl(String controlJson) throws Exception {
        sendControls(List.of(controlJson));
    }

    /**
     * Rules are whole and idempotent: all are sent, then all again a moment later, in case a node
     * was reconnecting to the broker when the first copy went by (a non-persistent topic message
     * is not kept for a subscriber that is away).
     */
    private long sendControls(List<String> controls) throws Exception {
        long firstCopySentAt = 0;
        for (int copy = 0; copy < 2; copy++) {
            for (String controlJson : controls) {
                publishWithRetry(controlJson);
            }
            if (copy == 0) {
                firstCopySentAt = System.currentTimeMillis();
            }
            Thread.sleep(100);
        }
        return firstCopySentAt;
    }

    private void publishWithRetry(String controlJson) throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                control.publishFault(controlJson);
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(250);
            }
        }
        throw last;
    }

    // ---------------------------------------------------------------- reading the logs

    /**
     * A counter of node {@code nodeId}'s /metrics since its last start: the sum of the samples of
     * {@code metric} whose labels contain {@code label}.
     */
    public double metric(int nodeId, String metric, String label) throws Exception {
        return PrometheusText.sum(metricsText(nodeId), metric, label);
    }

    /** Node {@code nodeId}'s /metrics page (its URL is in the line the node prints when it runs). */
    public String metricsText(int nodeId) throws Exception {
        java.util.regex.Matcher url = java.util.regex.Pattern.compile("metrics (http://\\S+/metrics)")
                .matcher(nodes.get(nodeId).outputSinceStart());
        if (!url.find()) {
            throw new IllegalStateException("node " + nodeId + " printed no metrics URL");
        }
        return java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url.group(1))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Everything the checker needs from one node's database (read as the owner). */
    public NodeSnapshot snapshot(int nodeId) throws Exception {
        DataSource admin = databases.get(nodeId).admin();
        List<LoggedEvent> events = new ArrayList<>();
        Map<String, NodeSnapshot.Balance> balances = new HashMap<>();
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("""
                    SELECT seq, slot, command_id::text, type, payload_canonical,
                           (extract(epoch FROM event_time) * 1000)::bigint, encode(prev_hash, 'hex'), encode(hash, 'hex')
                    FROM events ORDER BY seq""")) {
                while (rows.next()) {
                    events.add(new LoggedEvent(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getLong(6), rows.getString(7), rows.getString(8)));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT account_id, currency, balance_minor FROM accounts")) {
                while (rows.next()) {
                    balances.put(rows.getString(1), new NodeSnapshot.Balance(rows.getString(1), rows.getString(2),
                            rows.getLong(3)));
                }
            }
        }
        ProjectionCheck rebuild = new NodeStore(admin).rebuildProjections();
        return new NodeSnapshot(nodeId, events, balances, rebuild.matches(), rebuild.toString());
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void close() {
        killEverything();
        try {
            Runtime.getRuntime().removeShutdownHook(killChildrenOnExit);
        } catch (IllegalStateException ignored) {
            // Already shutting down.
        }
    }

    private synchronized void killEverything() {
        for (ChildProcess node : nodes.values()) {
            try {
                node.kill();
            } catch (Exception ignored) {
                // Best effort: the next one must still be killed.
            }
        }
        try {
            broker.kill();
        } catch (Exception ignored) {
            // Best effort.
        }
        for (NodeDatabase database : databases.values()) {
            try {
                database.close();
            } catch (Exception ignored) {
                // Best effort.
            }
        }
    }

    /** Polls {@code condition} every 100 ms until it holds or {@code timeout} passes; then fails with {@code what}. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        TestCluster.await(timeout, what, condition);
    }
}
