package io.bankledger.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.bankledger.cli.client.CommandIdSource;
import io.bankledger.migrations.Migrations;
import io.bankledger.node.dev.EmbeddedDatabaseServer;
import io.bankledger.node.ledger.Ledger;
import io.bankledger.node.store.AppliedBatch;
import io.bankledger.node.store.NodeStore;
import io.bankledger.paxos.Ballot;
import io.bankledger.paxos.DurableWrite;
import io.bankledger.paxos.Value;
import io.bankledger.paxos.message.PaxosCodec;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What one node's apply transaction costs PostgreSQL, by group size: {@code bank_apply} called
 * through {@link NodeStore#apply} on a durable embedded server (fsync on), one session, groups of
 * random transfers between already funded accounts. It reports PostgreSQL's CPU (all of the
 * server's processes, from {@code /proc}) per apply and per transfer, and the rows of
 * {@code accounts} read by sequential scans per apply, with the accounts table analyzed or not
 * (autovacuum stays on, as in a node: if it analyzes the table during a measurement, the rows
 * scanned show it).
 *
 * <p>{@code --compare-sql FILE} also measures a variant: FILE (for example an earlier migration
 * that replaces {@code bank_apply}) run after the migrations, interleaved with the current schema
 * so that both see the same machine.
 */
@CommandLine.Command(name = "apply-cost", mixinStandardHelpOptions = true,
        description = "PostgreSQL's cost of one node's apply transaction, by group size.")
public final class ApplyCostMain implements Callable<Integer> {

    private static final long EPOCH_MS = 1_700_000_000_000L;
    private static final long FUND_MINOR = 1_000_000;
    private static final int OPEN_GROUP = 500;
    private static final Ballot BALLOT = new Ballot(1, 1);

    @Option(names = "--accounts", defaultValue = "10000", description = "Accounts in the bank (default ${DEFAULT-VALUE}).")
    int accountCount;

    @Option(names = "--group-sizes", split = ",", defaultValue = "2,20,200",
            description = "Transfers per apply, comma-separated (default ${DEFAULT-VALUE}).")
    List<Integer> groupSizes;

    @Option(names = "--transfers", defaultValue = "10000",
            description = "Transfers applied per measurement, after as many again to warm up (default ${DEFAULT-VALUE}).")
    int transfers;

    @Option(names = "--repetitions", defaultValue = "3", description = "Repetitions; medians are reported (default ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--compare-sql", description = "SQL run after the migrations for a second variant, e.g. an older bank_apply.")
    Path compareSql;

    @Option(names = "--acceptor-writes",
            description = "Before each apply, write the acceptor's entry of its slot, as a node does (its Paxos loop"
                    + " accepts a slot before its applier applies it); the cost measured is then both.")
    boolean acceptorWrites;

    @Option(names = "--out", defaultValue = "target/apply-cost", description = "Directory of results.json (default ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandSpec spec;

    private final CommandCodec codec = new CommandCodec();
    private int databases;

    /** One measurement: a variant and statistics state at one group size. */
    record Result(int repetition, String variant, String statistics, int groupSize, int applies,
                  double postgresCpuMsPerApply, double postgresCpuUsPerTransfer, double wallMsPerApply,
                  double accountsRowsScannedPerApply) {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ApplyCostMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        for (int size : groupSizes) {
            if (size < 1 || size > transfers) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--group-sizes must be between 1 and --transfers: " + size);
            }
        }
        if (accountCount < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--accounts must be at least 2");
        }
        String variantSql = compareSql == null ? null : Files.readString(compareSql);
        Files.createDirectories(out);
        Path directory = Files.createTempDirectory(out.toAbsolutePath(), "pg-");
        List<Result> results = new ArrayList<>();
        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(directory.resolve("pg"), 0, true)) {
            long postmaster = Long.parseLong(Files.readAllLines(directory.resolve("pg/postmaster.pid")).get(0).trim());
            for (int repetition = 1; repetition <= repetitions; repetition++) {
                for (String statistics : List.of("none", "analyzed")) {
                    for (int size : groupSizes) {
                        results.add(measure(server, postmaster, repetition, "current", null, statistics, size));
                        if (variantSql != null) {
                            results.add(measure(server, postmaster, repetition, compareSql.getFileName().toString(),
                                    variantSql, statistics, size));
                        }
                    }
                }
            }
        }
        deleteRecursively(directory);
        printMedians(results);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("machine", Machine.describe());
        document.put("settings", Map.of("accounts", accountCount, "groupSizes", groupSizes, "transfers", transfers,
                "repetitions", repetitions, "compareSql", compareSql == null ? "" : compareSql.toString(),
                "acceptorWrites", acceptorWrites));
        document.put("results", results);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("results.json").toFile(), document);
        return 0;
    }

    private Result measure(EmbeddedDatabaseServer server, long postmaster, int repetition, String variant,
                           String variantSql, String statistics, int groupSize) throws Exception {
        String database = "apply_cost_" + (++databases);
        server.ensureDatabase(database);
        Migrations.migrate(server.adminDataSource(database));
        if (variantSql != null) {
            try (Connection admin = server.adminDataSource(database).getConnection();
                 Statement statement = admin.createStatement()) {
                statement.execute(variantSql);
            }
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl(database));
        config.setUsername(EmbeddedDatabaseServer.ADMIN_USER);
        config.setMaximumPoolSize(1);
        try (HikariDataSource session = new HikariDataSource(config)) {
            NodeStore store = new NodeStore(session);
            Ledger ledger = new Ledger();
            long slot = 0;
            for (int first = 0; first < accountCount; first += OPEN_GROUP) {
                List<Command> opening = new ArrayList<>();
                for (int i = first; i < Math.min(accountCount, first + OPEN_GROUP); i++) {
                    opening.add(new Command.OpenAccount(CommandIdSource.next(), "acct-" + i, "Owner " + i, "BRL"));
                    opening.add(new Command.Deposit(CommandIdSource.next(), "acct-" + i, FUND_MINOR));
                }
                store.apply(List.of(decide(ledger, ++slot, opening)));
            }
            try (Connection admin = session.getConnection(); Statement statement = admin.createStatement()) {
                if (statistics.equals("analyzed")) {
                    statement.execute("ANALYZE");
                }
                statement.execute("CHECKPOINT");
            }
            Random random = new Random(repetition * 1_000L + groupSize);
            int applies = Math.max(1, transfers / groupSize);
            for (int i = 0; i < applies; i++) {
                AppliedBatch batch = decide(ledger, ++slot, transfers(random, groupSize));
                accept(store, acceptorWrite(batch));
                store.apply(List.of(batch));
            }
            // Decided before the clock starts: the wall time is the store's alone, as the CPU is.
            List<AppliedBatch> measured = new ArrayList<>(applies);
            List<DurableWrite> accepts = new ArrayList<>(applies);
            for (int i = 0; i < applies; i++) {
                measured.add(decide(ledger, ++slot, transfers(random, groupSize)));
                accepts.add(acceptorWrite(measured.get(i)));
            }
            long scannedBefore = accountsRowsScanned(session);
            double cpuBefore = ProcessStats.cpuSeconds(postmaster, true);
            long started = System.nanoTime();
            for (int i = 0; i < applies; i++) {
                accept(store, accepts.get(i));
                store.apply(List.of(measured.get(i)));
            }
            double wallMs = (System.nanoTime() - started) / 1e6;
            double cpuMs = (ProcessStats.cpuSeconds(postmaster, true) - cpuBefore) * 1_000;
            long scanned = accountsRowsScanned(session) - scannedBefore;
            Result result = new Result(repetition, variant, statistics, groupSize, applies,
                    Phase.round(cpuMs / applies), Phase.round(cpuMs * 1_000 / ((double) applies * groupSize)),
                    Phase.round(wallMs / applies), Phase.round((double) scanned / applies));
            System.out.println(result);
            return result;
        } finally {
            try (Connection admin = server.adminDataSource("postgres").getConnection();
                 Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE " + database + " WITH (FORCE)");
            }
        }
    }

    /** The acceptor's entry of the batch's slot, as the node's loop writes it before the apply. */
    private static DurableWrite acceptorWrite(AppliedBatch batch) {
        return new DurableWrite.AcceptWrite(batch.slot(), BALLOT, PaxosCodec.decodeValue(batch.encodedValue()));
    }

    /** With {@code --acceptor-writes}: {@code write} made durable, one transaction. */
    private void accept(NodeStore store, DurableWrite write) {
        if (acceptorWrites) {
            store.persist(List.of(write));
        }
    }

    private List<Command> transfers(Random random, int count) {
        List<Command> group = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int from = random.nextInt(accountCount);
            int to = random.nextInt(accountCount - 1);
            if (to >= from) {
                to++;
            }
            group.add(new Command.Transfer(CommandIdSource.next(), "acct-" + from, "acct-" + to,
                    1 + random.nextInt(100)));
        }
        return group;
    }

    private AppliedBatch decide(Ledger ledger, long slot, List<Command> commands) {
        List<byte[]> encoded = new ArrayList<>(commands.size());
        for (Command command : commands) {
            encoded.add(codec.encode(command).getBytes(StandardCharsets.UTF_8));
        }
        Value value = new Value(EPOCH_MS + slot, encoded);
        return new AppliedBatch(slot, PaxosCodec.encodeValue(value), ledger.apply(slot, value.timestampMs(), commands));
    }

    /**
     * accounts' rows read by sequential scans so far. The session that applies publishes its
     * counters first ({@code pg_stat_force_next_flush}, at the end of that statement), so they
     * are read after it from the same session, in a new transaction.
     */
    private static long accountsRowsScanned(HikariDataSource session) throws SQLException {
        try (Connection connection = session.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_force_next_flush()");
            try (ResultSet row = statement.executeQuery(
                    "SELECT seq_tup_read FROM pg_stat_user_tables WHERE relname = 'accounts'")) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private void printMedians(List<Result> results) {
        System.out.printf("%n%-36s %-9s %6s %14s %16s %10s %18s%n", "variant", "accounts", "group",
                "PG CPU ms/apply", "PG CPU µs/transfer", "wall ms", "rows scanned/apply");
        Map<String, List<Result>> byKey = new LinkedHashMap<>();
        for (Result result : results) {
            byKey.computeIfAbsent(result.variant() + "|" + result.statistics() + "|" + result.groupSize(),
                    key -> new ArrayList<>()).add(result);
        }
        for (List<Result> same : byKey.values()) {
            Result first = same.get(0);
            System.out.printf("%-36s %-9s %6d %14.3f %16.1f %10.3f %18.0f%n", first.variant(), first.statistics(),
                    first.groupSize(), Summary.median(same, Result::postgresCpuMsPerApply),
                    Summary.median(same, Result::postgresCpuUsPerTransfer), Summary.median(same, Result::wallMsPerApply),
                    Summary.median(same, Result::accountsRowsScannedPerApply));
        }
    }

    private static void deleteRecursively(Path directory) throws Exception {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
