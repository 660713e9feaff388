package io.bankledger.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the ledger decided for one mutation. Every mutation that reaches the ledger for the first
 * time produces exactly one event, success or rejection, so the log alone answers every retry.
 *
 * <p>{@link #canonicalBytes()} is the payload that is hashed and stored: the record's components in
 * declared order, in {@link CanonicalJson}. Resulting balances are part of the payload so that
 * projections are a fold over events without re-running the ledger.
 */
public sealed interface LedgerEvent {

    /** The event type name on the wire and in the store: the record's simple name. */
    String type();

    /** Accounts whose state this event changes, in a fixed order. */
    List<String> accountIds();

    /** Writes this event's fields, in canonical order, into an object the caller has opened. */
    void writeFieldsTo(CanonicalJson json);

    default String canonicalJson() {
        CanonicalJson json = new CanonicalJson().beginObject();
        writeFieldsTo(json);
        return json.endObject().toString();
    }

    default byte[] canonicalBytes() {
        return canonicalJson().getBytes(StandardCharsets.UTF_8);
    }

    record AccountOpened(String accountId, String owner, String currency) implements LedgerEvent {
        public AccountOpened {
            Fields.accountId("accountId", accountId);
            Fields.owner("owner", owner);
            Fields.currency("currency", currency);
        }

        @Override
        public String type() {
            return "AccountOpened";
        }

        @Override
        public List<String> accountIds() {
            return List.of(accountId);
        }

        @Override
        public void writeFieldsTo(CanonicalJson json) {
            json.field("accountId", accountId).field("owner", owner).field("currency", currency);
        }
    }

    record Deposited(String accountId, long amountMinor, long balanceAfterMinor) implements LedgerEvent {
        public Deposited {
            Fields.accountId("accountId", accountId);
            requirePositive(amountMinor);
        }

        @Override
        public String type() {
            return "Deposited";
        }

        @Override
        public List<String> accountIds() {
            return List.of(accountId);
        }

        @Override
        public void writeFieldsTo(CanonicalJson json) {
            json.field("accountId", accountId)
                    .field("amountMinor", amountMinor)
                    .field("balanceAfterMinor", balanceAfterMinor);
        }
    }

    record Withdrawn(String accountId, long amountMinor, long balanceAfterMinor) implements LedgerEvent {
        public Withdrawn {
            Fields.accountId("accountId", accountId);
            requirePositive(amountMinor);
        }

        @Override
        public String type() {
            return "Withdrawn";
        }

        @Override
        public List<String> accountIds() {
            return List.of(accountId);
        }

        @Override
        public void writeFieldsTo(CanonicalJson json) {
            json.field("accountId", accountId)
                    .field("amountMinor", amountMinor)
                    .field("balanceAfterMinor", balanceAfterMinor);
        }
    }

    record TransferCompleted(String fromAccountId, String toAccountId, long amountMinor,
                             long fromBalanceAfterMinor, long toBalanceAfterMinor) implements LedgerEvent {
        public TransferCompleted {
            Fields.accountId("fromAccountId", fromAccountId);
            Fields.accountId("toAccountId", toAccountId);
            requirePositive(amountMinor);
        }

        @Override
        public String type() {
            return "TransferCompleted";
        }

        @Override
        public List<String> accountIds() {
            return List.of(fromAccountId, toAccountId);
        }

        @Override
        public void writeFieldsTo(CanonicalJson json) {
            json.field("fromAccountId", fromAccountId)
                    .field("toAccountId", toAccountId)
                    .field("amountMinor", amountMinor)
                    .field("fromBalanceAfterMinor", fromBalanceAfterMinor)
                    .field("toBalanceAfterMinor", toBalanceAfterMinor);
        }
    }

    record AccountClosed(String accountId) implements LedgerEvent {
        public AccountClosed {
            Fields.accountId("accountId", accountId);
        }

        @Override
        public String type() {
            return "AccountClosed";
        }

        @Override
        public List<String> accountIds() {
            return List.of(accountId);
        }

        @Override
        public void writeFieldsTo(CanonicalJson json) {
            json.field("accountId", accountId);
        }
    }

    /**
     * A mutation the ledger refused. It changes no account. The human-readable detail of the reply
     * is deliberately not part of the event: rewording a message must not change the hash chain of
     * a log replayed from its commands.
     */
    record CommandRejected(Reason reason, Command command) implements LedgerEvent {
        public CommandRejected {
            if (reason == null || !reason.decidedByLedger()) {
                throw new IllegalArgumentException("not a ledger reason: " + reason);
            }
            if (command == null || command.isRead()) {
                throw new IllegalArgumentException("only a mutation can be rejected in the log: " + command);
            }
        }

        @Override
        public String type() {
            return "CommandRejected";
        }

        @Override
        public List<String> accountIds() {
            return List.of();
        }

        @Override
        public void writeFieldsTo(CanonicalJson json) {
            json.field("reason", reason.name()).name("command").beginObject();
            CommandCodec.writeMembers(command, json);
            json.endObject();
        }
    }

    private static void requirePositive(long amountMinor) {
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("amountMinor must be positive: " + amountMinor);
        }
    }
}
