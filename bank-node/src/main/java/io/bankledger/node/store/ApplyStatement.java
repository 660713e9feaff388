package io.bankledger.node.store;

import io.bankledger.node.ledger.Account;
import io.bankledger.protocol.CommittedEvent;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one group of chosen batches, column by column, sent as arrays to the
 * {@code bank_apply} function (migrations V6 and V9 to V13): one statement, one round trip, atomic by itself.
 * Each event carries its command's outcome (V9): a mutation has exactly one of each.
 */
final class ApplyStatement {

    private static final HexFormat HEX = HexFormat.of();
    /** bank_apply's parameter types, in order; every array is sent in the binary format (see {@link #text}). */
    private static final List<String> TYPES = List.of(
            "bigint[]", "bytea[]",
            "bigint[]", "bigint[]", "text[]", "text[]", "text[]", "bigint[]", "bytea[]", "bytea[]",
            "text[]", "text[]", "text[]",
            "text[]", "text[]", "text[]", "bigint[]", "text[]", "bigint[]", "bigint[]", "bigint[]",
            "text[]", "bigint[]", "bigint[]", "text[]", "text[]", "bigint[]", "bigint[]", "text[]", "bigint[]",
            "bigint", "bigint", "bytea");
    private static final String SQL = "SELECT bank_apply("
            + String.join(", ", TYPES.stream().map(type -> "?::" + type).toList()) + ")";

    private final List<Long> logSlot = new ArrayList<>();
    private final List<byte[]> logValue = new ArrayList<>();

    private final List<Long> evSeq = new ArrayList<>();
    private final List<Long> evSlot = new ArrayList<>();
    private final List<String> evCommand = new ArrayList<>();
    private final List<String> evType = new ArrayList<>();
    private final List<String> evPayload = new ArrayList<>();
    private final List<Long> evTimeMs = new ArrayList<>();
    private final List<byte[]> evPrev = new ArrayList<>();
    private final List<byte[]> evHash = new ArrayList<>();

    private final List<String> evStatus = new ArrayList<>();
    private final List<String> evReason = new ArrayList<>();
    private final List<String> evReply = new ArrayList<>();

    /** Every account the group changed, in order of first change, with what its row needs. */
    private final Map<String, ChangedAccount> accounts = new LinkedHashMap<>();

    private final List<String> hisAccount = new ArrayList<>();
    private final List<Long> hisSeq = new ArrayList<>();
    private final List<Long> hisSlot = new ArrayList<>();
    private final List<String> hisCommand = new ArrayList<>();
    private final List<String> hisType = new ArrayList<>();
    private final List<Long> hisAmount = new ArrayList<>();
    private final List<Long> hisBalance = new ArrayList<>();
    private final List<String> hisCounterparty = new ArrayList<>();
    private final List<Long> hisTimeMs = new ArrayList<>();

    private long lastSlot;
    private long lastSeq;
    private String lastHash;
    /** lastHash's bytes, from the ledger: the next event's previous hash, not parsed back from its hex. */
    private byte[] lastHashBytes;

    void add(AppliedBatch batch) {
        if (batch.slot() <= lastSlot) {
            throw new IllegalStateException("batches out of order: " + batch.slot() + " after " + lastSlot);
        }
        lastSlot = batch.slot();
        logSlot.add(batch.slot());
        logValue.add(batch.encodedValue());
        if (batch.result() == null) {
            return;
        }
        Map<String, Reply> outcomes = batch.result().newOutcomes();
        List<CommittedEvent> events = batch.result().events();
        List<String> payloads = batch.result().payloads();
        List<byte[]> hashes = batch.result().hashes();
        if (outcomes.size() != events.size()) {
            throw new IllegalStateException("slot " + batch.slot() + " has " + events.size()
                    + " events but " + outcomes.size() + " new outcomes");
        }
        // First, so that each event's accounts are here with their currencies (which never change).
        for (Account account : batch.result().changedAccounts()) {
            ChangedAccount changed = accounts.get(account.accountId());
            if (changed == null) {
                accounts.put(account.accountId(), new ChangedAccount(account));
            } else {
                changed.account = account;
            }
        }
        for (int e = 0; e < events.size(); e++) {
            CommittedEvent event = events.get(e);
            Reply outcome = outcomes.get(event.commandId());
            if (outcome == null || outcome.seq() != event.seq()) {
                throw new IllegalStateException("event " + event.seq() + " of slot " + batch.slot()
                        + " has no outcome of its own");
            }
            evStatus.add(outcome.status().name());
            evReason.add(outcome.reason() == null ? null : outcome.reason().name());
            evReply.add(storedReply(event, outcome));
            evSeq.add(event.seq());
            evSlot.add(event.slot());
            evCommand.add(event.commandId());
            evType.add(event.type());
            evPayload.add(payloads.get(e));
            evTimeMs.add(event.timestampMs());
            // The first event of the group starts from a hash written before it; the others from the one before.
            evPrev.add(lastHashBytes != null && event.prevHash().equals(lastHash) ? lastHashBytes
                    : HEX.parseHex(event.prevHash()));
            byte[] hash = hashes.get(e);
            assert HEX.formatHex(hash).equals(event.hash()) : "not the hash of event " + event.seq();
            evHash.add(hash);
            for (HistoryRow row : HistoryRow.of(event)) {
                hisAccount.add(row.accountId());
                hisSeq.add(row.seq());
                hisSlot.add(row.slot());
                hisCommand.add(row.commandId());
                hisType.add(row.type());
                hisAmount.add(row.amountMinor());
                hisBalance.add(row.balanceAfterMinor());
                hisCounterparty.add(row.counterpartyAccountId());
                hisTimeMs.add(row.timestampMs());
                ChangedAccount changed = accounts.get(row.accountId());
                if (changed == null) {
                    throw new IllegalStateException("event " + event.seq() + " changed account " + row.accountId()
                            + ", which its batch does not list as changed");
                }
                changed.lastSeq = row.seq();
                if ("AccountOpened".equals(row.type())) {
                    changed.openedSeq = row.seq();
                }
            }
            lastSeq = event.seq();
            lastHash = event.hash();
            lastHashBytes = hash;
        }
    }

    /** Null when the reply is the one {@link DerivedReplies} rebuilds from the event (V18), else the reply. */
    private String storedReply(CommittedEvent event, Reply outcome) {
        String accountId = DerivedReplies.accountOf(event.event());
        ChangedAccount changed = accountId == null ? null : accounts.get(accountId);
        if (changed != null && DerivedReplies.isDerived(outcome, event.commandId(), event.slot(), event.seq(),
                event.event(), changed.account.currency())) {
            return null;
        }
        return ReplyCodec.encode(outcome);
    }

    boolean isEmpty() {
        return logSlot.isEmpty();
    }

    void execute(Connection connection) throws SQLException {
        List<String> accId = new ArrayList<>();
        List<String> accOwner = new ArrayList<>();
        List<String> accCurrency = new ArrayList<>();
        List<Long> accBalance = new ArrayList<>();
        List<String> accStatus = new ArrayList<>();
        List<Long> accVersion = new ArrayList<>();
        List<Long> accOpened = new ArrayList<>();
        List<Long> accLast = new ArrayList<>();
        for (ChangedAccount changed : accounts.values()) {
            Account account = changed.account;
            long seq = changed.lastSeq;
            if (seq == 0) {
                throw new IllegalStateException("account " + account.accountId() + " changed without an event");
            }
            accId.add(account.accountId());
            accOwner.add(account.owner());
            accCurrency.add(account.currency());
            accBalance.add(account.balanceMinor());
            accStatus.add(account.status().name());
            accVersion.add(account.version());
            // For an account opened earlier bank_apply (V10, V11) updates the row and keeps its stored opened_seq.
            accOpened.add(changed.openedSeq == 0 ? seq : changed.openedSeq);
            accLast.add(seq);
        }
        try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            int i = 0;
            bigint(statement, ++i, logSlot);
            statement.setArray(++i, connection.createArrayOf("bytea", logValue.toArray(new byte[0][])));
            bigint(statement, ++i, evSeq);
            bigint(statement, ++i, evSlot);
            text(statement, ++i, evCommand);
            text(statement, ++i, evType);
            text(statement, ++i, evPayload);
            bigint(statement, ++i, evTimeMs);
            statement.setArray(++i, connection.createArrayOf("bytea", evPrev.toArray(new byte[0][])));
            statement.setArray(++i, connection.createArrayOf("bytea", evHash.toArray(new byte[0][])));
            text(statement, ++i, evStatus);
            text(statement, ++i, evReason);
            text(statement, ++i, evReply);
            text(statement, ++i, accId);
            text(statement, ++i, accOwner);
            text(statement, ++i, accCurrency);
            bigint(statement, ++i, accBalance);
            text(statement, ++i, accStatus);
            bigint(statement, ++i, accVersion);
            bigint(statement, ++i, accOpened);
            bigint(statement, ++i, accLast);
            text(statement, ++i, hisAccount);
            bigint(statement, ++i, hisSeq);
            bigint(statement, ++i, hisSlot);
            text(statement, ++i, hisCommand);
            text(statement, ++i, hisType);
            bigint(statement, ++i, hisAmount);
            bigint(statement, ++i, hisBalance);
            text(statement, ++i, hisCounterparty);
            bigint(statement, ++i, hisTimeMs);
            statement.setLong(++i, lastSlot);
            statement.setLong(++i, lastSeq);
            statement.setBytes(++i, lastHashBytes);
            statement.execute();
        }
    }

    /**
     * Binds a text[] parameter in PostgreSQL's binary array format. pgjdbc encodes a {@code String[]}
     * given to createArrayOf as one binary array (each element's UTF-8 bytes behind its length), which
     * the server copies; an {@code Object[]}, or a literal, is escaped on our side and parsed by the
     * server's {@code array_in} character by character, which a profile at the uniform maximum showed
     * costing 3.9% of the whole machine (benchmarks/HISTORY.md, session 12).
     */
    static void text(PreparedStatement statement, int index, List<String> values) throws SQLException {
        statement.setArray(index, textArray(statement.getConnection(), values));
    }

    static Array textArray(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray(new String[0]));
    }

    /**
     * Binds a bigint[] parameter in the binary format, as {@link #text} does for text[]: pgjdbc encodes a
     * {@code Long[]} as one binary array, but the {@code Object[]} that {@code List.toArray()} returns as a
     * literal, each number through {@code Long.toString} on our side and {@code array_in} on the server's,
     * which a profile of the nodes at the uniform maximum put at 7% of their CPU (benchmarks/HISTORY.md, session 16).
     */
    static void bigint(PreparedStatement statement, int index, List<Long> values) throws SQLException {
        statement.setArray(index, bigintArray(statement.getConnection(), values));
    }

    static Array bigintArray(Connection connection, List<Long> values) throws SQLException {
        return connection.createArrayOf("bigint", values.toArray(new Long[0]));
    }

    /** An account's final state in the group, the seq of its last history line, and of its opening if in the group. */
    private static final class ChangedAccount {
        Account account;
        long lastSeq;
        long openedSeq;

        ChangedAccount(Account account) {
            this.account = account;
        }
    }
}
