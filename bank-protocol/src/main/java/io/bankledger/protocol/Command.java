package io.bankledger.protocol;

/**
 * A client command, as decoded from {@code bank.requests} and as carried in a Paxos batch.
 *
 * <p>Every record validates its fields on construction ({@link Fields}): an instance that exists
 * is well formed. Amounts are not checked for sign here — a zero or negative amount is a ledger
 * decision ({@link Reason#INVALID_AMOUNT}, recorded in the log), not a decode error.
 *
 * <p>Each record writes its canonical fields in its declared component order after
 * {@code type} and {@code commandId}; optional fields are written with their defaults, so the
 * canonical form of a command is unique.
 */
public sealed interface Command {

    /** The client-chosen UUID string: the idempotency key, for ever. */
    String commandId();

    CommandType type();

    /** True for {@code get-*} commands, which leave no event and no stored outcome. */
    default boolean isRead() {
        return type().isRead();
    }

    default boolean isMutation() {
        return !isRead();
    }

    /** Writes the fields after {@code type} and {@code commandId}, in canonical order. */
    void writeFieldsTo(CanonicalJson json);

    record OpenAccount(String commandId, String accountId, String owner, String currency) implements Command {
        public OpenAccount {
            commandId = Fields.commandId("commandId", commandId);
            Fields.accountId("accountId", accountId);
            Fields.owner("owner", owner);
            Fields.currency("currency", currency);
        }

        @Override
        public CommandType type() {
            return CommandType.OPEN_ACCOUNT;
        }

        @Override
        public void writeFieldsTo(CanonicalJson json) {
            json.field("accountId", accountId).field("owner", owner).field("currency", currency);
        }
    }

    record Deposit(String commandId, String accountId, long amountMinor) implements Command {
        public Deposit {
            commandId = Fields.commandId("commandId", commandId);
            Fields.accountId("accountId", accountId);
        }

        @Override
        public CommandType type() {
            return CommandType.DEPOSIT;
        }

        @Override
        public void writeFieldsTo(CanonicalJson json) {
            json.field("accountId", accountId).field("amountMinor", amountMinor);
        }
    }

    record Withdraw(String commandId, String accountId, long amountMinor) implements Command {
        public Withdraw {
            commandId = Fields.commandId("commandId", commandId);
            Fields.accountId("accountId", accountId);
        }

        @Override
        public CommandType type() {
            return CommandType.WITHDRAW;
        }

        @Override
        public void writeFieldsTo(CanonicalJson json) {
            json.field("accountId", accountId).field("amountMinor", amountMinor);
        }
    }

    record Transfer(String commandId, String fromAccountId, String toAccountId, long amountMinor)
            implements Command {
        public Transfer {
            commandId = Fields.commandId("commandId", commandId);
            Fields.accountId("fromAccountId", fromAccountId);
            Fields.accountId("toAccountId", toAccountId);
        }

        @Override
        public CommandType type() {
            return CommandType.TRANSFER;
        }

        @Override
        public void writeFieldsTo(CanonicalJson json) {
            json.field("fromAccountId", fromAccountId)
                    .field("toAccountId", toAccountId)
                    .field("amountMinor", amountMinor);
        }
    }

    record CloseAccount(String commandId, String accountId) implements Command {
        public CloseAccount {
            commandId = Fields.commandId("commandId", commandId);
            Fields.accountId("accountId", accountId);
        }

        @Override
        public CommandType type() {
            return CommandType.CLOSE_ACCOUNT;
        }

        @Override
        public void writeFieldsTo(CanonicalJson json) {
            json.field("accountId", accountId);
        }
    }

    /** {@code consistency} null means the default, {@link Consistency#LINEARIZABLE}. */
    record GetBalance(String commandId, String accountId, Consistency consistency) implements Command {
        public GetBalance {
            commandId = Fields.commandId("commandId", commandId);
            Fields.accountId("accountId", accountId);
            if (consistency == null) {
                consistency = Consistency.LINEARIZABLE;
            }
        }

        public GetBalance(String commandId, String accountId) {
            this(commandId, accountId, Consistency.LINEARIZABLE);
        }

        @Override
        public CommandType type() {
            return CommandType.GET_BALANCE;
        }

        @Override
        public void writeFieldsTo(CanonicalJson json) {
            json.field("accountId", accountId).field("consistency", consistency.wireName());
        }
    }

    /** Entries with seq greater than {@code afterSeq} (default 0), at most {@code limit} (default 100, max 1000). */
    record GetHistory(String commandId, String accountId, long afterSeq, int limit) implements Command {
        public GetHistory {
            commandId = Fields.commandId("commandId", commandId);
            Fields.accountId("accountId", accountId);
            Fields.afterSeq("afterSeq", afterSeq);
            Fields.historyLimit("limit", limit);
        }

        public GetHistory(String commandId, String accountId) {
            this(commandId, accountId, 0, Fields.HISTORY_LIMIT_DEFAULT);
        }

        @Override
        public CommandType type() {
            return CommandType.GET_HISTORY;
        }

        @Override
        public void writeFieldsTo(CanonicalJson json) {
            json.field("accountId", accountId).field("afterSeq", afterSeq).field("limit", limit);
        }
    }

    record GetStatus(String commandId, String ofCommandId) implements Command {
        public GetStatus {
            commandId = Fields.commandId("commandId", commandId);
            ofCommandId = Fields.commandId("ofCommandId", ofCommandId);
        }

        @Override
        public CommandType type() {
            return CommandType.GET_STATUS;
        }

        @Override
        public void writeFieldsTo(CanonicalJson json) {
            json.field("ofCommandId", ofCommandId);
        }
    }
}
