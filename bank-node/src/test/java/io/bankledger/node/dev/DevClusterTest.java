package io.bankledger.node.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bankledger.node.testing.TestBroker;
import io.bankledger.node.testing.TestClient;
import io.bankledger.node.testing.TestCluster;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.Status;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What `bank-node dev` runs, from an empty directory: its own PostgreSQL and broker and three
 * nodes; a command goes through, the analyst login reads it, and a restart keeps it.
 */
class DevClusterTest {

    @Test
    void startsFromNothingServesAndKeepsItsDataAcrossARestart(@TempDir Path data) throws Exception {
        int brokerPort = TestBroker.freePort();
        int postgresPort = TestBroker.freePort();
        String commandId = UUID.randomUUID().toString();
        try (DevCluster cluster = DevCluster.start(data, 3, brokerPort, postgresPort, true, 0);
             TestClient client = new TestClient(cluster.brokerUrl())) {
            Command open = new Command.OpenAccount(commandId, "dev-alice", "Alice", "BRL");
            Reply reply = client.send(commandId, new CommandCodec().encode(open)).get(30, TimeUnit.SECONDS);
            assertEquals(Status.OK, reply.status());
        }
        try (DevCluster restarted = DevCluster.start(data, 3, brokerPort, postgresPort, true, 0)) {
            PGSimpleDataSource analyst = new PGSimpleDataSource();
            analyst.setUrl("jdbc:postgresql://127.0.0.1:" + restarted.postgresPort() + "/" + DevCluster.databaseName(2));
            analyst.setUser(DevCluster.ANALYST_USER);
            analyst.setPassword(DevCluster.ANALYST_PASSWORD);
            // Node 2 may learn the decision only after the restart: poll, do not assume.
            TestCluster.await(Duration.ofSeconds(30), "node 2 to show dev-alice", () -> owner(analyst) != null);
            assertEquals("Alice BRL", owner(analyst));
        }
    }

    private static String owner(PGSimpleDataSource analyst) {
        try (Connection connection = analyst.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT owner, currency FROM reporting.balances WHERE account_id = 'dev-alice'")) {
            return rows.next() ? rows.getString(1) + " " + rows.getString(2) : null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
