package io.bankledger.paxos.message;

import io.bankledger.paxos.Ballot;

/** Phase 1a: "promise me {@code ballot} for every slot from {@code fromSlot} on". */
public record Prepare(int from, Ballot ballot, long fromSlot) implements PaxosMessage {

    public Prepare {
        Checks.present("ballot", ballot);
        Checks.slot("fromSlot", fromSlot);
    }
}
