package io.bankledger.paxos;

import java.util.Collection;
import java.util.TreeMap;

/**
 * The leader's volatile state for one ballot: the next free slot, the proposals in flight (at
 * most {@code pipelineWindow} new ones, plus whatever Phase 1 required re-proposing) and the
 * commands waiting for room in the window. Lost on restart or step-down; that is safe because
 * a new leadership always starts with Phase 1.
 */
final class Leadership {

    private final Ballot ballot;
    private final CommandQueue pending;
    private final TreeMap<Long, Proposal> inFlight = new TreeMap<>();
    private long nextSlot;
    private long lastTimestampMs;
    private long lastHeartbeatSentMs = Long.MIN_VALUE / 2;
    private long lastAnnouncedCommit = -1;

    Leadership(Ballot ballot, int pendingCommandsMax, long nextSlot, long lastTimestampMs) {
        this.ballot = ballot;
        this.pending = new CommandQueue(pendingCommandsMax);
        this.nextSlot = nextSlot;
        this.lastTimestampMs = lastTimestampMs;
    }

    Ballot ballot() {
        return ballot;
    }

    CommandQueue pending() {
        return pending;
    }

    long nextSlot() {
        return nextSlot;
    }

    long takeNextSlot() {
        return nextSlot++;
    }

    /** Batch timestamps never go backwards within a leadership, whatever the caller's clock does. */
    long nextTimestampMs(long nowMs) {
        lastTimestampMs = Math.max(lastTimestampMs, nowMs);
        return lastTimestampMs;
    }

    Proposal propose(long slot, Value value, long nowMs) {
        if (slot >= nextSlot) {
            throw new IllegalStateException("slot " + slot + " was never assigned (next " + nextSlot + ")");
        }
        if (inFlight.containsKey(slot)) {
            throw new IllegalStateException("slot " + slot + " proposed twice at " + ballot);
        }
        Proposal proposal = new Proposal(slot, value, nowMs);
        inFlight.put(slot, proposal);
        return proposal;
    }

    Proposal inFlight(long slot) {
        return inFlight.get(slot);
    }

    Collection<Proposal> inFlight() {
        return inFlight.values();
    }

    int inFlightCount() {
        return inFlight.size();
    }

    void resolved(long slot) {
        inFlight.remove(slot);
    }

    /**
     * The commit index this leader may announce: chosen through, and not past a slot whose
     * proposal at this ballot is unresolved. Followers take their accepted entry at this ballot
     * as chosen up to it, so it must never cover a proposal that might have lost.
     */
    long announcedCommitIndex(long learnerCommitIndex) {
        return inFlight.isEmpty() ? learnerCommitIndex : Math.min(learnerCommitIndex, inFlight.firstKey() - 1);
    }

    /** The highest commit index sent to every peer (on an Accept or a heartbeat) in this leadership. */
    long lastAnnouncedCommit() {
        return lastAnnouncedCommit;
    }

    void announcedToAll(long commitIndex) {
        lastAnnouncedCommit = Math.max(lastAnnouncedCommit, commitIndex);
    }

    boolean heartbeatDue(long nowMs, long intervalMs) {
        return nowMs - lastHeartbeatSentMs >= intervalMs;
    }

    void heartbeatSent(long nowMs) {
        lastHeartbeatSentMs = nowMs;
    }
}
