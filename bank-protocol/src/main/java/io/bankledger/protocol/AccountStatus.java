package io.bankledger.protocol;

/** Lifecycle of an account. A closed account keeps its id for ever: it cannot be reopened. */
public enum AccountStatus {
    OPEN,
    CLOSED
}
