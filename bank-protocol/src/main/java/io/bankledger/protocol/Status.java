package io.bankledger.protocol;

/** The status of a {@link Reply}. The names are wire values: never rename them. */
public enum Status {
    /** The command took effect (mutation) or was answered (read). */
    OK,
    /** The ledger refused the mutation; the refusal is an event in the log, with a slot and seq. */
    REJECTED,
    /** The message could not be decoded and never reached the log. */
    INVALID,
    /** Answer to {@code get-status} for a commandId the ledger has no outcome for (yet). */
    UNKNOWN
}
