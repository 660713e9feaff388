package io.bankledger.paxos;

import java.util.Objects;

/** A chosen slot handed to the state machine; decisions come strictly in slot order, once each. */
public record Decision(long slot, Value value) {

    public Decision {
        if (slot < 1) {
            throw new IllegalArgumentException("slots start at 1: " + slot);
        }
        Objects.requireNonNull(value, "value");
    }
}
