package io.bankledger.paxos;

import java.util.Map;
import java.util.TreeMap;

/**
 * The learner role: which slots are known chosen, with which values, and which prefix has been
 * delivered. It delivers strictly in slot order, each slot once; after a restart it resumes
 * after the applied slot the runtime kept durably. The commit index is the highest slot such
 * that every slot up to it is known chosen, whether or not its value is known here yet.
 */
final class Learner {

    private long deliveredSlot;
    private long commitIndex;
    /** Known chosen values above the delivered slot. */
    private final TreeMap<Long, Value> chosen = new TreeMap<>();

    Learner(long appliedSlot) {
        if (appliedSlot < 0) {
            throw new IllegalArgumentException("appliedSlot must be >= 0: " + appliedSlot);
        }
        this.deliveredSlot = appliedSlot;
        this.commitIndex = appliedSlot;
    }

    long deliveredSlot() {
        return deliveredSlot;
    }

    long commitIndex() {
        return commitIndex;
    }

    Value chosenValue(long slot) {
        return chosen.get(slot);
    }

    long highestChosenSlot() {
        return chosen.isEmpty() ? deliveredSlot : Math.max(deliveredSlot, chosen.lastKey());
    }

    boolean knowsValueOf(long slot) {
        return slot <= deliveredSlot || chosen.containsKey(slot);
    }

    /** Records that {@code value} was chosen in {@code slot}; two values for one slot is fatal. */
    void learn(long slot, Value value) {
        if (slot <= deliveredSlot) {
            return;
        }
        Value previous = chosen.putIfAbsent(slot, value);
        if (previous != null && !previous.equals(value)) {
            throw new IllegalStateException("slot " + slot + " chosen twice: " + previous + " and " + value);
        }
        extendCommitIndex();
    }

    /** Records that every slot up to {@code slot} is chosen (values may follow by catch-up). */
    void knowChosenThrough(long slot) {
        if (slot > commitIndex) {
            commitIndex = slot;
        }
        extendCommitIndex();
    }

    /**
     * Applies a leader's commit index: an entry this node accepted at the leader's own ballot,
     * in a slot up to the commit index, holds the chosen value (the leader proposes one value
     * per slot per ballot and stands down before claiming a slot whose chosen value differs).
     */
    void applyLeaderCommit(Ballot leaderBallot, long leaderCommitIndex, Acceptor acceptor) {
        if (leaderCommitIndex <= deliveredSlot) {
            return;
        }
        for (Map.Entry<Long, AcceptedValue> entry
                : acceptor.acceptedBetween(deliveredSlot, leaderCommitIndex).entrySet()) {
            if (entry.getValue().ballot().equals(leaderBallot)) {
                learn(entry.getKey(), entry.getValue().value());
            }
        }
        knowChosenThrough(leaderCommitIndex);
    }

    /** Is the next slot to deliver known chosen but its value missing here? */
    boolean needsCatchUp() {
        return commitIndex > deliveredSlot && !chosen.containsKey(deliveredSlot + 1);
    }

    /** Delivers the consecutive known prefix; the acceptor forgets what the chosen log now holds. */
    void deliver(OutputBuilder out, Acceptor acceptor) {
        while (!chosen.isEmpty() && chosen.firstKey() == deliveredSlot + 1) {
            Map.Entry<Long, Value> next = chosen.pollFirstEntry();
            deliveredSlot = next.getKey();
            out.decide(new Decision(deliveredSlot, next.getValue()));
            acceptor.forget(deliveredSlot);
        }
        if (commitIndex < deliveredSlot) {
            throw new IllegalStateException("delivered " + deliveredSlot + " beyond commit " + commitIndex);
        }
    }

    private void extendCommitIndex() {
        while (chosen.containsKey(commitIndex + 1)) {
            commitIndex++;
        }
    }
}
