package io.bankledger.paxos.message;

import io.bankledger.paxos.Ballot;

/** Phase 2b: the sender durably accepted the leader's value of {@code slot} at {@code ballot}. */
public record Accepted(int from, Ballot ballot, long slot) implements PaxosMessage {

    public Accepted {
        Checks.present("ballot", ballot);
        Checks.slot("slot", slot);
    }
}
