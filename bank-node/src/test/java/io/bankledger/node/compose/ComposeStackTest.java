package io.bankledger.node.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bankledger.node.testing.TestBroker;
import io.bankledger.node.testing.TestClient;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.Status;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The repository's docker-compose.yml, as a user would start it: the official Artemis image with
 * our broker.xml, one PostgreSQL per node initialised by docker/postgres-init, three nodes built
 * from bank-node/Dockerfile. A transfer goes in through the published broker port and comes out
 * in every node's reporting views, read as the analyst.
 *
 * <p>Needs a Docker engine and the {@code docker compose} command (Testcontainers runs the local
 * one, so the build context is this checkout). Where either is missing the test is reported as
 * skipped, never as passed. The first run builds the node image with Maven inside Docker, which
 * takes minutes.
 */
class ComposeStackTest {

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);
    private static final String ANALYST_PASSWORD = "compose-test-analyst";
    private static final CommandCodec CODEC = new CommandCodec();

    @Test
    void aTransferThroughTheComposeStackReachesEveryNodesViews() throws Exception {
        assumeTrue(dockerAvailable(), "no Docker engine here: the compose stack test is skipped");
        assumeTrue(composeCommandAvailable(), "no `docker compose` command here: the compose stack test is skipped");
        File composeFile = composeFile();

        // Free host ports instead of the defaults, so a stack already running on this machine
        // (or a dev cluster) does not collide with the test's.
        String host = DockerClientFactory.instance().dockerHostIpAddress();
        boolean localEngine = host.equals("localhost") || host.equals("127.0.0.1");
        int brokerPort = TestBroker.freePort();
        Map<String, Integer> databasePorts = new LinkedHashMap<>();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("BANK_BIND_ADDRESS", localEngine ? "127.0.0.1" : "0.0.0.0");
        environment.put("BANK_BROKER_PORT", Integer.toString(brokerPort));
        for (int nodeId = 1; nodeId <= 3; nodeId++) {
            int port = TestBroker.freePort();
            databasePorts.put("db" + nodeId, port);
            environment.put("BANK_DB" + nodeId + "_PORT", Integer.toString(port));
        }
        environment.put("BANK_ANALYST_DB_PASSWORD", ANALYST_PASSWORD);

        ComposeContainer stack = new ComposeContainer("bankcompose", composeFile)
                .withEnv(environment)
                .withBuild(true)
                .withRemoveVolumes(true)
                .withStartupTimeout(STARTUP_TIMEOUT);
        for (int nodeId = 1; nodeId <= 3; nodeId++) {
            stack.waitingFor("node" + nodeId + "-1", Wait.forHealthcheck().withStartupTimeout(STARTUP_TIMEOUT));
        }
        try {
            stack.start();
            runTransfer(host, brokerPort, databasePorts);
        } finally {
            stack.stop();
        }
    }

    private static void runTransfer(String host, int brokerPort, Map<String, Integer> databasePorts) throws Exception {
        try (TestClient client = new TestClient("tcp://" + host + ":" + brokerPort)) {
            String alice = "compose-alice-" + UUID.randomUUID().toString().substring(0, 8);
            String bob = "compose-bob-" + UUID.randomUUID().toString().substring(0, 8);
            expectOk(client, new Command.OpenAccount(id(), alice, "Alice", "BRL"));
            expectOk(client, new Command.OpenAccount(id(), bob, "Bob", "BRL"));
            expectOk(client, new Command.Deposit(id(), alice, 10_000));
            Reply transfer = expectOk(client, new Command.Transfer(id(), alice, bob, 2_500));
            assertEquals(7_500, transfer.account().balanceMinor());
            assertEquals(2_500, transfer.toAccount().balanceMinor());

            for (Map.Entry<String, Integer> database : databasePorts.entrySet()) {
                PGSimpleDataSource analyst = new PGSimpleDataSource();
                analyst.setUrl("jdbc:postgresql://" + host + ":" + database.getValue() + "/bank");
                analyst.setUser("bank_analyst");
                analyst.setPassword(ANALYST_PASSWORD);
                List<String> expected = List.of(alice + "=7500", bob + "=2500");
                awaitRows(analyst, database.getKey(), "SELECT account_id || '=' || balance_minor FROM reporting.balances "
                        + "WHERE account_id IN ('" + alice + "', '" + bob + "') ORDER BY account_id", expected);
                try (Connection connection = analyst.getConnection()) {
                    assertEquals(List.of(), rows(connection, "SELECT kind || ' ' || subject FROM reporting.reconciliation"),
                            database.getKey() + " reconciles");
                }
            }
        }
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static Reply expectOk(TestClient client, Command command) throws Exception {
        Reply reply = client.send(command.commandId(), CODEC.encode(command))
                .get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(Status.OK, reply.status(), reply.toString());
        return reply;
    }

    /** Polls until {@code sql} returns {@code expected}: every node applies the log at its own pace. */
    private static void awaitRows(PGSimpleDataSource dataSource, String what, String sql, List<String> expected)
            throws Exception {
        long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
        List<String> actual;
        while (true) {
            try (Connection connection = dataSource.getConnection()) {
                actual = rows(connection, sql);
            }
            if (actual.equals(expected) || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(expected, actual, what);
    }

    private static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    /** docker-compose.yml at the repository root; the tests run in the bank-node module's directory. */
    private static File composeFile() {
        Path moduleDirectory = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path file = moduleDirectory.resolveSibling("docker-compose.yml").normalize();
        if (!Files.isRegularFile(file)) {
            file = moduleDirectory.resolve("docker-compose.yml").normalize();
        }
        assertTrue(Files.isRegularFile(file), "docker-compose.yml not found next to " + moduleDirectory);
        return file.toFile();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError unavailable) {
            return false;
        }
    }

    /** Testcontainers' local compose runs {@code docker compose}: the Compose V2 plugin must be there. */
    private static boolean composeCommandAvailable() {
        try {
            Process version = new ProcessBuilder("docker", "compose", "version").redirectErrorStream(true).start();
            version.getInputStream().transferTo(OutputStream.nullOutputStream());
            return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (Exception unavailable) {
            return false;
        }
    }
}
