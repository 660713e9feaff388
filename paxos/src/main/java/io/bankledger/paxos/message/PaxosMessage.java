package io.bankledger.paxos.message;

/**
 * A message between two Paxos nodes. Every message names its sender; the network may drop,
 * duplicate, delay and reorder them, so every handler is idempotent and tolerates staleness.
 */
public sealed interface PaxosMessage
        permits Prepare, Promise, Nack, Accept, Accepted, Heartbeat, Forward, CatchUpRequest,
        CatchUpReply {

    /** The sending node's id. */
    int from();
}
