package io.bankledger.node.faults;

import io.bankledger.protocol.Reply;

/** What a client learned about one command. */
public enum Outcome {
    /** Acknowledged: the ledger applied it. */
    OK,
    /** Acknowledged: the ledger refused it, and the refusal is an event in the log. */
    REJECTED,
    /** Refused before the log; the workload never sends such commands, so the checker flags it. */
    INVALID,
    /** No answer (timeout, broker gone): it may or may not be in the log, but at most once. */
    INDETERMINATE;

    static Outcome of(Reply reply) {
        return switch (reply.status()) {
            case OK -> OK;
            case REJECTED -> REJECTED;
            case INVALID, UNKNOWN -> INVALID;
        };
    }

    boolean acknowledged() {
        return this == OK || this == REJECTED;
    }
}
