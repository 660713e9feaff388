package io.bankledger.paxos;

import io.bankledger.paxos.message.PaxosMessage;
import java.util.Objects;

/** A message for the runtime to send to one node; delivery is best effort, in any order. */
public record Envelope(int toNodeId, PaxosMessage message) {

    public Envelope {
        Objects.requireNonNull(message, "message");
    }
}
