package io.bankledger.node.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.migrations.Migrations;
import io.bankledger.node.testing.TestDatabase;
import io.bankledger.node.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/** The Flyway migrations against a real PostgreSQL server, and the constraints they put in place. */
class MigrationsTest {

    /** The type of the stored payload copy of events, which V16 drops: no row once it has run. */
    private static final String STORED_PAYLOAD_TYPE = "SELECT data_type FROM information_schema.columns"
            + " WHERE table_schema = 'public' AND table_name = 'events' AND column_name = 'payload'";

    @Test
    void migratesAnEmptyDatabaseToTheCurrentSchemaAndIsIdempotent() throws Exception {
        TestDatabase database = TestDatabases.fresh(false);

        MigrateResult first = Migrations.migrate(database.admin());
        MigrateResult second = Migrations.migrate(database.admin());

        assertTrue(first.migrationsExecuted >= 4, "all migrations applied: " + first.migrationsExecuted);
        assertEquals(0, second.migrationsExecuted, "a second run changes nothing");
        try (Connection connection = database.admin().getConnection();
             Statement statement = connection.createStatement();
             ResultSet progress = statement.executeQuery("SELECT applied_slot, last_seq FROM node_progress")) {
            assertTrue(progress.next());
            assertEquals(0, progress.getLong(1));
            assertEquals(0, progress.getLong(2));
        }
    }

    @Test
    void aCommandIdCanHaveOnlyOneEvent() throws Exception {
        TestDatabase database = TestDatabases.fresh();
        UUID commandId = UUID.randomUUID();
        try (Connection connection = database.writer().getConnection()) {
            SchemaRows.insertEvent(connection, 1, commandId, "AccountOpened");

            SQLException duplicate = assertThrows(SQLException.class,
                    () -> SchemaRows.insertEvent(connection, 2, commandId, "Deposited"));
            assertEquals("23505", duplicate.getSQLState(), duplicate.getMessage());
            assertTrue(duplicate.getMessage().contains("events_command_id_unique"), duplicate.getMessage());
        }
    }

    @Test
    void unknownEventTypesAreRefused() throws Exception {
        TestDatabase database = TestDatabases.fresh();
        try (Connection connection = database.writer().getConnection()) {
            SQLException refused = assertThrows(SQLException.class,
                    () -> SchemaRows.insertEvent(connection, 1, UUID.randomUUID(), "MoneyPrinted"));
            assertEquals("23514", refused.getSQLState(), refused.getMessage());
        }
    }

    /**
     * V16: the table keeps only the canonical text of a payload; it must be a JSON object, and the
     * analysts' view parses it into jsonb when read.
     */
    @Test
    void aPayloadMustBeAJsonObjectAndIsReadAsJsonb() throws Exception {
        TestDatabase database = TestDatabases.fresh();
        try (Connection connection = database.writer().getConnection();
             Statement statement = connection.createStatement()) {
            long seq = 1;
            for (String payload : List.of("not json", "[1, 2]", "\"text\"", "{\"accountId\": ")) {
                long at = seq++;
                SQLException refused = assertThrows(SQLException.class, () -> statement.executeUpdate("""
                        INSERT INTO events (seq, slot, command_id, type, payload_canonical, event_time, prev_hash,
                                            hash, status, reason, reply)
                        VALUES (%d, 1, gen_random_uuid(), 'Deposited', '%s', now(), decode(repeat('00', 32), 'hex'),
                                decode(repeat('09', 32), 'hex'), 'OK', NULL, '{}')""".formatted(at, payload)),
                        payload);
                assertEquals("23514", refused.getSQLState(), payload + ": " + refused.getMessage());
                assertTrue(refused.getMessage().contains("events_payload_canonical_is_json_object"),
                        refused.getMessage());
            }
            SchemaRows.insertEvent(connection, 1, UUID.randomUUID(), "Deposited");
        }
        try (Connection connection = database.admin().getConnection()) {
            assertEquals(List.of(List.of("acc-1", "jsonb")), rows(connection,
                    "SELECT payload ->> 'accountId', pg_typeof(payload)::text FROM reporting.events"));
        }
    }

    @Test
    void balancesCannotGoNegativeAndCurrenciesMustBeIsoCodes() throws Exception {
        TestDatabase database = TestDatabases.fresh();
        try (Connection connection = database.writer().getConnection()) {
            SchemaRows.insertEvent(connection, 1, UUID.randomUUID(), "AccountOpened");

            SQLException negative = assertThrows(SQLException.class,
                    () -> SchemaRows.insertAccount(connection, "alice", "BRL", -1, 1));
            assertEquals("23514", negative.getSQLState(), negative.getMessage());

            SQLException badCurrency = assertThrows(SQLException.class,
                    () -> SchemaRows.insertAccount(connection, "alice", "brl", 0, 1));
            assertEquals("23514", badCurrency.getSQLState(), badCurrency.getMessage());

            for (String badId : List.of("alice smith", "", "a".repeat(65), "alicé", "a/b", "a\nb")) {
                SQLException refused = assertThrows(SQLException.class,
                        () -> SchemaRows.insertAccount(connection, badId, "BRL", 0, 1), badId);
                assertEquals("23514", refused.getSQLState(), refused.getMessage());
            }
            for (String currency : List.of("BR", "B1L", "Brl", "B L")) {
                SQLException refused = assertThrows(SQLException.class,
                        () -> SchemaRows.insertAccount(connection, "alice", currency, 0, 1), currency);
                assertEquals("23514", refused.getSQLState(), refused.getMessage());
            }
            SchemaRows.insertAccount(connection, "A-z_0.9" + "x".repeat(57), "EUR", 0, 1);

            SchemaRows.insertAccount(connection, "alice", "BRL", 0, 1);
        }
    }

    /**
     * V15: the id and currency rules run when a row is inserted or an UPDATE sets one of those columns,
     * and not when the apply updates a balance, which it does twice per transfer. Counted with
     * PostgreSQL's own per-transaction function statistics.
     */
    @Test
    void idAndCurrencyRulesRunOnlyWhenTheyCanBeBroken() throws Exception {
        TestDatabase database = TestDatabases.fresh();
        try (Connection connection = database.admin().getConnection();
             Statement statement = connection.createStatement()) {
            SchemaRows.insertEvent(connection, 1, UUID.randomUUID(), "AccountOpened");
            connection.setAutoCommit(false);
            statement.execute("SET LOCAL track_functions = 'pl'");
            SchemaRows.insertAccount(connection, "alice", "BRL", 0, 1);
            assertEquals(1, formatChecks(connection), "an insert is checked");

            assertEquals(1, statement.executeUpdate(
                    "UPDATE accounts SET balance_minor = 500, version = 2 WHERE account_id = 'alice'"));
            assertEquals(1, formatChecks(connection), "a balance update is not");

            statement.execute("SAVEPOINT before_bad_currency");
            SQLException badCurrency = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("UPDATE accounts SET currency = 'brl' WHERE account_id = 'alice'"));
            assertEquals("23514", badCurrency.getSQLState(), badCurrency.getMessage());
            statement.execute("ROLLBACK TO SAVEPOINT before_bad_currency");

            SQLException badId = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("UPDATE accounts SET account_id = 'alice smith' WHERE account_id = 'alice'"));
            assertEquals("23514", badId.getSQLState(), badId.getMessage());
            connection.rollback();
        }
    }

    private static long formatChecks(Connection connection) throws SQLException {
        List<List<String>> calls = rows(connection, """
                SELECT coalesce(sum(calls), 0) FROM pg_stat_xact_user_functions
                WHERE funcname = 'accounts_check_id_and_currency'""");
        return Long.parseLong(calls.get(0).get(0));
    }

    @Test
    void projectionsThatReferToNothingAreNamedByTheReconciliation() throws Exception {
        TestDatabase database = TestDatabases.fresh();
        try (Connection connection = database.writer().getConnection();
             Statement statement = connection.createStatement()) {
            SchemaRows.insertAccount(connection, "bob", "EUR", 0, 42);
            statement.executeUpdate("""
                    INSERT INTO account_history (account_id, seq, slot, command_id, type, amount_minor,
                                                 balance_after_minor, event_time)
                    VALUES ('ghost', 43, 1, gen_random_uuid(), 'Deposited', 5, 5, now())""");
        }
        java.util.Set<String> found = new java.util.TreeSet<>();
        try (Connection connection = database.admin().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT kind, subject, actual FROM reporting.reconciliation")) {
            while (rows.next()) {
                found.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getLong(3));
            }
        }
        assertTrue(found.contains("account_without_event bob 42"), found.toString());
        assertTrue(found.contains("history_without_event ghost 43"), found.toString());
        assertTrue(found.contains("history_without_account ghost 43"), found.toString());
    }

    @Test
    void everyEventCarriesTheOutcomeOfItsCommand() throws Exception {
        TestDatabase database = TestDatabases.fresh();
        UUID deposit = UUID.randomUUID();
        UUID rejected = UUID.randomUUID();
        try (Connection connection = database.writer().getConnection()) {
            SchemaRows.insertEvent(connection, 1, deposit, "Deposited");
            SchemaRows.insertEvent(connection, 2, rejected, "CommandRejected");

            List<List<String>> refused = List.of(
                    List.of("Deposited", "REJECTED", "UNKNOWN_ACCOUNT"),   // an effect with a rejected outcome
                    List.of("CommandRejected", "OK", ""),                  // a rejection answered OK
                    List.of("Withdrawn", "OK", "UNKNOWN_ACCOUNT"),         // OK with a reason
                    List.of("CommandRejected", "REJECTED", ""),            // rejected without a reason
                    List.of("Deposited", "MAYBE", ""));                    // no such status
            long seq = 3;
            for (List<String> row : refused) {
                long at = seq++;
                SQLException error = assertThrows(SQLException.class, () -> SchemaRows.insertEvent(connection, at,
                        UUID.randomUUID(), row.get(0), row.get(1), row.get(2).isEmpty() ? null : row.get(2)),
                        row.toString());
                assertEquals("23514", error.getSQLState(), row + ": " + error.getMessage());
            }
            try (Statement statement = connection.createStatement()) {
                SQLException noOutcome = assertThrows(SQLException.class, () -> statement.executeUpdate("""
                        INSERT INTO events (seq, slot, command_id, type, payload_canonical, event_time, prev_hash, hash)
                        VALUES (9, 9, gen_random_uuid(), 'Deposited', '{}', now(),
                                decode(repeat('00', 32), 'hex'), decode(repeat('09', 32), 'hex'))"""));
                assertEquals("23502", noOutcome.getSQLState(), noOutcome.getMessage());
            }
            // command_outcomes, a table until V8, is the same rows seen from the outcome's side.
            assertEquals(List.of(Arrays.asList(deposit.toString(), "1", "OK", null),
                            List.of(rejected.toString(), "2", "REJECTED", "UNKNOWN_ACCOUNT")),
                    rows(connection, "SELECT command_id, seq, status, reason FROM command_outcomes ORDER BY seq"));
        }
    }

    @Test
    void upgradingFromV8MovesEachOutcomeIntoItsEvent() throws Exception {
        UUID opened = UUID.randomUUID();
        UUID rejected = UUID.randomUUID();
        TestDatabase database = atV8With(v8Event(1, opened, "AccountOpened"), v8Event(2, rejected, "CommandRejected"),
                v8Outcome(opened, 1, "OK", null), v8Outcome(rejected, 2, "REJECTED", "UNKNOWN_ACCOUNT"));

        assertEquals(10, Migrations.migrate(database.admin()).migrationsExecuted, "V9 to V18");

        try (Connection connection = database.admin().getConnection()) {
            // The hash chain is untouched: each event keeps the hash it was written with.
            assertEquals(List.of(
                            Arrays.asList(opened.toString(), "OK", null, "{\"reply\":\"" + opened + "\"}",
                                    "\\x" + HexFormat.of().formatHex(SchemaRows.hash(1))),
                            List.of(rejected.toString(), "REJECTED", "UNKNOWN_ACCOUNT",
                                    "{\"reply\":\"" + rejected + "\"}",
                                    "\\x" + HexFormat.of().formatHex(SchemaRows.hash(2)))),
                    rows(connection, "SELECT command_id, status, reason, reply, hash FROM events ORDER BY seq"));
            // V18 rebuilds only the replies it does not store: the ones written before are shown as stored.
            assertEquals(List.of(List.of(opened.toString(), "{\"reply\":\"" + opened + "\"}"),
                            List.of(rejected.toString(), "{\"reply\":\"" + rejected + "\"}")),
                    rows(connection, "SELECT command_id, reply FROM command_outcomes ORDER BY seq"));
        }
    }

    @Test
    void upgradingToV12FindsTheNewestTimeOrderedIdAlreadyApplied() throws Exception {
        UUID newer = UUID.fromString("019ac0ff-0001-7000-8000-000000000001");
        UUID random = UUID.fromString("ffffffff-ffff-4fff-bfff-ffffffffffff");
        UUID older = UUID.fromString("019ac0ff-0000-7000-8000-000000000002");
        TestDatabase database = atV8With(v8Event(1, newer, "AccountOpened"), v8Event(2, random, "AccountOpened"),
                v8Event(3, older, "AccountOpened"), v8Outcome(newer, 1, "OK", null), v8Outcome(random, 2, "OK", null),
                v8Outcome(older, 3, "OK", null));

        Migrations.migrate(database.admin());

        try (Connection connection = database.admin().getConnection()) {
            assertEquals(List.of(List.of(newer.toString())),
                    rows(connection, "SELECT newest_v7_command_id FROM node_progress"));
            assertEquals(List.of(List.of(newer.toString())),
                    rows(connection, "SELECT newest_v7_command_id FROM reporting.node_progress"));
        }
    }

    /** V16 on a database with events: the stored copy goes, every payload stays readable as jsonb. */
    @Test
    void upgradingToV16KeepsEveryPayloadReadable() throws Exception {
        TestDatabase database = freshAt("15");
        try (Connection connection = database.admin().getConnection()) {
            SchemaRows.insertEvent(connection, 1, UUID.randomUUID(), "AccountOpened");
            SchemaRows.insertEvent(connection, 2, UUID.randomUUID(), "Deposited");
            SchemaRows.insertAccount(connection, "acc-2", "BRL", 0, 2);
            assertEquals(List.of(List.of("jsonb")), rows(connection, STORED_PAYLOAD_TYPE));
        }

        assertEquals(3, Migrations.migrate(database.admin()).migrationsExecuted, "V16 to V18");

        try (Connection connection = database.admin().getConnection()) {
            assertEquals(List.of(), rows(connection, STORED_PAYLOAD_TYPE));
            assertEquals(List.of(List.of("1", "acc-1"), List.of("2", "acc-2")), rows(connection,
                    "SELECT seq, payload ->> 'accountId' FROM reporting.events ORDER BY seq"));
            // The analysts' daily totals find the deposit's currency through its payload's account.
            assertEquals(List.of(List.of("BRL", "1")), rows(connection,
                    "SELECT currency, deposit_count FROM reporting.daily_totals"));
        }
    }

    @Test
    void anOutcomeWithoutItsEventStopsTheUpgradeFromV8() throws Exception {
        UUID lonely = UUID.randomUUID();
        TestDatabase database = atV8With(v8Outcome(lonely, 7, "OK", null));

        org.flywaydb.core.api.FlywayException refused = assertThrows(org.flywaydb.core.api.FlywayException.class,
                () -> Migrations.migrate(database.admin()));
        assertTrue(refused.getMessage().contains("V9 cannot move outcomes into their events"), refused.getMessage());
        try (Connection connection = database.admin().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT command_id FROM command_outcomes")) {
            assertTrue(rows.next(), "the outcome is still there");
            assertEquals(lonely, rows.getObject(1));
        }
    }

    /** Every row of {@code sql}, each column as {@link ResultSet#getString} gives it. */
    private static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        List<List<String>> result = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(rows.getString(column));
                }
                result.add(row);
            }
        }
        return result;
    }

    /** A new database migrated only up to {@code version}. */
    private static TestDatabase freshAt(String version) {
        TestDatabase database = TestDatabases.fresh(false);
        Flyway.configure().dataSource(database.admin()).locations(Migrations.LOCATION).target(version).load().migrate();
        return database;
    }

    /** A new database migrated only up to V8, then given {@code inserts} as the administrator. */
    private static TestDatabase atV8With(String... inserts) throws SQLException {
        TestDatabase database = freshAt("8");
        try (Connection connection = database.admin().getConnection();
             Statement statement = connection.createStatement()) {
            for (String insert : inserts) {
                statement.executeUpdate(insert);
            }
        }
        return database;
    }

    private static String v8Event(long seq, UUID commandId, String type) {
        return """
                INSERT INTO events (seq, slot, command_id, type, payload_canonical, event_time, prev_hash, hash)
                VALUES (%d, 1, '%s', '%s', '{}', now(), decode('%s', 'hex'), decode('%s', 'hex'))"""
                .formatted(seq, commandId, type, HexFormat.of().formatHex(SchemaRows.hash(seq - 1)),
                        HexFormat.of().formatHex(SchemaRows.hash(seq)));
    }

    private static String v8Outcome(UUID commandId, long seq, String status, String reason) {
        return """
                INSERT INTO command_outcomes (command_id, seq, slot, status, reason, reply)
                VALUES ('%s', %d, 1, '%s', %s, '{"reply":"%s"}')"""
                .formatted(commandId, seq, status, reason == null ? "NULL" : "'" + reason + "'", commandId);
    }

    @Test
    void evenTheOwnerCannotRewriteTheEventLog() throws Exception {
        TestDatabase database = TestDatabases.fresh();
        try (Connection writer = database.writer().getConnection()) {
            SchemaRows.insertEvent(writer, 1, UUID.randomUUID(), "AccountOpened");
        }
        try (Connection admin = database.admin().getConnection(); Statement statement = admin.createStatement()) {
            SQLException update = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("UPDATE events SET slot = 7"));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            SQLException truncate = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("TRUNCATE events CASCADE"));
            assertTrue(truncate.getMessage().contains("append-only"), truncate.getMessage());
        }
    }
}
