package io.bankledger.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.node.ledger.Ledger;
import io.bankledger.node.testing.TestDatabase;
import io.bankledger.node.testing.TestDatabases;
import io.bankledger.protocol.Command;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The append-only tables are vacuumed every 10,000 new rows and frozen on that visit, not once a
 * fifth of the table is new, and not analyzed as often (V14): read back from the server's own
 * statistics after real applies, with nothing but the autovacuum daemon to do it.
 */
class AppendOnlyVacuumTest {

    private static final long EPOCH_MS = 1_700_000_000_000L;
    private static final int GROUPS = 11;
    private static final int DEPOSITS_PER_GROUP = 1_000;
    /** V14's autovacuum_vacuum_insert_threshold on both tables. */
    private static final int THRESHOLD = 10_000;
    /** The embedded servers look every 5 s; an external one may keep PostgreSQL's default minute. */
    private static final Duration PATIENCE = Duration.ofSeconds(150);

    private final Ledger ledger = new Ledger();
    private long slot;
    private int ids;

    private AppliedBatch decide(List<Command> commands) {
        slot++;
        return Decisions.decide(ledger, slot, EPOCH_MS + slot, commands);
    }

    private String nextId() {
        return String.format("00000000-0000-7000-8000-%012d", ++ids);
    }

    @Test
    void tenThousandNewEventsAreVacuumedAndFrozenWithoutWaitingForAFifthOfTheTable() throws Exception {
        TestDatabase database = TestDatabases.fresh();
        NodeStore store = new NodeStore(database.writer());
        store.apply(List.of(decide(List.of(new Command.OpenAccount(nextId(), "alice", "Alice", "EUR")))));
        for (int group = 0; group < GROUPS; group++) {
            List<Command> deposits = new ArrayList<>();
            for (int i = 0; i < DEPOSITS_PER_GROUP; i++) {
                deposits.add(new Command.Deposit(nextId(), "alice", 1));
            }
            store.apply(List.of(decide(deposits)));
        }

        try (Connection connection = database.admin().getConnection();
             Statement statement = connection.createStatement()) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            List<TableState> state = tableStates(statement);
            while (!state.stream().allMatch(TableState::done) && System.nanoTime() < deadline) {
                Thread.sleep(500);
                state = tableStates(statement);
            }
            assertTrue(state.stream().allMatch(TableState::done), "autovacuum within " + PATIENCE.toSeconds()
                    + " s of " + GROUPS * DEPOSITS_PER_GROUP + " inserts into tables of as many rows: " + state);
            // Analyzed only after half a million more changes than PostgreSQL's tenth of the table:
            // with the default, the same visit that vacuumed would have sampled both tables too.
            assertTrue(state.stream().noneMatch(TableState::autoanalyzed), state::toString);
            assertEquals(GROUPS * DEPOSITS_PER_GROUP + 1, single(statement, "SELECT count(*) FROM events"));
        }
    }

    /**
     * A table's rows counted as frozen are those whose transaction is older than the oldest
     * unfrozen one PostgreSQL keeps for the table: with its default freeze age (50 million
     * transactions) a vacuum would have left every row of this test unfrozen.
     */
    private record TableState(String table, boolean autovacuumed, boolean autoanalyzed, long frozenRows) {
        boolean done() {
            return autovacuumed && frozenRows >= THRESHOLD;
        }
    }

    private static List<TableState> tableStates(Statement statement) throws Exception {
        List<TableState> states = new ArrayList<>();
        for (String table : List.of("events", "account_history")) {
            try (ResultSet row = statement.executeQuery("""
                    SELECT (SELECT autovacuum_count > 0 FROM pg_stat_user_tables WHERE relname = '%1$s'),
                           (SELECT autoanalyze_count > 0 FROM pg_stat_user_tables WHERE relname = '%1$s'),
                           (SELECT count(*) FROM %1$s
                            WHERE age(xmin) > (SELECT age(relfrozenxid) FROM pg_class WHERE oid = '%1$s'::regclass))
                    """.formatted(table))) {
                row.next();
                states.add(new TableState(table, row.getBoolean(1), row.getBoolean(2), row.getLong(3)));
            }
        }
        return states;
    }

    private static long single(Statement statement, String sql) throws Exception {
        try (ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
