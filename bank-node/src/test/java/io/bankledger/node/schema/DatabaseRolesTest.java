package io.bankledger.node.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.node.testing.TestDatabase;
import io.bankledger.node.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The two database roles of ARCHITECTURE.md §5: the node's writer may append events but never
 * change or remove one; the analyst's reader may read the reporting views and write nothing.
 */
class DatabaseRolesTest {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @Test
    void writerAppendsEventsButCannotUpdateOrDeleteThem() throws Exception {
        TestDatabase database = TestDatabases.fresh();
        try (Connection writer = database.writer().getConnection(); Statement statement = writer.createStatement()) {
            SchemaRows.insertEvent(writer, 1, UUID.randomUUID(), "AccountOpened");

            SQLException update = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("UPDATE events SET type = 'Deposited' WHERE seq = 1"));
            assertEquals(INSUFFICIENT_PRIVILEGE, update.getSQLState(), update.getMessage());

            SQLException delete = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("DELETE FROM events WHERE seq = 1"));
            assertEquals(INSUFFICIENT_PRIVILEGE, delete.getSQLState(), delete.getMessage());

            SQLException truncate = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("TRUNCATE events"));
            assertEquals(INSUFFICIENT_PRIVILEGE, truncate.getSQLState(), truncate.getMessage());

            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM events")) {
                assertTrue(count.next());
                assertEquals(1, count.getLong(1), "the event is still there, unchanged");
            }
        }
    }

    @Test
    void writerCannotRewriteTheRecordedOutcomes() throws Exception {
        TestDatabase database = TestDatabases.fresh();
        try (Connection writer = database.writer().getConnection(); Statement statement = writer.createStatement()) {
            SchemaRows.insertEvent(writer, 1, UUID.randomUUID(), "CommandRejected");
            // Since V9 an outcome is part of its event, and the writer may not update events.
            for (String rewrite : List.of("UPDATE events SET reply = '{}'", "UPDATE events SET reply = NULL")) {
                SQLException update = assertThrows(SQLException.class, () -> statement.executeUpdate(rewrite), rewrite);
                assertEquals(INSUFFICIENT_PRIVILEGE, update.getSQLState(), rewrite + ": " + update.getMessage());
            }
            // command_outcomes, a view of them, rebuilds replies since V18 (a join): nobody can update it.
            String rewrite = "UPDATE command_outcomes SET status = 'OK', reason = NULL";
            SQLException update = assertThrows(SQLException.class, () -> statement.executeUpdate(rewrite), rewrite);
            assertEquals("55000", update.getSQLState(), rewrite + ": " + update.getMessage());
        }
    }

    @Test
    void readerSeesTheReportingViews() throws Exception {
        TestDatabase database = TestDatabases.fresh();
        try (Connection writer = database.writer().getConnection()) {
            SchemaRows.insertEvent(writer, 1, UUID.randomUUID(), "AccountOpened");
            SchemaRows.insertAccount(writer, "alice", "BRL", 1_250, 1);
        }
        try (Connection reader = database.reader().getConnection(); Statement statement = reader.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT account_id, currency, balance_minor FROM reporting.balances")) {
            assertTrue(rows.next());
            assertEquals("alice", rows.getString(1));
            assertEquals("BRL", rows.getString(2));
            assertEquals(1_250, rows.getLong(3));
        }
    }

    @Test
    void readerCannotWriteAnythingNorReadTheTablesBehindTheViews() throws Exception {
        TestDatabase database = TestDatabases.fresh();
        List<String> writes = List.of(
                "INSERT INTO events (seq, slot, command_id, type, payload_canonical, event_time, prev_hash, hash) "
                        + "VALUES (1, 1, gen_random_uuid(), 'AccountOpened', '{}', now(), "
                        + "decode(repeat('00', 32), 'hex'), decode(repeat('11', 32), 'hex'))",
                "UPDATE accounts SET balance_minor = 1000000",
                "DELETE FROM account_history",
                "UPDATE node_progress SET applied_slot = 99",
                "INSERT INTO acceptor_promise (ballot_round, ballot_node_id) VALUES (9, 9)",
                "INSERT INTO chosen_slots (slot, value) VALUES (1, '\\x00')",
                "CREATE TABLE reporting.mine (x int)",
                "CREATE TABLE public.mine (x int)");
        try (Connection reader = database.reader().getConnection(); Statement statement = reader.createStatement()) {
            for (String write : writes) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(write), write);
                assertEquals(INSUFFICIENT_PRIVILEGE, refused.getSQLState(), write + ": " + refused.getMessage());
            }
            SQLException read = assertThrows(SQLException.class,
                    () -> statement.executeQuery("SELECT * FROM events"));
            assertEquals(INSUFFICIENT_PRIVILEGE, read.getSQLState(), read.getMessage());
            SQLException viewWrite = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("UPDATE reporting.balances SET balance_minor = 1"));
            assertEquals(INSUFFICIENT_PRIVILEGE, viewWrite.getSQLState(), viewWrite.getMessage());
        }
    }
}
