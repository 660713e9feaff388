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
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/** The Flyway migrations against a real PostgreSQL server, and the constraints they put in place. */
class MigrationsTest {

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

    @Test
    void projectionsThatReferToNothingAreNamedByTheReconciliation() throws Exception {
        TestDatabase database = TestDatabases.fresh();
        UUID eventWithoutOutcome = UUID.randomUUID();
        UUID outcomeWithoutEvent = UUID.randomUUID();
        try (Connection connection = database.writer().getConnection();
             Statement statement = connection.createStatement()) {
            SchemaRows.insertAccount(connection, "bob", "EUR", 0, 42);
            statement.executeUpdate("""
                    INSERT INTO account_history (account_id, seq, slot, command_id, type, amount_minor,
                                                 balance_after_minor, event_time)
                    VALUES ('ghost', 43, 1, gen_random_uuid(), 'Deposited', 5, 5, now())""");
            SchemaRows.insertEvent(connection, 1, eventWithoutOutcome, "AccountOpened");
            statement.executeUpdate("""
                    INSERT INTO command_outcomes (command_id, seq, slot, status, reason, reply)
                    VALUES ('%s', 99, 1, 'OK', NULL, '{}')""".formatted(outcomeWithoutEvent));
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
        assertTrue(found.contains("event_without_outcome " + eventWithoutOutcome + " 1"), found.toString());
        assertTrue(found.contains("outcome_without_event " + outcomeWithoutEvent + " 99"), found.toString());
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
