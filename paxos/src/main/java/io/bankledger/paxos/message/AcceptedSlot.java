package io.bankledger.paxos.message;

import io.bankledger.paxos.AcceptedValue;
import io.bankledger.paxos.Ballot;
import io.bankledger.paxos.Value;

/** One accepted entry reported in a {@link Promise}. */
public record AcceptedSlot(long slot, Ballot ballot, Value value) {

    public AcceptedSlot {
        Checks.slot("slot", slot);
        Checks.present("ballot", ballot);
        Checks.present("value", value);
    }

    public AcceptedValue accepted() {
        return new AcceptedValue(ballot, value);
    }
}
