package io.bankledger.protocol;

import java.util.List;

/**
 * The answer to one command, sent to its JMSReplyTo with JMSCorrelationID = commandId.
 *
 * <p>Absent fields are null here and omitted on the wire. {@code slot} is the log position at which
 * the outcome was decided (for reads: the slot the answer reflects); {@code seq} is the event that
 * records a mutation's outcome. {@code toAccount} is a compatible extension: the receiving account
 * of a transfer. {@code outcome} is set on a {@code get-status} answer: the stored reply of the
 * command asked about.
 *
 * <p>The ledger stores the first reply to every mutation and returns it, unchanged, to every
 * retry with the same commandId, for ever.
 */
public record Reply(String commandId, Status status, Reason reason, String detail, Long slot, Long seq,
                    AccountView account, AccountView toAccount, List<HistoryEntry> entries, Reply outcome) {

    public Reply {
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
        if (commandId != null) {
            commandId = Fields.commandId("commandId", commandId);
        } else if (status != Status.INVALID) {
            throw new IllegalArgumentException("only an INVALID reply may lack a commandId");
        }
        if ((status == Status.REJECTED || status == Status.INVALID) != (reason != null)) {
            throw new IllegalArgumentException("a reason goes with REJECTED and INVALID only: " + status + " " + reason);
        }
        if (reason != null && reason.decidedByLedger() != (status == Status.REJECTED)) {
            throw new IllegalArgumentException(reason + " does not go with " + status);
        }
        entries = entries == null ? null : List.copyOf(entries);
    }

    public static Reply ok(String commandId, long slot, Long seq, AccountView account, AccountView toAccount) {
        return new Reply(commandId, Status.OK, null, null, slot, seq, account, toAccount, null, null);
    }

    public static Reply rejected(String commandId, Reason reason, String detail, long slot, Long seq,
                                 AccountView account, AccountView toAccount) {
        return new Reply(commandId, Status.REJECTED, reason, detail, slot, seq, account, toAccount, null, null);
    }

    public static Reply invalid(String commandId, Reason reason, String detail) {
        return new Reply(commandId, Status.INVALID, reason, detail, null, null, null, null, null, null);
    }

    /** A {@code get-status} answer that found the earlier command's outcome. */
    public static Reply outcomeOf(String commandId, long slot, Reply outcome) {
        if (outcome == null) {
            throw new IllegalArgumentException("outcome is required");
        }
        return new Reply(commandId, Status.OK, null, null, slot, null, null, null, null, outcome);
    }

    /** A {@code get-status} answer for a command the ledger has no outcome for, as of {@code slot}. */
    public static Reply unknown(String commandId, long slot) {
        return new Reply(commandId, Status.UNKNOWN, null, null, slot, null, null, null, null, null);
    }

    public Reply withEntries(List<HistoryEntry> newEntries) {
        return new Reply(commandId, status, reason, detail, slot, seq, account, toAccount, newEntries, outcome);
    }
}
