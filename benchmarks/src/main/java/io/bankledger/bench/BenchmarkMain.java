package io.bankledger.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bankledger.cli.client.BankClient;
import io.bankledger.cli.client.ConnectionSettings;
import io.bankledger.cli.load.AccountSetup;
import io.bankledger.cli.load.CommandSender;
import io.bankledger.node.dev.BrokerUsers;
import io.bankledger.node.dev.EmbeddedDatabaseServer;
import io.bankledger.node.faults.ProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The benchmark of BENCHMARKS.md: the same transfer workload, in one run on one machine, against
 * S (the 3-node cluster: broker and nodes as separate JVMs, each node on its own PostgreSQL with
 * fsync and synchronous_commit on, requests persistent) and B (one PostgreSQL with the same
 * settings, one transaction per transfer, from a pool sized for its best throughput). For each
 * system and mix: the maximum rate (closed loop, best of a concurrency sweep) and an open-loop run
 * at 70% of it; for the uniform mix also an unloaded run (a trickle of transfers, open loop), for
 * the latency of one transfer alone. S's client batches the commands waiting to be sent into one
 * message (as TigerBeetle's client library does); S1 is the same cluster with one message per
 * command. Writes target/benchmarks/results.json and prints a table.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "S (replicated cluster) against B (plain PostgreSQL), side by side.")
public final class BenchmarkMain implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "3", description = "Repetitions (default ${DEFAULT-VALUE}); medians are reported.")
    int runs;

    @Option(names = "--seconds", defaultValue = "20", description = "Length of each measured phase (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--sweep-seconds", defaultValue = "10", description = "Length of each sweep step (default ${DEFAULT-VALUE}).")
    int sweepSeconds;

    @Option(names = "--warmup-seconds", defaultValue = "60",
            description = "Unmeasured load before each system's phases of each mix, so that most JIT compilation is not "
                    + "measured (default ${DEFAULT-VALUE}; the nodes still compile after it: benchmarks/HISTORY.md, session 23).")
    int warmupSeconds;

    @Option(names = "--accounts", defaultValue = "10000", description = "Accounts of the uniform mix (default ${DEFAULT-VALUE}).")
    int accountCount;

    @Option(names = "--hot-accounts", defaultValue = "10", description = "Accounts of the hot mix (default ${DEFAULT-VALUE}).")
    int hotAccounts;

    @Option(names = "--baseline-pools", split = ",", defaultValue = "8,16,32",
            description = "Connection pool sizes tried for B (default ${DEFAULT-VALUE}).")
    List<Integer> baselinePools;

    @Option(names = "--cluster-concurrency", split = ",", defaultValue = "512,2048",
            description = "Requests in flight tried for S (default ${DEFAULT-VALUE}).")
    List<Integer> clusterConcurrency;

    @Option(names = "--single-concurrency", split = ",", defaultValue = "128,512",
            description = "Requests in flight tried for S1 (default ${DEFAULT-VALUE}).")
    List<Integer> singleConcurrency;

    @Option(names = "--client-batch", defaultValue = "1000",
            description = "Most commands S's client puts in one message (default ${DEFAULT-VALUE}).")
    int clientBatch;

    // Two sessions again since session 13: with the client's full-batch rule (a second message is in flight
    // only for a full batch) two sessions reached higher maxima than one in all six runs of the 3-run medians,
    // where one session left the machine's cores unused; at 70% their p99 was higher (benchmarks/HISTORY.md, "Session 13's medians").
    @Option(names = "--client-senders", defaultValue = "2",
            description = "Sending sessions of S's client; a second message is in flight only for a full batch"
                    + " (default ${DEFAULT-VALUE}).")
    int clientSenders;

    @Option(names = "--loads", split = ",", defaultValue = "70",
            description = "Open-loop phases after the maximum, each at this percentage of the system's own maximum rate, "
                    + "for latency against load (default ${DEFAULT-VALUE}; the goals are stated at 70).")
    List<Integer> loadPercents;

    @Option(names = "--rates", split = ",",
            description = "Open-loop rates in transfers/s, measured after the percentage loads and the same for every"
                    + " system and build, to compare CPU per transfer at equal work (default: none).")
    List<Integer> fixedRates = new ArrayList<>();

    @Option(names = "--unloaded-rate", defaultValue = "20",
            description = "Transfers per second of the unloaded phase (default ${DEFAULT-VALUE}).")
    double unloadedRate;

    @Option(names = "--systems", split = ",", defaultValue = "B,S",
            description = "Which systems, run in this order: B, B@fresh (B on tables created afresh before each pool"
                    + " size and its phases, as before session 25), S (client batching), S@N (S with N sending sessions instead of"
                    + " --client-senders, to compare two in one run), S1 (one message per command)"
                    + " (default ${DEFAULT-VALUE}).")
    List<String> systems;

    @Option(names = "--node-jvm", split = " ",
            description = "Options of S's node JVMs, space-separated, in place of the default (${DEFAULT-VALUE}).")
    List<String> nodeJvm = new ArrayList<>(ProcessCluster.Options.BENCHMARK_NODE_JVM);

    @Option(names = "--keep-data", description = "Keep each system's databases and broker journal after it ran.")
    boolean keepData;

    @Option(names = "--out", defaultValue = "target/benchmarks", description = "Where results go (default ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandSpec spec;

    private static final long FUND_MINOR = 100_000_000;

    /** B with its tables created afresh before each pool size and before its phases: B until session 25. */
    static final String FRESH_BASELINE = "B@fresh";

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        for (int percent : loadPercents) {
            if (percent < 1 || percent > 99) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--loads takes percentages of the maximum rate from 1 to 99: " + percent);
            }
        }
        for (String system : systems) {
            if (!isBaseline(system) && !system.equals("S1") && clusterSenders(system) < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--systems takes B, B@fresh, S, S@N with N from 1 to 64, and S1: " + system);
            }
        }
        Files.createDirectories(out);
        List<String> uniform = IntStream.range(0, accountCount).mapToObj(i -> "acct-" + i).toList();
        List<String> hot = uniform.subList(0, hotAccounts);
        List<Measurement> results = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            for (String system : systems) {
                if (isBaseline(system)) {
                    results.addAll(baseline(run, system, "uniform", uniform));
                    results.addAll(baseline(run, system, "hot", hot));
                } else {
                    results.addAll(cluster(run, system, uniform, hot));
                }
            }
            write(results);
        }
        Summary.print(results, System.out);
        Files.writeString(out.resolve("summary.md"), Summary.markdown(results));
        return 0;
    }

    static boolean isBaseline(String system) {
        return system.equals("B") || system.equals(FRESH_BASELINE);
    }

    /**
     * B: one PostgreSQL, durable, one transaction per transfer; the pool size that gives the most
     * wins. Its tables are created once per mix and kept through the warm-up, the sweep of pool
     * sizes and the phases, as S's stores are: each phase runs on the rows and the checkpoints the
     * ones before it left. {@link #FRESH_BASELINE} creates them afresh before each pool size and
     * before the phases, as every run before session 25 did, so that the two can be compared.
     */
    private List<Measurement> baseline(int run, String system, String mix, List<String> accounts) throws Exception {
        boolean fresh = system.equals(FRESH_BASELINE);
        Path directory = Files.createTempDirectory(out.toAbsolutePath(), "baseline-");
        List<Measurement> measured = new ArrayList<>();
        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(directory.resolve("pg"), 0, true)) {
            server.ensureDatabase("baseline");
            long postmaster = postmasterPid(directory.resolve("pg"));
            Map<String, Long> processes = Map.of("postgres", postmaster, "generator", ProcessHandle.current().pid());
            List<DataSource> servers = List.of(server.adminDataSource("baseline"));
            try (PostgresBaseline baseline = new PostgresBaseline(server.jdbcUrl("baseline"),
                    EmbeddedDatabaseServer.ADMIN_USER, "", baselinePools.get(0))) {
                baseline.setUp(allAccounts(), "BRL", FUND_MINOR);
                warmUp(system, mix, baseline, accounts, baselinePools.get(0), processes, null);
            }
            Measurement best = null;
            for (int pool : baselinePools) {
                try (PostgresBaseline baseline = new PostgresBaseline(server.jdbcUrl("baseline"),
                        EmbeddedDatabaseServer.ADMIN_USER, "", pool)) {
                    if (fresh) {
                        baseline.setUp(allAccounts(), "BRL", FUND_MINOR);
                    }
                    Measurement max = Phase.run(run, system, mix, "max", baseline, accounts, pool, null,
                            Duration.ofSeconds(sweepSeconds), processes, run, null, servers);
                    log(max);
                    if (best == null || max.committedPerSecond() > best.committedPerSecond()) {
                        best = max;
                    }
                    checkMoney(baseline.totalBalance(), allAccounts().size());
                }
            }
            measured.add(best);
            try (PostgresBaseline baseline = new PostgresBaseline(server.jdbcUrl("baseline"),
                    EmbeddedDatabaseServer.ADMIN_USER, "", best.concurrency())) {
                if (fresh) {
                    baseline.setUp(allAccounts(), "BRL", FUND_MINOR);
                }
                for (int percent : loadPercents) {
                    Measurement atLoad = Phase.run(run, system, mix, percent + "%", baseline, accounts,
                            best.concurrency(), best.committedPerSecond() * percent / 100, Duration.ofSeconds(seconds),
                            processes, loadSeed(run, percent), null, servers);
                    log(atLoad);
                    measured.add(atLoad);
                }
                for (int rate : fixedRates) {
                    Measurement atRate = Phase.run(run, system, mix, rate + "/s", baseline, accounts, best.concurrency(),
                            (double) rate, Duration.ofSeconds(seconds), processes, fixedRateSeed(run, rate), null, servers);
                    log(atRate);
                    measured.add(atRate);
                }
                if (mix.equals("uniform")) {
                    Measurement unloaded = Phase.run(run, system, mix, "unloaded", baseline, accounts,
                            best.concurrency(), unloadedRate, Duration.ofSeconds(sweepSeconds), processes, run + 200,
                            null, servers);
                    log(unloaded);
                    measured.add(unloaded);
                }
                checkMoney(baseline.totalBalance(), allAccounts().size());
            }
        }
        deleteData(directory);
        return measured;
    }

    /** S or S1: the 3-node cluster as separate processes; accounts opened and funded through it. */
    private List<Measurement> cluster(int run, String system, List<String> uniform, List<String> hot) throws Exception {
        Path directory = Files.createTempDirectory(out.toAbsolutePath(), "cluster-");
        List<Measurement> measured = new ArrayList<>();
        try (ProcessCluster cluster = ProcessCluster.start(3, directory, ProcessCluster.Options.benchmark(nodeJvm))) {
            ConnectionSettings settings = new ConnectionSettings(cluster.brokerUrl(), BrokerUsers.DEV_CLIENT_USER,
                    BrokerUsers.DEV_CLIENT_PASSWORD, Duration.ofSeconds(30));
            try (BankClient client = BankClient.connect(settings, system.equals("S1") ? 8 : clusterSenders(system))) {
                CommandSender batching = client.asBatchingSender(clientBatch);
                long setupStart = System.nanoTime();
                AccountSetup.openAndFund(batching, "acct", accountCount, "BRL", FUND_MINOR, Duration.ofSeconds(60));
                System.out.printf("[%s] opened and funded %d accounts in %.1f s%n", system, accountCount,
                        (System.nanoTime() - setupStart) / 1e9);
                CommandSender sender = system.equals("S1") ? client.asSender() : batching;
                List<Integer> sweep = system.equals("S1") ? singleConcurrency : clusterConcurrency;
                Map<String, Long> processes = new LinkedHashMap<>(cluster.processIds());
                List<DataSource> servers = cluster.memberIds().stream().map(cluster::databaseAdmin).toList();
                processes.put("generator", ProcessHandle.current().pid());
                List<Map.Entry<String, List<String>>> mixes = Map.of("uniform", uniform, "hot", hot).entrySet()
                        .stream().sorted(Map.Entry.comparingByKey(Comparator.reverseOrder())).toList();
                // Four JVMs compile for minutes: warm up with every mix before measuring any, since
                // each mix takes branches of its own (the hot one rejects more and touches fewer
                // accounts) that the JIT compiles again.
                for (Map.Entry<String, List<String>> mix : mixes) {
                    warmUp(system, mix.getKey(), sender, mix.getValue(), sweep.get(sweep.size() - 1), processes,
                            cluster);
                }
                for (Map.Entry<String, List<String>> mix : mixes) {
                    Measurement best = null;
                    for (int concurrency : sweep) {
                        Measurement max = Phase.run(run, system, mix.getKey(), "max", sender, mix.getValue(),
                                concurrency, null, Duration.ofSeconds(sweepSeconds), processes, run, cluster, servers);
                        log(max);
                        if (best == null || max.committedPerSecond() > best.committedPerSecond()) {
                            best = max;
                        }
                    }
                    measured.add(best);
                    for (int percent : loadPercents) {
                        Measurement atLoad = Phase.run(run, system, mix.getKey(), percent + "%", sender,
                                mix.getValue(), best.concurrency(), best.committedPerSecond() * percent / 100,
                                Duration.ofSeconds(seconds), processes, loadSeed(run, percent), cluster, servers);
                        log(atLoad);
                        measured.add(atLoad);
                    }
                    for (int rate : fixedRates) {
                        Measurement atRate = Phase.run(run, system, mix.getKey(), rate + "/s", sender, mix.getValue(),
                                best.concurrency(), (double) rate, Duration.ofSeconds(seconds), processes,
                                fixedRateSeed(run, rate), cluster, servers);
                        log(atRate);
                        measured.add(atRate);
                    }
                    if (mix.getKey().equals("uniform")) {
                        Measurement unloaded = Phase.run(run, system, mix.getKey(), "unloaded", sender, mix.getValue(),
                                best.concurrency(), unloadedRate, Duration.ofSeconds(sweepSeconds), processes,
                                run + 200, cluster, servers);
                        log(unloaded);
                        measured.add(unloaded);
                    }
                }
            }
            cluster.awaitConvergence(Duration.ofSeconds(120));
        }
        deleteData(directory);
        return measured;
    }

    /** S's client sessions: {@code --client-senders} for S, N for S@N; -1 for a name that is neither. */
    int clusterSenders(String system) {
        if (system.equals("S")) {
            return clientSenders;
        }
        if (system.matches("S@[0-9]{1,2}")) {
            int senders = Integer.parseInt(system.substring(2));
            return senders >= 1 && senders <= 64 ? senders : -1;
        }
        return -1;
    }

    /** Unmeasured load, so that the phases measure compiled code rather than the JIT compiling it. */
    private void warmUp(String system, String mix, CommandSender sender, List<String> accounts, int concurrency,
                        Map<String, Long> processes, ProcessCluster cluster) throws Exception {
        if (warmupSeconds > 0) {
            Measurement warm = Phase.run(0, system, mix, "warm-up", sender, accounts, concurrency, null,
                    Duration.ofSeconds(warmupSeconds), processes, 999, cluster, List.of());
            log(warm);
        }
    }

    /**
     * Deletes a finished system's databases and broker journal, keeping its logs: a full run
     * writes several GiB, and a broker that sees the disk 90% full blocks its producers.
     */
    private void deleteData(Path directory) throws java.io.IOException {
        if (keepData) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(directory) && !path.getFileName().toString().endsWith(".log")) {
                    try {
                        Files.deleteIfExists(path);
                    } catch (java.nio.file.DirectoryNotEmptyException keptLog) {
                        // holds a log we keep
                    }
                }
            }
        }
    }

    /** The 70% phase keeps the seed it always had, so that its account picks compare across runs and builds. */
    private static long loadSeed(int run, int percent) {
        return percent == 70 ? run + 100 : run + 300 + percent;
    }

    /** A fixed rate picks the same accounts in every run and build that measures it. */
    private static long fixedRateSeed(int run, int rate) {
        return run + 500L + rate;
    }

    private List<String> allAccounts() {
        return IntStream.range(0, accountCount).mapToObj(i -> "acct-" + i).toList();
    }

    private static void checkMoney(long total, int accounts) {
        if (total != FUND_MINOR * accounts) {
            throw new IllegalStateException("the baseline lost or made money: " + total);
        }
    }

    private static long postmasterPid(Path dataDirectory) throws Exception {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
    }

    private static void log(Measurement m) {
        System.out.printf("[%s run %d %s %s c=%d] %.0f committed/s, p50 %.1f p99 %.1f ms, failed %d%s%s%n", m.system(),
                m.run(), m.mix(), m.load(), m.concurrency(), m.committedPerSecond(), m.p50Ms(), m.p99Ms(), m.failed(),
                m.nodes().isEmpty() ? "" : "; nodes " + m.nodes(), m.servers().isEmpty() ? "" : "; servers " + m.servers());
    }

    private void write(List<Measurement> results) throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("machine", Machine.describe());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("runs", runs);
        settings.put("warmupSeconds", warmupSeconds);
        settings.put("seconds", seconds);
        settings.put("sweepSeconds", sweepSeconds);
        settings.put("accounts", accountCount);
        settings.put("hotAccounts", hotAccounts);
        settings.put("baselinePools", baselinePools);
        settings.put("clusterConcurrency", clusterConcurrency);
        settings.put("singleConcurrency", singleConcurrency);
        settings.put("clientBatch", clientBatch);
        settings.put("clientSenders", clientSenders);
        settings.put("loadPercents", loadPercents);
        settings.put("unloadedRate", unloadedRate);
        settings.put("fixedRates", fixedRates);
        settings.put("nodeJvm", nodeJvm);
        document.put("settings", settings);
        document.put("measurements", results);
        document.put("medians", Summary.medians(results).stream().map(Summary.Row::asMap)
                .collect(Collectors.toList()));
        json.writeValue(out.resolve("results.json").toFile(), document);
    }
}
