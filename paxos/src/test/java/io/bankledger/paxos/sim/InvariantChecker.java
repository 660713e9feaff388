package io.bankledger.paxos.sim;

import io.bankledger.paxos.Ballot;
import io.bankledger.paxos.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the safety properties of a whole simulated run, incrementally, as each action is
 * applied:
 * <ul>
 *   <li>agreement: a slot is never chosen with two values, whether the choice is seen in a
 *       node's decisions or in the acceptors' durable writes (a quorum that accepted one value
 *       at one ballot), across the whole run, crashes included;</li>
 *   <li>one value per slot per ballot: a leader's ballot is unique, so two acceptors never
 *       accept different values for one slot at one ballot;</li>
 *   <li>validity: only proposed commands (byte for byte) or no-ops are chosen;</li>
 *   <li>prefix consistency: every node's delivered sequence is a prefix of the longest;</li>
 *   <li>no duplicates: a command is delivered on a node at most as often as it was proposed.</li>
 * </ul>
 * It is fed only what the runtime would see (durable writes and decisions), never the nodes'
 * internals.
 */
public final class InvariantChecker {

    private final int quorum;
    private final Map<Long, Value> chosen = new HashMap<>();
    private final Map<Long, Map<Ballot, Tally>> acceptances = new HashMap<>();
    private final List<Value> longestLog = new ArrayList<>();
    private final Map<Integer, Integer> deliveredCount = new HashMap<>();
    private final Map<Long, byte[]> proposedBytes = new HashMap<>();
    private final Map<Long, Integer> proposedTimes = new HashMap<>();
    private final Map<Integer, Map<Long, Integer>> deliveriesByNode = new HashMap<>();
    private final Set<Long> chosenCommandIds = new HashSet<>();

    public InvariantChecker(int quorum) {
        this.quorum = quorum;
    }

    private static final class Tally {
        final Value value;
        final Set<Integer> acceptors = new HashSet<>();

        Tally(Value value) {
            this.value = value;
        }
    }

    /** A client offered this command (again) to some node. */
    public void proposed(byte[] command) {
        long id = Commands.idOf(command);
        byte[] previous = proposedBytes.putIfAbsent(id, command.clone());
        if (previous != null && !Arrays.equals(previous, command)) {
            throw new InvariantViolation("test bug: command id " + id + " reused with other bytes");
        }
        proposedTimes.merge(id, 1, Integer::sum);
    }

    /** An acceptor made {@code (slot, ballot, value)} durable. */
    public void acceptWritten(int nodeId, long slot, Ballot ballot, Value value) {
        Tally tally = acceptances.computeIfAbsent(slot, s -> new HashMap<>())
                .computeIfAbsent(ballot, b -> new Tally(value));
        if (!tally.value.equals(value)) {
            throw new InvariantViolation("slot " + slot + " ballot " + ballot + ": node " + nodeId
                    + " accepted " + value + " but another acceptor accepted " + tally.value);
        }
        if (tally.acceptors.add(nodeId) && tally.acceptors.size() == quorum) {
            choose(slot, value, "a quorum " + tally.acceptors + " at ballot " + ballot);
        }
    }

    /** Node {@code nodeId} delivered {@code value} in {@code slot}. */
    public void delivered(int nodeId, long slot, Value value) {
        int expected = deliveredCount.getOrDefault(nodeId, 0) + 1;
        if (slot != expected) {
            throw new InvariantViolation("node " + nodeId + " delivered slot " + slot + " after slot "
                    + (expected - 1) + ": not strictly in order");
        }
        deliveredCount.put(nodeId, expected);
        choose(slot, value, "node " + nodeId + "'s decision");
        if (slot <= longestLog.size()) {
            if (!longestLog.get((int) slot - 1).equals(value)) {
                throw new InvariantViolation("node " + nodeId + "'s log is not a prefix of the longest at slot "
                        + slot);
            }
        } else {
            longestLog.add(value);
        }
        Map<Long, Integer> mine = deliveriesByNode.computeIfAbsent(nodeId, n -> new HashMap<>());
        for (byte[] command : value.commands()) {
            long id = Commands.idOf(command);
            int times = mine.merge(id, 1, Integer::sum);
            if (times > proposedTimes.getOrDefault(id, 0)) {
                throw new InvariantViolation("node " + nodeId + " delivered command " + id + " " + times
                        + " times but it was proposed " + proposedTimes.getOrDefault(id, 0) + " times");
            }
        }
    }

    /** Checks a node's whole durable log against the longest one (e.g. after a restart). */
    public void checkPrefix(int nodeId, List<Value> log) {
        if (log.size() > longestLog.size()) {
            throw new InvariantViolation("node " + nodeId + " holds " + log.size()
                    + " slots, more than any delivery seen (" + longestLog.size() + ")");
        }
        for (int i = 0; i < log.size(); i++) {
            if (!log.get(i).equals(longestLog.get(i))) {
                throw new InvariantViolation("node " + nodeId + "'s log is not a prefix of the longest at slot "
                        + (i + 1));
            }
        }
    }

    private void choose(long slot, Value value, String evidence) {
        Value previous = chosen.putIfAbsent(slot, value);
        if (previous != null && !previous.equals(value)) {
            throw new InvariantViolation("agreement: slot " + slot + " chosen with " + previous
                    + " and, by " + evidence + ", with " + value);
        }
        if (previous == null) {
            for (byte[] command : value.commands()) {
                long id = Commands.idOf(command);
                byte[] proposed = proposedBytes.get(id);
                if (proposed == null || !Arrays.equals(proposed, command)) {
                    throw new InvariantViolation("validity: slot " + slot + " chose command " + id
                            + " that was never proposed");
                }
                chosenCommandIds.add(id);
            }
        }
    }

    public boolean isChosen(long commandId) {
        return chosenCommandIds.contains(commandId);
    }

    /** Distinct ballots at which some acceptor accepted something: leaderships that proposed. */
    public int ballotsSeen() {
        Set<Ballot> ballots = new HashSet<>();
        acceptances.values().forEach(byBallot -> ballots.addAll(byBallot.keySet()));
        return ballots.size();
    }

    public int chosenSlots() {
        return chosen.size();
    }
}
