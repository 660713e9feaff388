package io.bankledger.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.bankledger.node.testing.TestCluster;
import io.bankledger.node.testing.TestDatabase;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.Status;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node answers once a command's slot is chosen (durable in a majority's acceptor tables) and
 * its ledger has decided the outcome; it waits neither for its own event store nor for the
 * transaction of the groups before. With the events table of every node locked, so that no node
 * can commit, two deposits are still answered, one after the other; a get-history, whose entries
 * come from the projection, waits for the commit; once the locks go, every node's store holds
 * each deposit exactly once.
 */
class AnswerBeforeStoreCommitTest extends SharedClusterTest {

    @Test
    void depositsAreAnsweredWhileNoNodeCanCommitThemAndEveryStoreHoldsThemOnceAfter() throws Exception {
        assertEquals(Status.OK, call(Commands.open("early-acct", "BRL")).status());
        cluster.awaitConvergence(Duration.ofSeconds(10));

        Command deposit = Commands.deposit("early-acct", 700);
        CompletableFuture<Reply> history;
        String nextId;
        List<Connection> locks = new ArrayList<>();
        try {
            for (int nodeId : cluster.memberIds()) {
                Connection lock = cluster.database(nodeId).admin().getConnection();
                locks.add(lock);
                lock.setAutoCommit(false);
                try (Statement statement = lock.createStatement()) {
                    statement.execute("LOCK TABLE events IN EXCLUSIVE MODE");
                }
            }

            Reply answered = call(deposit);
            assertEquals(Status.OK, answered.status(), answered.toString());
            assertEquals(700, answered.account().balanceMinor());
            for (int nodeId : cluster.memberIds()) {
                TestCluster.await(Duration.ofSeconds(10), "node " + nodeId + "'s apply transaction waiting for the lock",
                        () -> applyWaitsForLock(nodeId));
                assertEquals(0, eventsOf(nodeId, deposit.commandId()), "node " + nodeId + " cannot have committed it");
            }

            // The applier does not wait for the writer either: the next group is decided and
            // answered while the first one's transaction still waits.
            Command second = Commands.deposit("early-acct", 50);
            nextId = second.commandId();
            Reply next = call(second);
            assertEquals(Status.OK, next.status(), next.toString());
            assertEquals(750, next.account().balanceMinor());

            Command readHistory = new Command.GetHistory(Commands.id(), "early-acct", 0, 10);
            history = client.send(readHistory.commandId(), Commands.json(readHistory));
            assertFalse(history.isDone(), "a get-history is answered from the projection, after the commit");
        } finally {
            for (Connection lock : locks) {
                lock.rollback();
                lock.close();
            }
        }

        Reply entries = history.get(30, TimeUnit.SECONDS);
        assertEquals(Status.OK, entries.status(), entries.toString());
        assertEquals(750, entries.entries().get(entries.entries().size() - 1).balanceMinor());
        cluster.awaitConvergence(Duration.ofSeconds(20));
        for (int nodeId : cluster.memberIds()) {
            assertEquals(1, eventsOf(nodeId, deposit.commandId()), "node " + nodeId);
            assertEquals(1, eventsOf(nodeId, nextId), "node " + nodeId);
        }
    }

    /** Is a session of this node's writer waiting for a lock on {@code events}? */
    private static boolean applyWaitsForLock(int nodeId) {
        try (Connection connection = cluster.database(nodeId).admin().getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                     WHERE NOT l.granted AND l.relation = 'events'::regclass AND a.usename = ?""")) {
            statement.setString(1, TestDatabase.WRITER_USER);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
