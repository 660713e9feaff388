package io.bankledger.paxos;

import java.util.HashSet;
import java.util.Set;

/** One slot the leader proposed at its ballot and has not yet seen chosen. */
final class Proposal {

    private final long slot;
    private final Value value;
    private final Set<Integer> acceptedBy = new HashSet<>();
    private long lastSentMs;

    Proposal(long slot, Value value, long sentMs) {
        this.slot = slot;
        this.value = value;
        this.lastSentMs = sentMs;
    }

    long slot() {
        return slot;
    }

    Value value() {
        return value;
    }

    /** Records a vote; returns the number of distinct acceptors so far. */
    int acceptedBy(int nodeId) {
        acceptedBy.add(nodeId);
        return acceptedBy.size();
    }

    boolean hasAccepted(int nodeId) {
        return acceptedBy.contains(nodeId);
    }

    long lastSentMs() {
        return lastSentMs;
    }

    void sent(long nowMs) {
        lastSentMs = nowMs;
    }
}
