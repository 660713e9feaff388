package io.bankledger.paxos.message;

import io.bankledger.paxos.Ballot;

/** The leader of {@code ballot} is alive; every slot up to {@code commitIndex} is chosen. */
public record Heartbeat(int from, Ballot ballot, long commitIndex) implements PaxosMessage {

    public Heartbeat {
        Checks.present("ballot", ballot);
        Checks.index("commitIndex", commitIndex);
    }
}
