package io.bankledger.paxos;

import io.bankledger.paxos.message.CatchUpReply;
import java.util.List;

/**
 * A request from a lagging peer that the runtime answers from its durable chosen log: read
 * the values of slots {@code fromSlot..toSlot} (all at or below this node's delivered slot, so
 * all in the store once the decisions of the same output are applied) and send
 * {@link #reply(int, List)} to {@code toNodeId}. The core never holds the whole log in memory,
 * and a restarted node knows old chosen slots only from its store, so serving is the runtime's
 * job; the range is bounded by {@code catchUpChunkSlots}.
 */
public record CatchUpServe(int toNodeId, long fromSlot, long toSlot, long commitIndex) {

    public CatchUpServe {
        if (fromSlot < 1 || toSlot < fromSlot) {
            throw new IllegalArgumentException("bad catch-up range " + fromSlot + ".." + toSlot);
        }
    }

    public int slotCount() {
        return Math.toIntExact(toSlot - fromSlot + 1);
    }

    /** The reply to send, given the chosen values of {@code fromSlot..toSlot} in order. */
    public CatchUpReply reply(int fromNodeId, List<Value> valuesInSlotOrder) {
        if (valuesInSlotOrder.size() != slotCount()) {
            throw new IllegalArgumentException("expected " + slotCount() + " values, got "
                    + valuesInSlotOrder.size());
        }
        return new CatchUpReply(fromNodeId, fromSlot, valuesInSlotOrder, commitIndex);
    }
}
