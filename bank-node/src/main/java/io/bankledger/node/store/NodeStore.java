package io.bankledger.node.store;

import io.bankledger.node.ledger.Account;
import io.bankledger.node.ledger.BatchResult;
import io.bankledger.node.ledger.LedgerState;
import io.bankledger.paxos.AcceptedValue;
import io.bankledger.paxos.AcceptorState;
import io.bankledger.paxos.Ballot;
import io.bankledger.paxos.DurableWrite;
import io.bankledger.paxos.Value;
import io.bankledger.paxos.message.PaxosCodec;
import io.bankledger.protocol.AccountStatus;
import io.bankledger.protocol.CommittedEvent;
import io.bankledger.protocol.EventCodec;
import io.bankledger.protocol.HistoryEntry;
import io.bankledger.protocol.LedgerEvent;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * A node's PostgreSQL database: what the Paxos core asks to be durable, what the ledger decided,
 * and the reads that catch-up, history and verification need.
 *
 * <p>Durability order is the caller's: {@link #persist} returns only once the acceptor writes are
 * committed (the caller sends Promise/Accepted after it); {@link #apply} commits a group of chosen
 * batches — log entries, events, outcomes, projections and the applied slot — in one transaction.
 * Each write is one statement with its rows as arrays (a rebuild of the projections uses JDBC
 * batches), never a round trip per row.
 */
public final class NodeStore {

    private static final HexFormat HEX = HexFormat.of();

    private final Jdbi jdbi;

    public NodeStore(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
    }

    /**
     * Reads everything a restarting node needs, with the newest {@code outcomesKept} outcomes (the
     * rest stay in the store, and {@link #outcomes} reads them when a command asks).
     */
    public Recovered recover(int outcomesKept) {
        return jdbi.inTransaction(handle -> {
            Ballot promised = handle.createQuery("SELECT ballot_round, ballot_node_id FROM acceptor_promise")
                    .map((rs, ctx) -> new Ballot(rs.getLong(1), rs.getInt(2)))
                    .findOne().orElse(Ballot.ZERO);
            TreeMap<Long, AcceptedValue> accepted = new TreeMap<>();
            handle.createQuery("SELECT slot, ballot_round, ballot_node_id, value FROM acceptor_accepted ORDER BY slot")
                    .map((rs, ctx) -> {
                        accepted.put(rs.getLong(1), new AcceptedValue(new Ballot(rs.getLong(2), rs.getInt(3)),
                                PaxosCodec.decodeValue(rs.getBytes(4))));
                        return null;
                    }).list();
            Progress progress = progress(handle);
            List<Account> accounts = handle.createQuery("""
                            SELECT account_id, owner, currency, balance_minor, status, version
                            FROM accounts ORDER BY account_id""")
                    .map((rs, ctx) -> new Account(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getLong(4), AccountStatus.valueOf(rs.getString(5)), rs.getLong(6)))
                    .list();
            Map<String, String> currencies = new HashMap<>();
            accounts.forEach(account -> currencies.put(account.accountId(), account.currency()));
            Map<String, Reply> outcomes = new LinkedHashMap<>();
            // Each event carries its command's outcome (V9), or is its own when reply is NULL (V18);
            // the newest, oldest of them first.
            handle.createQuery("""
                            SELECT command_id::text, reply, slot, seq, type, payload_canonical FROM (
                                SELECT command_id, reply, slot, seq, type, payload_canonical
                                FROM events ORDER BY seq DESC LIMIT :kept
                            ) newest ORDER BY seq""")
                    .bind("kept", outcomesKept)
                    .map((rs, ctx) -> {
                        OutcomeRow row = OutcomeRow.read(rs);
                        return outcomes.put(row.commandId(), row.outcome(currencies::get));
                    })
                    .list();
            // Every time-ordered id of an outcome not loaded above is at most this one (V12).
            String newestTimeOrderedId = handle.createQuery(
                            "SELECT newest_v7_command_id::text FROM node_progress")
                    .mapTo(String.class).one();
            LedgerState ledger = LedgerState.restore(accounts, outcomes, progress.lastSeq(), progress.lastHash(),
                    progress.appliedSlot(), newestTimeOrderedId);
            return new Recovered(new AcceptorState(promised, accepted), ledger, progress.appliedSlot());
        });
    }

    /**
     * What an event row keeps of its command's outcome: the reply, or NULL for one rebuilt from the
     * event (V18), whose payload is then parsed once, here.
     */
    private record OutcomeRow(String commandId, String reply, long slot, long seq, LedgerEvent event) {
        /** Columns: command_id::text, reply, slot, seq, type, payload_canonical. */
        static OutcomeRow read(ResultSet rs) throws SQLException {
            String reply = rs.getString(2);
            return new OutcomeRow(rs.getString(1), reply, rs.getLong(3), rs.getLong(4),
                    reply != null ? null : EventCodec.decodePayload(rs.getString(5), rs.getString(6)));
        }

        /** The account whose currency a rebuilt reply needs, or null when the reply is stored. */
        String currencyAccount() {
            return event == null ? null : DerivedReplies.accountOf(event);
        }

        Reply outcome(Function<String, String> currencyOf) {
            if (reply != null) {
                return ReplyCodec.decode(reply);
            }
            String accountId = currencyAccount();
            String currency = accountId == null ? null : currencyOf.apply(accountId);
            Reply derived = currency == null ? null : DerivedReplies.derive(commandId, slot, seq, event, currency);
            if (derived == null) {
                throw new IllegalStateException("event " + seq + " has no stored reply and none can be rebuilt"
                        + " (account " + accountId + ", currency " + currency + ")");
            }
            return derived;
        }
    }

    /** The stored outcomes of those of {@code commandIds} that have one, in no particular order. */
    public List<Reply> outcomes(Collection<String> commandIds) {
        if (commandIds.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(handle -> {
            List<OutcomeRow> rows = handle.createQuery("""
                            SELECT command_id::text, reply, slot, seq, type, payload_canonical
                            FROM events WHERE command_id = ANY(CAST(:ids AS uuid[]))""")
                    .bindArray("ids", String.class, commandIds)
                    .map((rs, ctx) -> OutcomeRow.read(rs))
                    .list();
            List<String> accountIds = rows.stream().map(OutcomeRow::currencyAccount).filter(Objects::nonNull).toList();
            Map<String, String> currencies = new HashMap<>();
            if (!accountIds.isEmpty()) {
                handle.createQuery("SELECT account_id, currency FROM accounts WHERE account_id = ANY(:ids)")
                        .bindArray("ids", String.class, accountIds)
                        .map((rs, ctx) -> currencies.put(rs.getString(1), rs.getString(2)))
                        .list();
            }
            return rows.stream().map(row -> row.outcome(currencies::get)).toList();
        });
    }

    /**
     * The acceptor's writes as one statement, so one round trip and one commit: the promise (if
     * {@code ?::boolean}) in a data-modifying WITH, which runs whether or not the rest reads it,
     * and the accepted values as arrays.
     */
    private static final String PERSIST_SQL = """
            WITH promise AS (
                INSERT INTO acceptor_promise (singleton, ballot_round, ballot_node_id)
                SELECT true, ?::bigint, ?::integer WHERE ?::boolean
                ON CONFLICT (singleton) DO UPDATE
                SET ballot_round = excluded.ballot_round, ballot_node_id = excluded.ballot_node_id
            )
            INSERT INTO acceptor_accepted (slot, ballot_round, ballot_node_id, value)
            SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::integer[], ?::bytea[])
            ON CONFLICT (slot) DO UPDATE SET ballot_round = excluded.ballot_round,
                ballot_node_id = excluded.ballot_node_id, value = excluded.value""";

    /** Makes the acceptor's writes durable, in order, in one statement (atomic by itself). */
    public void persist(List<DurableWrite> writes) {
        if (writes.isEmpty()) {
            return;
        }
        Ballot promised = null;
        Map<Long, DurableWrite.AcceptWrite> accepts = new TreeMap<>();
        for (DurableWrite write : writes) {
            if (write instanceof DurableWrite.PromiseWrite promise) {
                promised = promised == null ? promise.ballot() : Ballot.max(promised, promise.ballot());
            } else if (write instanceof DurableWrite.AcceptWrite accept) {
                // A later write of the same slot replaces an earlier one, as it would in order.
                accepts.put(accept.slot(), accept);
            }
        }
        Long[] slots = new Long[accepts.size()];
        Long[] rounds = new Long[accepts.size()];
        Integer[] nodes = new Integer[accepts.size()];
        byte[][] values = new byte[accepts.size()][];
        int i = 0;
        for (DurableWrite.AcceptWrite accept : accepts.values()) {
            slots[i] = accept.slot();
            rounds[i] = accept.ballot().round();
            nodes[i] = accept.ballot().nodeId();
            values[i] = PaxosCodec.encodeValue(accept.value());
            i++;
        }
        Ballot promise = promised;
        try {
            jdbi.useHandle(handle -> {
                Connection connection = handle.getConnection();
                try (PreparedStatement statement = connection.prepareStatement(PERSIST_SQL)) {
                    statement.setLong(1, promise == null ? 0 : promise.round());
                    statement.setInt(2, promise == null ? 0 : promise.nodeId());
                    statement.setBoolean(3, promise != null);
                    statement.setArray(4, connection.createArrayOf("bigint", slots));
                    statement.setArray(5, connection.createArrayOf("bigint", rounds));
                    statement.setArray(6, connection.createArrayOf("integer", nodes));
                    statement.setArray(7, connection.createArrayOf("bytea", values));
                    statement.execute();
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("persisting the acceptor's " + writes.size() + " writes failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Commits a group of consecutive chosen batches: the replicated log entries, their events,
     * the new outcomes, the projections, and the applied slot, all or nothing, in one statement
     * ({@link ApplyStatement}).
     */
    public void apply(List<AppliedBatch> batches) {
        if (batches.isEmpty()) {
            return;
        }
        ApplyStatement statement = new ApplyStatement();
        batches.forEach(statement::add);
        try {
            jdbi.useHandle(handle -> statement.execute(handle.getConnection()));
        } catch (SQLException e) {
            throw new IllegalStateException("applying slots up to " + batches.get(batches.size() - 1).slot()
                    + " failed: " + e.getMessage(), e);
        }
    }

    private static void bindHistory(PreparedBatch history, HistoryRow row) {
        history.bind("accountId", row.accountId()).bind("seq", row.seq()).bind("slot", row.slot())
                .bind("commandId", row.commandId()).bind("type", row.type()).bind("amount", row.amountMinor())
                .bind("balance", row.balanceAfterMinor()).bind("counterparty", row.counterpartyAccountId())
                .bind("time", Timestamp.from(Instant.ofEpochMilli(row.timestampMs()))).add();
    }

    /** The chosen values of {@code fromSlot..toSlot}, in slot order; fails if the store lacks one. */
    public List<Value> chosen(long fromSlot, long toSlot) {
        List<Value> values = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT value FROM chosen_slots WHERE slot BETWEEN :from AND :to ORDER BY slot")
                .bind("from", fromSlot).bind("to", toSlot)
                .map((rs, ctx) -> PaxosCodec.decodeValue(rs.getBytes(1)))
                .list());
        if (values.size() != toSlot - fromSlot + 1) {
            throw new IllegalStateException("store holds " + values.size() + " of slots " + fromSlot + ".." + toSlot);
        }
        return values;
    }

    /** An account's statement lines after {@code afterSeq}, oldest first, at most {@code limit}. */
    public List<HistoryEntry> history(String accountId, long afterSeq, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT account_id, seq, slot, command_id::text, type, amount_minor, balance_after_minor,
                               counterparty_account_id, event_time
                        FROM account_history WHERE account_id = :id AND seq > :after ORDER BY seq LIMIT :limit""")
                .bind("id", accountId).bind("after", afterSeq).bind("limit", limit)
                .map((rs, ctx) -> new HistoryRow(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getString(8),
                        rs.getTimestamp(9).toInstant().toEpochMilli()).toEntry())
                .list());
    }

    /** Committed events after {@code afterSeq}, in seq order, at most {@code limit}. */
    public List<CommittedEvent> eventsAfter(long afterSeq, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT seq, slot, command_id::text, type, payload_canonical, event_time, prev_hash, hash
                        FROM events WHERE seq > :after ORDER BY seq LIMIT :limit""")
                .bind("after", afterSeq).bind("limit", limit)
                .map((rs, ctx) -> new CommittedEvent(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getTimestamp(6).toInstant().toEpochMilli(),
                        EventCodec.decodePayload(rs.getString(4), rs.getString(5)),
                        HEX.formatHex(rs.getBytes(7)), HEX.formatHex(rs.getBytes(8))))
                .list());
    }

    /** The hash of event {@code seq}, or null if this store has no such event yet. */
    public String hashAt(long seq) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT hash FROM events WHERE seq = :seq")
                .bind("seq", seq).map((rs, ctx) -> HEX.formatHex(rs.getBytes(1))).findOne().orElse(null));
    }

    public Progress progress() {
        return jdbi.withHandle(NodeStore::progress);
    }

    private static Progress progress(Handle handle) {
        return handle.createQuery("SELECT applied_slot, last_seq, last_hash FROM node_progress")
                .map((rs, ctx) -> new Progress(rs.getLong(1), rs.getLong(2), HEX.formatHex(rs.getBytes(3))))
                .one();
    }

    /**
     * Replays every event into fresh (temporary) tables with the same derivation the live
     * projection uses, and counts the rows that differ from the live tables in either direction.
     */
    public ProjectionCheck rebuildProjections() {
        return jdbi.inTransaction(handle -> {
            handle.execute("CREATE TEMP TABLE rebuilt_accounts (LIKE accounts) ON COMMIT DROP");
            handle.execute("CREATE TEMP TABLE rebuilt_history (LIKE account_history) ON COMMIT DROP");
            Map<String, RebuiltAccount> accounts = new LinkedHashMap<>();
            PreparedBatch history = handle.prepareBatch("""
                    INSERT INTO rebuilt_history (account_id, seq, slot, command_id, type, amount_minor,
                        balance_after_minor, counterparty_account_id, event_time)
                    VALUES (:accountId, :seq, :slot, CAST(:commandId AS uuid), :type, :amount, :balance,
                        :counterparty, :time)""");
            long replayed = 0;
            long afterSeq = 0;
            int historyRows = 0;
            while (true) {
                long from = afterSeq;
                List<CommittedEvent> page = handle.createQuery("""
                                SELECT seq, slot, command_id::text, type, payload_canonical, event_time, prev_hash, hash
                                FROM events WHERE seq > :after ORDER BY seq LIMIT 5000""")
                        .bind("after", from)
                        .map((rs, ctx) -> new CommittedEvent(rs.getLong(1), rs.getLong(2), rs.getString(3),
                                rs.getTimestamp(6).toInstant().toEpochMilli(),
                                EventCodec.decodePayload(rs.getString(4), rs.getString(5)),
                                HEX.formatHex(rs.getBytes(7)), HEX.formatHex(rs.getBytes(8))))
                        .list();
                if (page.isEmpty()) {
                    break;
                }
                for (CommittedEvent event : page) {
                    replayed++;
                    for (HistoryRow row : HistoryRow.of(event)) {
                        bindHistory(history, row);
                        historyRows++;
                        RebuiltAccount account = accounts.computeIfAbsent(row.accountId(), id -> new RebuiltAccount());
                        account.apply(event, row);
                    }
                    afterSeq = event.seq();
                }
            }
            if (historyRows > 0) {
                history.execute();
            }
            if (!accounts.isEmpty()) {
                PreparedBatch insert = handle.prepareBatch("""
                        INSERT INTO rebuilt_accounts (account_id, owner, currency, balance_minor, status, version,
                            opened_seq, last_seq)
                        VALUES (:id, :owner, :currency, :balance, :status, :version, :openedSeq, :lastSeq)""");
                accounts.forEach((id, account) -> insert.bind("id", id).bind("owner", account.owner)
                        .bind("currency", account.currency).bind("balance", account.balanceMinor)
                        .bind("status", account.status).bind("version", account.version)
                        .bind("openedSeq", account.openedSeq).bind("lastSeq", account.lastSeq).add());
                insert.execute();
            }
            long accountRows = count(handle, "SELECT count(*) FROM accounts");
            long historyCount = count(handle, "SELECT count(*) FROM account_history");
            long accountsDiffering = count(handle, """
                    SELECT count(*) FROM ((SELECT * FROM accounts EXCEPT ALL SELECT * FROM rebuilt_accounts)
                    UNION ALL (SELECT * FROM rebuilt_accounts EXCEPT ALL SELECT * FROM accounts)) d""");
            long historyDiffering = count(handle, """
                    SELECT count(*) FROM ((SELECT * FROM account_history EXCEPT ALL SELECT * FROM rebuilt_history)
                    UNION ALL (SELECT * FROM rebuilt_history EXCEPT ALL SELECT * FROM account_history)) d""");
            return new ProjectionCheck(replayed, accountRows, historyCount, accountsDiffering, historyDiffering);
        });
    }

    private static long count(Handle handle, String sql) {
        return handle.createQuery(sql).mapTo(Long.class).one();
    }

    /** An account folded from its history rows, as rebuild-projections computes it. */
    private static final class RebuiltAccount {
        String owner;
        String currency;
        long balanceMinor;
        String status;
        long version;
        long openedSeq;
        long lastSeq;

        void apply(CommittedEvent event, HistoryRow row) {
            if (event.event() instanceof LedgerEvent.AccountOpened opened) {
                owner = opened.owner();
                currency = opened.currency();
                status = AccountStatus.OPEN.name();
                version = 1;
                openedSeq = row.seq();
            } else {
                version++;
                if (event.event() instanceof LedgerEvent.AccountClosed) {
                    status = AccountStatus.CLOSED.name();
                }
            }
            balanceMinor = row.balanceAfterMinor();
            lastSeq = row.seq();
        }
    }
}
