package io.bankledger.paxos.message;

import io.bankledger.paxos.Value;
import java.util.List;

/**
 * Chosen values of consecutive slots starting at {@code firstSlot}, read from the sender's
 * durable log, and the sender's commit index.
 */
public record CatchUpReply(int from, long firstSlot, List<Value> values, long commitIndex)
        implements PaxosMessage {

    public CatchUpReply {
        Checks.slot("firstSlot", firstSlot);
        values = List.copyOf(Checks.present("values", values));
        Checks.index("commitIndex", commitIndex);
    }

    /** The slot of the last value, or {@code firstSlot - 1} when there is none. */
    public long lastSlot() {
        return firstSlot + values.size() - 1;
    }
}
