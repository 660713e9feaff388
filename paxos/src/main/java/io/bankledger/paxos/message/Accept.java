package io.bankledger.paxos.message;

import io.bankledger.paxos.Ballot;
import io.bankledger.paxos.Value;

/**
 * Phase 2a: "accept {@code value} in {@code slot} at {@code ballot}". It also carries the
 * leader's commit index: every slot up to it is chosen, and for each of them the value this
 * leader proposed at this ballot (if any) is the chosen one.
 */
public record Accept(int from, Ballot ballot, long slot, Value value, long commitIndex)
        implements PaxosMessage {

    public Accept {
        Checks.present("ballot", ballot);
        Checks.slot("slot", slot);
        Checks.present("value", value);
        Checks.index("commitIndex", commitIndex);
    }
}
