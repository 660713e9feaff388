package io.bankledger.paxos;

/**
 * A Paxos ballot: a round number made unique by the proposing node's id, ordered
 * lexicographically (round first, then node id). Two nodes never lead with the same ballot,
 * and a node never reuses a round after a restart because it always starts Phase 1 above the
 * highest ballot it has durably promised.
 */
public record Ballot(long round, int nodeId) implements Comparable<Ballot> {

    /** Below every ballot a node can lead with; the promise of an acceptor that never promised. */
    public static final Ballot ZERO = new Ballot(0, 0);

    public Ballot {
        if (round < 0) {
            throw new IllegalArgumentException("ballot round must be >= 0: " + round);
        }
        if (nodeId < 0) {
            throw new IllegalArgumentException("ballot node id must be >= 0: " + nodeId);
        }
    }

    @Override
    public int compareTo(Ballot other) {
        int byRound = Long.compare(round, other.round);
        return byRound != 0 ? byRound : Integer.compare(nodeId, other.nodeId);
    }

    public boolean isAbove(Ballot other) {
        return compareTo(other) > 0;
    }

    public boolean isBelow(Ballot other) {
        return compareTo(other) < 0;
    }

    public static Ballot max(Ballot a, Ballot b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public String toString() {
        return round + "." + nodeId;
    }
}
