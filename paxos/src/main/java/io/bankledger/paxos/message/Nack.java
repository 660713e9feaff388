package io.bankledger.paxos.message;

import io.bankledger.paxos.Ballot;

/**
 * The sender refused {@code rejected} (in a Prepare, Accept or Heartbeat) because it promised
 * the higher {@code promised}; the proposer of {@code rejected} steps down.
 */
public record Nack(int from, Ballot rejected, Ballot promised) implements PaxosMessage {

    public Nack {
        Checks.present("rejected", rejected);
        Checks.present("promised", promised);
    }
}
