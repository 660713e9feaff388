package io.bankledger.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.bankledger.node.ledger.Ledger;
import io.bankledger.node.testing.TestDatabase;
import io.bankledger.node.testing.TestDatabases;
import io.bankledger.paxos.AcceptorState;
import io.bankledger.paxos.Ballot;
import io.bankledger.paxos.DurableWrite;
import io.bankledger.paxos.Value;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommittedEvent;
import io.bankledger.protocol.HistoryEntry;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import io.bankledger.protocol.Status;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one apply transaction ({@code bank_apply}, schemas V10 and V11) writes, read back from a real
 * PostgreSQL: accounts updated in place next to accounts opened in the same group, the history
 * lines, the log entries and the applied slot, and that recovery and a rebuild of the projections
 * agree with the ledger that decided them.
 */
class NodeStoreTest {

    private static final long EPOCH_MS = 1_700_000_000_000L;

    private NodeStore store;
    private Ledger ledger;
    private TestDatabase database;
    private long slot;
    private int ids;

    @BeforeEach
    void freshStore() {
        database = TestDatabases.fresh();
        store = new NodeStore(database.writer());
        ledger = new Ledger();
        slot = 0;
        ids = 0;
    }

    private String nextId() {
        return String.format("00000000-0000-7000-8000-%012d", ++ids);
    }

    /** The ledger decides the next slot; the result is not stored yet. */
    private AppliedBatch decide(Command... commands) {
        slot++;
        return Decisions.decide(ledger, slot, EPOCH_MS + slot, List.of(commands));
    }

    @Test
    void aGroupUpdatesExistingAccountsAndOpensNewOnesAndRecoveryAgrees() throws Exception {
        store.apply(List.of(
                decide(new Command.OpenAccount(nextId(), "alice", "Alice", "BRL"),
                        new Command.OpenAccount(nextId(), "bob", "Bob", "BRL"),
                        new Command.Deposit(nextId(), "alice", 1_000)),
                decide(new Command.Transfer(nextId(), "alice", "bob", 300),
                        new Command.OpenAccount(nextId(), "carol", "Carol", "USD"))));
        // One statement now updates alice and bob in place and inserts dave, opened in the same
        // group in which his account is written twice; a rejection writes an event and no account.
        String rejectedId = nextId();
        store.apply(List.of(
                decide(new Command.Transfer(nextId(), "bob", "alice", 100),
                        new Command.OpenAccount(nextId(), "dave", "Dave", "BRL"),
                        new Command.Transfer(rejectedId, "ghost", "alice", 1)),
                decide(new Command.Deposit(nextId(), "dave", 70),
                        new Command.Withdraw(nextId(), "alice", 50))));

        Map<String, List<Long>> seqsByAccount = seqsByAccount(store.eventsAfter(0, 100));
        try (Connection connection = database.admin().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT account_id, owner, currency, balance_minor, status, version, opened_seq, last_seq
                     FROM accounts ORDER BY account_id""")) {
            List<String> stored = new ArrayList<>();
            while (rows.next()) {
                stored.add(String.join(" ", rows.getString(1), rows.getString(2), rows.getString(3),
                        Long.toString(rows.getLong(4)), rows.getString(5), Long.toString(rows.getLong(6)),
                        Long.toString(rows.getLong(7)), Long.toString(rows.getLong(8))));
            }
            List<String> expected = new ArrayList<>();
            for (var account : ledger.state().accountsById()) {
                List<Long> seqs = seqsByAccount.get(account.accountId());
                expected.add(String.join(" ", account.accountId(), account.owner(), account.currency(),
                        Long.toString(account.balanceMinor()), account.status().name(),
                        Long.toString(account.version()), Long.toString(seqs.get(0)),
                        Long.toString(seqs.get(seqs.size() - 1))));
            }
            assertEquals(expected, stored);
            assertEquals(List.of("alice Alice BRL 750 OPEN 5 1 10", "bob Bob BRL 200 OPEN 3 2 6",
                    "carol Carol USD 0 OPEN 1 5 5", "dave Dave BRL 70 OPEN 2 7 9"), stored);
        }

        List<HistoryEntry> alice = store.history("alice", 0, 100);
        assertEquals(List.of(1L, 3L, 4L, 6L, 10L), alice.stream().map(HistoryEntry::seq).toList());
        assertEquals(List.of(0L, 1_000L, 700L, 800L, 750L),
                alice.stream().map(HistoryEntry::balanceMinor).toList());
        assertEquals(List.of(6L), store.history("alice", 4, 1).stream().map(HistoryEntry::seq).toList());

        Progress progress = store.progress();
        assertEquals(4, progress.appliedSlot());
        assertEquals(ledger.state().lastSeq(), progress.lastSeq());
        assertEquals(ledger.state().lastHash(), progress.lastHash());
        assertEquals(4, store.chosen(1, 4).size());
        assertEquals(List.of(ledger.state().outcome(rejectedId)), store.outcomes(List.of(rejectedId)));

        ProjectionCheck rebuilt = store.rebuildProjections();
        assertTrue(rebuilt.matches(), rebuilt::toString);
        assertEquals(new ProjectionCheck(10, 4, 11, 0, 0), rebuilt);

        Recovered recovered = store.recover(100);
        assertEquals(ledger.state(), recovered.ledger());
        assertEquals(4, recovered.appliedSlot());
    }

    /**
     * V18: a success stores no reply and a rejection stores its own; either way a retry (the
     * outcomes read back), a restart (recovery) and the analysts' view get exactly the reply the
     * ledger sent, for every kind of event.
     */
    @Test
    void aSuccessStoresNoReplyAndEveryOutcomeReadsBackAsSent() throws Exception {
        List<Command> commands = List.of(
                new Command.OpenAccount(nextId(), "alice", "Alice", "BRL"),
                new Command.OpenAccount(nextId(), "bob", "Bob", "BRL"),
                new Command.OpenAccount(nextId(), "carol", "Carol", "USD"),
                new Command.Deposit(nextId(), "alice", 1_000),
                new Command.Withdraw(nextId(), "alice", 100),
                new Command.Transfer(nextId(), "alice", "bob", 300),
                new Command.Transfer(nextId(), "bob", "alice", 10_000),
                new Command.Transfer(nextId(), "alice", "carol", 1),
                new Command.CloseAccount(nextId(), "carol"),
                new Command.Deposit(nextId(), "carol", 5),
                new Command.OpenAccount(nextId(), "alice", "Alice again", "USD"));
        store.apply(List.of(decide(commands.subList(0, 6).toArray(Command[]::new)),
                decide(commands.subList(6, commands.size()).toArray(Command[]::new))));
        List<String> ids = commands.stream().map(Command::commandId).toList();

        List<String> expectedStored = new ArrayList<>();
        List<String> expectedView = new ArrayList<>();
        for (String id : ids) {
            Reply sent = ledger.state().outcome(id);
            expectedStored.add(id + " " + (sent.status() == Status.OK ? "none" : ReplyCodec.encode(sent)));
            expectedView.add(id + " " + ReplyCodec.encode(sent));
        }
        assertEquals(List.of("OK", "OK", "OK", "OK", "OK", "OK", "REJECTED", "REJECTED", "OK", "REJECTED",
                "REJECTED"), ids.stream().map(id -> ledger.state().outcome(id).status().name()).toList());
        try (Connection connection = database.admin().getConnection();
             Statement statement = connection.createStatement()) {
            assertEquals(expectedStored, strings(statement,
                    "SELECT command_id::text || ' ' || COALESCE(reply, 'none') FROM events ORDER BY seq"));
            // The view rebuilds each success's reply byte for byte as the node encodes it.
            assertEquals(expectedView, strings(statement,
                    "SELECT command_id::text || ' ' || reply FROM command_outcomes ORDER BY seq"));
        }
        for (String id : ids) {
            assertEquals(List.of(ledger.state().outcome(id)), store.outcomes(List.of(id)), id);
        }
        assertEquals(ids.size(), store.outcomes(ids).size());
        assertEquals(ledger.state(), store.recover(100).ledger());
    }

    private static List<String> strings(Statement statement, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** A version-7 id made at {@code madeMs}. */
    private static String timeOrdered(long madeMs, int n) {
        return String.format("%08x-%04x-7000-8000-%012d", madeMs >>> 16, madeMs & 0xffff, n);
    }

    /**
     * V12: the store keeps the newest time-ordered id it applied, whatever order the ids came in,
     * and a recovered ledger that holds only its newest outcomes still asks about every older id
     * (a retry) while it knows later ones to be new.
     */
    @Test
    void theStoreKeepsTheNewestTimeOrderedIdAndRecoveryAsksAboutEveryOlderOne() throws Exception {
        String opened = timeOrdered(5_000, 1);
        String randomId = "ffffffff-ffff-4fff-bfff-ffffffffffff";
        String deposit = timeOrdered(3_000, 2);
        String later = timeOrdered(4_000, 3);
        store.apply(List.of(decide(new Command.OpenAccount(opened, "alice", "Alice", "BRL"),
                new Command.OpenAccount(randomId, "bob", "Bob", "BRL"), new Command.Deposit(deposit, "alice", 10))));
        store.apply(List.of(decide(new Command.Deposit(later, "bob", 5))));
        try (Connection connection = database.admin().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT newest_v7_command_id::text FROM node_progress")) {
            assertTrue(rows.next());
            assertEquals(opened, rows.getString(1), "the newest by time, not the last applied nor the greatest UUID");
        }

        Ledger recovered = new Ledger(store.recover(1).ledger(), 1);
        String fresh = timeOrdered(5_001, 4);
        List<Command> retries = List.of(new Command.Deposit(deposit, "alice", 10),
                new Command.OpenAccount(opened, "alice", "Alice", "BRL"), new Command.Deposit(randomId, "bob", 1),
                new Command.Deposit(later, "bob", 5), new Command.Deposit(fresh, "bob", 5));
        assertEquals(List.of(deposit, opened, randomId), List.copyOf(recovered.outcomesToFetch(retries)),
                "held: " + later + "; known new: " + fresh);
        assertEquals(3, store.outcomes(recovered.outcomesToFetch(retries)).size());
    }

    /** The acceptor's writes, one statement per call: promises only grow, a later write of a slot replaces it. */
    @Test
    void theAcceptorsWritesAreRecoveredAsLastWritten() {
        Value first = new Value(EPOCH_MS + 1, List.of("a".getBytes(StandardCharsets.UTF_8)));
        Value second = new Value(EPOCH_MS + 2, List.of("b".getBytes(StandardCharsets.UTF_8)));
        Value third = new Value(EPOCH_MS + 3, List.of());
        store.persist(List.of());
        assertEquals(Ballot.ZERO, store.recover(10).acceptor().promised(), "nothing written");

        store.persist(List.of(new DurableWrite.PromiseWrite(new Ballot(2, 1)),
                new DurableWrite.AcceptWrite(1, new Ballot(2, 1), first),
                new DurableWrite.AcceptWrite(2, new Ballot(2, 1), first),
                new DurableWrite.AcceptWrite(2, new Ballot(2, 1), second),
                new DurableWrite.PromiseWrite(new Ballot(1, 3))));
        AcceptorState acceptor = store.recover(10).acceptor();
        assertEquals(new Ballot(2, 1), acceptor.promised(), "the greater of two promises in one call");
        assertEquals(Map.of(1L, EPOCH_MS + 1, 2L, EPOCH_MS + 2), timestamps(acceptor));

        store.persist(List.of(new DurableWrite.AcceptWrite(1, new Ballot(3, 2), third)));
        store.persist(List.of(new DurableWrite.PromiseWrite(new Ballot(4, 2))));
        acceptor = store.recover(10).acceptor();
        assertEquals(new Ballot(4, 2), acceptor.promised());
        assertEquals(Map.of(1L, EPOCH_MS + 3, 2L, EPOCH_MS + 2), timestamps(acceptor));
        assertEquals(new Ballot(3, 2), acceptor.accepted().get(1L).ballot());
        assertEquals(0, acceptor.accepted().get(1L).value().commands().size());
        assertEquals("b", new String(acceptor.accepted().get(2L).value().commands().get(0), StandardCharsets.UTF_8));
    }

    /**
     * An apply forgets the acceptor's entries of the slots it applied and keeps those of later
     * slots, and it looks only at its own: the entries earlier applies deleted stay in the primary
     * key's index as dead entries until vacuum, and V12's range from the first slot read every one
     * of them in every apply (a tenth of the applying session's CPU at 500 transfers/s). With
     * autovacuum off for the table, the 40 slots' writes and applies must read about two index
     * entries each (the acceptor's write probes for its slot, the apply's delete finds it), not
     * all the dead ones before it as well (about 860 in all).
     */
    @Test
    void anApplyForgetsTheAcceptorsEntriesOfItsOwnSlotsOnly() throws Exception {
        try (Connection admin = database.admin().getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER TABLE acceptor_accepted SET (autovacuum_enabled = false)");
        }
        Ballot ballot = new Ballot(1, 1);
        int slots = 40;
        HikariConfig config = new HikariConfig();
        config.setDataSource(database.writer());
        config.setMaximumPoolSize(1);
        try (HikariDataSource oneSession = new HikariDataSource(config)) {
            NodeStore sameSession = new NodeStore(oneSession);
            sameSession.persist(List.of(new DurableWrite.AcceptWrite(1, ballot, new Value(EPOCH_MS, List.of()))));
            for (int i = 1; i <= slots; i++) {
                // As a node does: the next slot is accepted before this one is applied.
                sameSession.persist(List.of(new DurableWrite.AcceptWrite(i + 1, ballot, new Value(EPOCH_MS, List.of()))));
                sameSession.apply(List.of(decide(new Command.OpenAccount(nextId(), "acc" + i, "Owner " + i, "BRL"))));
            }
        }
        assertEquals(List.of((long) slots + 1), List.copyOf(store.recover(10).acceptor().accepted().keySet()),
                "only the entry of the slot accepted and not applied is left");

        // The server publishes a session's counters when the session ends: wait for them.
        long[] stats = acceptorStats();
        for (int attempt = 0; attempt < 100 && stats[1] < slots; attempt++) {
            Thread.sleep(100);
            stats = acceptorStats();
        }
        assertEquals(slots, stats[1], "entries deleted");
        assertTrue(stats[0] <= 3L * slots, "index entries read by the acceptor's writes and deletes: " + stats[0]);
    }

    /** acceptor_accepted's index entries read by scans, and its rows deleted, as the server counts them. */
    private long[] acceptorStats() throws Exception {
        try (Connection admin = database.admin().getConnection(); Statement statement = admin.createStatement();
             ResultSet row = statement.executeQuery("SELECT i.idx_tup_read, t.n_tup_del FROM pg_stat_user_tables t"
                     + " JOIN pg_stat_user_indexes i USING (relid) WHERE t.relname = 'acceptor_accepted'")) {
            row.next();
            return new long[] {row.getLong(1), row.getLong(2)};
        }
    }

    private static Map<Long, Long> timestamps(AcceptorState acceptor) {
        Map<Long, Long> bySlot = new TreeMap<>();
        acceptor.accepted().forEach((slot, accepted) -> bySlot.put(slot, accepted.value().timestampMs()));
        return bySlot;
    }

    @Test
    void aSlotThatIsNotAheadOfTheStoreIsRefusedAndChangesNothing() {
        store.apply(List.of(decide(new Command.OpenAccount(nextId(), "alice", "Alice", "BRL"))));
        Progress before = store.progress();

        // Slot 1 again, as a second applier of the same database (or a replay from scratch) would write it.
        ledger = new Ledger();
        slot = 0;
        AppliedBatch again = decide(new Command.OpenAccount(nextId(), "bob", "Bob", "BRL"));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> store.apply(List.of(again)));

        assertTrue(refused.getMessage().contains("applying slots up to 1 failed"), refused.getMessage());
        assertEquals(before, store.progress());
        assertEquals(1, store.eventsAfter(0, 100).size());
        assertEquals(List.of(), store.history("bob", 0, 100));
    }

    /**
     * The cost of an apply must follow the accounts it changes, not the accounts in the bank,
     * whatever the table's statistics say. V10's plan depended on them: until the accounts table
     * had been analyzed (here it has not, as on a node that has just opened its accounts, and
     * again whenever the table has grown since), it read the whole table on every call, and a
     * group of two transfers on 10,000 accounts cost about 2 ms of PostgreSQL CPU. Thirty groups
     * on one connection (the first plans custom, the later ones generic) must find their accounts
     * through the primary key.
     */
    @Test
    void anApplyReadsOnlyTheAccountsItChanges() throws Exception {
        int accounts = 2_000;
        List<Command> opening = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            opening.add(new Command.OpenAccount(nextId(), "acc" + i, "Owner " + i, "BRL"));
            opening.add(new Command.Deposit(nextId(), "acc" + i, 1_000));
        }
        store.apply(List.of(decide(opening.toArray(Command[]::new))));
        long scannedBefore = accountsStats()[0];

        HikariConfig config = new HikariConfig();
        config.setDataSource(database.writer());
        config.setMaximumPoolSize(1);
        int groups = 30;
        try (HikariDataSource oneSession = new HikariDataSource(config)) {
            NodeStore sameSession = new NodeStore(oneSession);
            for (int group = 0; group < groups; group++) {
                sameSession.apply(List.of(decide(
                        new Command.Transfer(nextId(), "acc" + group, "acc" + (group + 1), 1),
                        new Command.Transfer(nextId(), "acc" + (accounts - 1 - group), "acc" + group, 2))));
            }
        }
        // The server publishes a session's table counters when the session ends: wait for them.
        // Each group updates three accounts (acc<group> twice, in one statement).
        long expectedWrites = accounts + 3L * groups;
        long[] stats = accountsStats();
        for (int attempt = 0; attempt < 100 && stats[1] < expectedWrites; attempt++) {
            Thread.sleep(100);
            stats = accountsStats();
        }
        assertTrue(stats[1] == expectedWrites, "the apply updates were not counted: " + stats[1]);
        assertEquals(0, stats[0] - scannedBefore, "rows of accounts read by sequential scans during the applies");
        assertEquals(ledger.state().lastSeq(), store.progress().lastSeq());
        ProjectionCheck rebuilt = store.rebuildProjections();
        assertTrue(rebuilt.matches(), rebuilt::toString);
    }

    /** accounts' rows read by sequential scans, and rows inserted or updated, as the server counts them. */
    private long[] accountsStats() throws Exception {
        try (Connection admin = database.admin().getConnection(); Statement statement = admin.createStatement();
             ResultSet row = statement.executeQuery(
                     "SELECT seq_tup_read, n_tup_ins + n_tup_upd FROM pg_stat_user_tables WHERE relname = 'accounts'")) {
            row.next();
            return new long[] {row.getLong(1), row.getLong(2)};
        }
    }

    private static Map<String, List<Long>> seqsByAccount(List<CommittedEvent> events) {
        Map<String, List<Long>> seqs = new TreeMap<>();
        for (CommittedEvent event : events) {
            for (HistoryRow row : HistoryRow.of(event)) {
                seqs.computeIfAbsent(row.accountId(), id -> new ArrayList<>()).add(event.seq());
            }
        }
        return seqs;
    }
}
