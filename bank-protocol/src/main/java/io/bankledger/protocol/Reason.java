package io.bankledger.protocol;

/**
 * Why a command did not succeed. The names are wire values: never rename them.
 *
 * <p>Ledger reasons come with status {@link Status#REJECTED}: they are decided by the ledger,
 * recorded in the log as a {@code CommandRejected} event, and the same answer is returned to every
 * retry on every node. Decode reasons come with status {@link Status#INVALID}: the message was
 * refused before it reached the log, so it has no slot and no seq.
 */
public enum Reason {
    INSUFFICIENT_FUNDS(true),
    UNKNOWN_ACCOUNT(true),
    ACCOUNT_EXISTS(true),
    ACCOUNT_CLOSED(true),
    CURRENCY_MISMATCH(true),
    NONZERO_BALANCE(true),
    SAME_ACCOUNT(true),
    INVALID_AMOUNT(true),
    AMOUNT_OVERFLOW(true),

    MALFORMED(false),
    UNKNOWN_TYPE(false),
    MISSING_FIELD(false),
    INVALID_FIELD(false),
    TOO_LARGE(false);

    private final boolean decidedByLedger;

    Reason(boolean decidedByLedger) {
        this.decidedByLedger = decidedByLedger;
    }

    /** True for reasons the ledger decides (REJECTED, in the log); false for decode refusals (INVALID). */
    public boolean decidedByLedger() {
        return decidedByLedger;
    }
}
