package io.bankledger.paxos;

import java.util.Objects;

/** What an acceptor accepted in one slot: the value and the ballot it was accepted in. */
public record AcceptedValue(Ballot ballot, Value value) {

    public AcceptedValue {
        Objects.requireNonNull(ballot, "ballot");
        Objects.requireNonNull(value, "value");
    }
}
