package io.bankledger.node.cluster;

import io.bankledger.node.testing.TestClient;
import io.bankledger.node.testing.TestCluster;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One 3-node cluster (real broker, real PostgreSQL) and one client for all the tests of a class,
 * started before the subclass's own {@code @BeforeAll} and closed after the class. The test
 * classes run one after another, so the static fields are one class's at a time.
 */
abstract class SharedClusterTest {

    protected static final int OUTCOMES_IN_MEMORY = 4;

    protected static TestCluster cluster;
    protected static TestClient client;

    @BeforeAll
    static void startSharedCluster() throws Exception {
        // Nodes keep only a handful of outcomes in memory, so the tests' retries and status
        // queries are answered from the store, as a long-running node's would be.
        cluster = TestCluster.start(3, false, config -> config.withOutcomeCache(OUTCOMES_IN_MEMORY));
        cluster.awaitLeader(Duration.ofSeconds(20));
        client = new TestClient(cluster.brokerUrl());
    }

    @AfterAll
    static void stopSharedCluster() throws Exception {
        if (client != null) {
            client.close();
            client = null;
        }
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    /** How many events of {@code commandId} node {@code nodeId}'s store holds. */
    protected static long eventsOf(int nodeId, String commandId) throws SQLException {
        try (Connection connection = cluster.database(nodeId).admin().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM events WHERE command_id = ?::uuid")) {
            statement.setString(1, commandId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Sends {@code command} and waits up to 30 s for its reply. */
    protected static Reply call(Command command) throws Exception {
        return client.call(command, Duration.ofSeconds(30));
    }
}
