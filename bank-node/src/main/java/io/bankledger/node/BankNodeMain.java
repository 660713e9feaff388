package io.bankledger.node;

import io.bankledger.migrations.Migrations;
import io.bankledger.node.dev.BrokerUsers;
import io.bankledger.node.dev.DevCluster;
import io.bankledger.node.dev.EmbeddedBroker;
import io.bankledger.node.runtime.BankNode;
import io.bankledger.node.runtime.NodeConfig;
import io.bankledger.node.store.NodeStore;
import io.bankledger.node.store.ProjectionCheck;
import io.bankledger.node.store.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code java -jar bank-node.jar run|dev|progress|rebuild-projections}. */
@Command(name = "bank-node", mixinStandardHelpOptions = true, version = "bank-node 0.1.0",
        description = "A replica of the bank ledger.",
        subcommands = {BankNodeMain.Run.class, BankNodeMain.Dev.class, BankNodeMain.Broker.class, BankNodeMain.ProgressCommand.class,
                BankNodeMain.Rebuild.class})
public final class BankNodeMain {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line of {@link #main}, for tests that check what it says. */
    static CommandLine commandLine() {
        return new CommandLine(new BankNodeMain());
    }

    /** Database connection options shared by the subcommands that open a node's database. */
    static final class Database {
        @Option(names = "--jdbc-url", required = true, defaultValue = "${env:BANK_JDBC_URL}",
                description = "JDBC URL of this node's own database (env BANK_JDBC_URL).")
        String jdbcUrl;

        @Option(names = "--db-user", defaultValue = "${env:BANK_DB_USER:-bank_node}",
                description = "Login role, a member of bank_writer (env BANK_DB_USER; default ${DEFAULT-VALUE}).")
        String user;

        @Option(names = "--db-password", defaultValue = "${env:BANK_DB_PASSWORD}",
                description = "Password (env BANK_DB_PASSWORD; prefer the variable: flags show in ps).")
        String password;

        PGSimpleDataSource dataSource() {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(jdbcUrl);
            dataSource.setUser(user);
            dataSource.setPassword(password);
            return dataSource;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run one node of a cluster.")
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--node-id", required = true, defaultValue = "${env:BANK_NODE_ID}",
                description = "This node's id (env BANK_NODE_ID).")
        int nodeId;

        @Option(names = "--peers", required = true, split = ",", defaultValue = "${env:BANK_PEERS}",
                description = "Ids of all members, this node included, e.g. 1,2,3 (env BANK_PEERS).")
        List<Integer> members;

        @Option(names = "--broker-url", defaultValue = "${env:BANK_BROKER_URL:-tcp://127.0.0.1:61616}",
                description = "Artemis URL (env BANK_BROKER_URL; default ${DEFAULT-VALUE}).")
        String brokerUrl;

        @Option(names = "--broker-user", defaultValue = "${env:BANK_BROKER_USER}")
        String brokerUser;

        @Option(names = "--broker-password", defaultValue = "${env:BANK_BROKER_PASSWORD}")
        String brokerPassword;

        @CommandLine.Mixin
        Database database = new Database();

        @Option(names = "--migrate-user", defaultValue = "${env:BANK_MIGRATE_USER}",
                description = "If set, run the schema migrations as this (owner) role before starting.")
        String migrateUser;

        @Option(names = "--migrate-password", defaultValue = "${env:BANK_MIGRATE_PASSWORD}")
        String migratePassword;

        @Option(names = "--pending-max", defaultValue = "10000",
                description = "Requests a node holds before it stops taking from the queue (default ${DEFAULT-VALUE}).")
        int pendingMax;

        @Option(names = "--outcome-cache", defaultValue = "${env:BANK_OUTCOME_CACHE:-100000}",
                description = "Command outcomes kept in memory, the newest; older ones are read from the database "
                        + "when a retry or a status query asks (env BANK_OUTCOME_CACHE; default ${DEFAULT-VALUE}).")
        int outcomeCache;

        @Option(names = "--pipeline-window", defaultValue = "${env:BANK_PIPELINE_WINDOW:-8}",
                description = "Log slots the leader keeps in flight; commands that arrive while they are all in flight "
                        + "wait and leave together in the next slot (env BANK_PIPELINE_WINDOW; default ${DEFAULT-VALUE}).")
        int pipelineWindow;

        @Option(names = "--batch-commands-max", defaultValue = "${env:BANK_BATCH_COMMANDS_MAX:-512}",
                description = "Most commands in one log slot (env BANK_BATCH_COMMANDS_MAX; default ${DEFAULT-VALUE}).")
        int batchCommandsMax;

        @Option(names = "--metrics-host", defaultValue = "${env:BANK_METRICS_HOST:-127.0.0.1}",
                description = "Interface of /metrics and /health (env BANK_METRICS_HOST; default ${DEFAULT-VALUE}).")
        String metricsHost;

        @Option(names = "--metrics-port", defaultValue = "${env:BANK_METRICS_PORT}",
                description = "Port of /metrics and /health (env BANK_METRICS_PORT; default 9100 + node id; -1: off).")
        Integer metricsPort;

        @Option(names = "--fault-injection", hidden = true,
                description = "Tests only: obey fault control messages on bank.faults.")
        boolean faultInjection;

        @Override
        public Integer call() throws Exception {
            NodeConfig config;
            try {
                config = NodeConfig.defaults(nodeId, members, brokerUrl, database.jdbcUrl, database.user,
                                database.password)
                        .withBroker(brokerUrl, brokerUser, brokerPassword)
                        .withPendingMax(pendingMax)
                        .withOutcomeCache(outcomeCache)
                        .withBatching(pipelineWindow, batchCommandsMax)
                        .withFaultInjection(faultInjection)
                        .withMetrics(metricsHost, metricsPort == null ? 9100 + nodeId : metricsPort);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid configuration: " + e.getMessage());
            }
            if (migrateUser != null && !migrateUser.isBlank()) {
                PGSimpleDataSource admin = new PGSimpleDataSource();
                admin.setUrl(database.jdbcUrl);
                admin.setUser(migrateUser);
                admin.setPassword(migratePassword);
                Migrations.migrate(admin);
            }
            BankNode node = BankNode.start(config);
            closeOnShutdown(node);
            System.out.println("node " + nodeId + " of " + members + " running; broker " + brokerUrl
                    + (node.metricsPort() > 0 ? "; metrics http://" + metricsHost + ":" + node.metricsPort() + "/metrics" : ""));
            while (node.isRunning()) {
                Thread.sleep(500);
            }
            if (shutdownRequested) {
                // SIGTERM or Ctrl-C: the shutdown hook is closing the node; not a failure.
                System.out.println("node " + nodeId + " stopping on request");
                return 0;
            }
            System.err.println("node " + nodeId + " stopped: see the log above");
            return 3;
        }
    }

    @Command(name = "dev", mixinStandardHelpOptions = true,
            description = "Start an embedded broker, an embedded PostgreSQL and a local cluster, all in this process.")
    static final class Dev implements Callable<Integer> {
        @Option(names = "--data-dir", defaultValue = "data/dev",
                description = "Where the broker journal and the databases live (default ${DEFAULT-VALUE}).")
        Path dataDirectory;

        @Option(names = "--nodes", defaultValue = "3", description = "3 or 5 (default ${DEFAULT-VALUE}).")
        int nodes;

        @Option(names = "--broker-port", defaultValue = "61616")
        int brokerPort;

        @Option(names = "--postgres-port", defaultValue = "54329")
        int postgresPort;

        @Option(names = "--no-fsync", description = "Faster, not durable: PostgreSQL fsync off.")
        boolean noFsync;

        @Override
        public Integer call() throws Exception {
            DevCluster cluster = DevCluster.start(dataDirectory, nodes, brokerPort, postgresPort, !noFsync);
            CountDownLatch stopped = closeOnShutdown(cluster);
            StringBuilder banner = new StringBuilder();
            banner.append("\nbank dev cluster is up: ").append(nodes).append(" nodes\n");
            banner.append("  broker (CORE, AMQP 1.0, STOMP): ").append(cluster.brokerUrl()).append('\n');
            banner.append("  requests queue: bank.requests   events topic: bank.events\n");
            banner.append("  broker logins (development): client ").append(BrokerUsers.DEV_CLIENT_USER).append('/')
                    .append(BrokerUsers.DEV_CLIENT_PASSWORD).append(", reader ").append(BrokerUsers.DEV_READER_USER)
                    .append('/').append(BrokerUsers.DEV_READER_PASSWORD).append('\n');
            for (int id = 1; id <= nodes; id++) {
                banner.append("  node ").append(id).append(" SQL (read-only): psql \"postgresql://")
                        .append(DevCluster.ANALYST_USER).append(':').append(DevCluster.ANALYST_PASSWORD)
                        .append("@127.0.0.1:").append(cluster.postgresPort()).append('/')
                        .append(DevCluster.databaseName(id)).append("\"   metrics: http://127.0.0.1:")
                        .append(cluster.nodes().get(id - 1).metricsPort()).append("/metrics\n");
            }
            banner.append("  data: ").append(dataDirectory.toAbsolutePath()).append("   stop: Ctrl-C\n");
            System.out.println(banner);
            stopped.await();
            return 0;
        }
    }

    @Command(name = "broker", mixinStandardHelpOptions = true,
            description = "Run the project's Artemis broker (broker/broker.xml) on its own, in this process.")
    static final class Broker implements Callable<Integer> {
        @Option(names = "--data-dir", defaultValue = "data/broker",
                description = "Journal directory; a restart on the same directory keeps every persistent message.")
        Path dataDirectory;

        @Option(names = "--port", defaultValue = "61616", description = "Loopback port (default ${DEFAULT-VALUE}).")
        int port;

        @Override
        public Integer call() throws Exception {
            EmbeddedBroker broker = new EmbeddedBroker(dataDirectory, port).start();
            CountDownLatch stopped = closeOnShutdown(broker);
            System.out.println("broker up at " + broker.url() + " (CORE, AMQP 1.0, STOMP); journal in "
                    + dataDirectory.toAbsolutePath());
            stopped.await();
            return 0;
        }
    }

    @Command(name = "progress", mixinStandardHelpOptions = true,
            description = "Print a node's applied slot, last event seq and hash-chain head from its database.")
    static final class ProgressCommand implements Callable<Integer> {
        @CommandLine.Mixin
        Database database = new Database();

        @Override
        public Integer call() {
            Progress progress = new NodeStore(database.dataSource()).progress();
            System.out.printf("applied_slot=%d last_seq=%d hash_head=%s%n", progress.appliedSlot(),
                    progress.lastSeq(), progress.lastHash());
            return 0;
        }
    }

    @Command(name = "rebuild-projections", mixinStandardHelpOptions = true,
            description = "Replay the events into fresh tables and compare them with the live projections.")
    static final class Rebuild implements Callable<Integer> {
        @CommandLine.Mixin
        Database database = new Database();

        @Override
        public Integer call() {
            ProjectionCheck check = new NodeStore(database.dataSource()).rebuildProjections();
            System.out.printf("events replayed=%d accounts=%d history rows=%d differing: accounts=%d history=%d -> %s%n",
                    check.eventsReplayed(), check.accountRows(), check.historyRows(), check.accountRowsDiffering(),
                    check.historyRowsDiffering(), check.matches() ? "MATCH" : "MISMATCH");
            return check.matches() ? 0 : 1;
        }
    }

    private BankNodeMain() {
    }

    /** Closes {@code service} when the JVM is asked to stop (Ctrl-C, SIGTERM); the latch opens after. */
    /** Set when the JVM begins to shut down (SIGTERM, Ctrl-C), so a stop is not taken for a failure. */
    private static volatile boolean shutdownRequested;

    static CountDownLatch closeOnShutdown(AutoCloseable service) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdownRequested = true;
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("shutdown: " + e);
            }
            stopped.countDown();
        }, "shutdown"));
        return stopped;
    }

}
