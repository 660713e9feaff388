package io.bankledger.paxos;

import io.bankledger.paxos.message.AcceptedSlot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Phase 1 in progress: the promises gathered for one ballot. From a quorum of them it derives
 * what the new leader must propose: in every open slot, the value accepted at the highest
 * ballot (a no-op where nobody reports one).
 */
final class Candidacy {

    private final Ballot ballot;
    private final long fromSlot;
    private final Map<Integer, Long> deliveredByNode = new HashMap<>();
    private final TreeMap<Long, AcceptedValue> highestAccepted = new TreeMap<>();
    private long lastPrepareSentMs;

    Candidacy(Ballot ballot, long fromSlot, long nowMs) {
        this.ballot = ballot;
        this.fromSlot = fromSlot;
        this.lastPrepareSentMs = nowMs;
    }

    Ballot ballot() {
        return ballot;
    }

    long fromSlot() {
        return fromSlot;
    }

    boolean hasPromiseFrom(int nodeId) {
        return deliveredByNode.containsKey(nodeId);
    }

    void addPromise(int nodeId, List<AcceptedSlot> accepted, long deliveredSlot) {
        if (deliveredByNode.putIfAbsent(nodeId, deliveredSlot) != null) {
            return;
        }
        for (AcceptedSlot entry : accepted) {
            if (entry.slot() < fromSlot) {
                continue;
            }
            if (!entry.ballot().isBelow(ballot)) {
                throw new IllegalStateException("node " + nodeId + " promised " + ballot
                        + " but reports an accept at " + entry.ballot());
            }
            AcceptedValue current = highestAccepted.get(entry.slot());
            if (current == null || entry.ballot().isAbove(current.ballot())) {
                highestAccepted.put(entry.slot(), entry.accepted());
            } else if (entry.ballot().equals(current.ballot()) && !entry.value().equals(current.value())) {
                throw new IllegalStateException("two values for slot " + entry.slot() + " at " + entry.ballot());
            }
        }
    }

    int promiseCount() {
        return deliveredByNode.size();
    }

    /** The highest delivered slot among the promisers: every slot up to it is chosen. */
    long maxDeliveredSlot() {
        return deliveredByNode.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** A promiser that delivered {@link #maxDeliveredSlot()}, the best source for catch-up. */
    int mostAdvancedNode(int fallback) {
        long max = maxDeliveredSlot();
        return deliveredByNode.entrySet().stream()
                .filter(e -> e.getValue() == max)
                .mapToInt(Map.Entry::getKey)
                .min()
                .orElse(fallback);
    }

    /** Highest-ballot accepted value per slot, over every promise. */
    TreeMap<Long, AcceptedValue> highestAccepted() {
        return highestAccepted;
    }

    long lastPrepareSentMs() {
        return lastPrepareSentMs;
    }

    void preparesSent(long nowMs) {
        lastPrepareSentMs = nowMs;
    }
}
