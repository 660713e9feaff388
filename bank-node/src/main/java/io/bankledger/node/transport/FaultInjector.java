package io.bankledger.node.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Network faults on the Paxos transport, for the fault tests: drop, duplicate and delay messages
 * to and from chosen peers, or cut peers off entirely (a partition). Off unless the node is
 * started with fault injection on; then driven by control messages on {@link #CONTROL_TOPIC}.
 *
 * <p>Control message (JSON text): {@code {"target": 2, "blockedPeers": [1, 3], "drop": 0.2,
 * "duplicate": 0.1, "delayMsMax": 40, "faultyPeers": [3]}} applies to node 2 (or
 * {@code "target": "all"}); drop, duplicate and delay apply to messages to the peers listed in
 * {@code faultyPeers}, or to every peer when it is absent, so one link can be made lossy;
 * {@code {"target": "all", "heal": true}} removes every fault. Blocking is both ways: a node drops
 * what it would send to a blocked peer and what it receives from one.
 *
 * <p>Paxos tolerates every one of these faults by design; the point is to prove it with the real
 * transport, not to change what the node decides.
 */
public final class FaultInjector {

    public static final String CONTROL_TOPIC = "bank.faults";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The faults in force; immutable, swapped whole. */
    record Rules(Set<Integer> blockedPeers, double dropProbability, double duplicateProbability, long delayMsMax,
                 Set<Integer> faultyPeers) {
        static final Rules NONE = new Rules(Set.of(), 0, 0, 0, Set.of());

        boolean faulty(int peerId) {
            return faultyPeers.isEmpty() || faultyPeers.contains(peerId);
        }
    }

    private final int nodeId;
    private volatile Rules rules = Rules.NONE;
    private final SplittableRandom random;

    public FaultInjector(int nodeId, long seed) {
        this.nodeId = nodeId;
        this.random = new SplittableRandom(seed);
    }

    /** Applies a control message if it targets this node; returns whether it did. */
    public boolean apply(String controlJson) {
        JsonNode control;
        try {
            control = JSON.readTree(controlJson);
        } catch (Exception e) {
            throw new IllegalArgumentException("unreadable fault control message: " + e.getMessage(), e);
        }
        JsonNode target = control.path("target");
        boolean forMe = target.isTextual() && "all".equals(target.asText())
                || target.isInt() && target.asInt() == nodeId;
        if (!forMe) {
            return false;
        }
        if (control.path("heal").asBoolean(false)) {
            rules = Rules.NONE;
            return true;
        }
        Set<Integer> blocked = new HashSet<>();
        control.path("blockedPeers").forEach(peer -> blocked.add(peer.asInt()));
        double drop = control.path("drop").asDouble(0);
        double duplicate = control.path("duplicate").asDouble(0);
        long delay = control.path("delayMsMax").asLong(0);
        if (drop < 0 || drop > 1 || duplicate < 0 || duplicate > 1 || delay < 0 || delay > 60_000) {
            throw new IllegalArgumentException("fault rates must be in [0,1] and delays in [0,60000] ms");
        }
        Set<Integer> faulty = new HashSet<>();
        control.path("faultyPeers").forEach(peer -> faulty.add(peer.asInt()));
        rules = new Rules(Set.copyOf(blocked), drop, duplicate, delay, Set.copyOf(faulty));
        return true;
    }

    public boolean acceptsFrom(int peerId) {
        Rules current = rules;
        return !current.blockedPeers().contains(peerId);
    }

    /** How many copies of a message to {@code peerId} to send: 0 (lost), 1, or 2 (duplicated). */
    public synchronized int copiesTo(int peerId) {
        Rules current = rules;
        if (current.blockedPeers().contains(peerId)) {
            return 0;
        }
        if (!current.faulty(peerId)) {
            return 1;
        }
        if (current.dropProbability() > 0 && random.nextDouble() < current.dropProbability()) {
            return 0;
        }
        if (current.duplicateProbability() > 0 && random.nextDouble() < current.duplicateProbability()) {
            return 2;
        }
        return 1;
    }

    /** A delivery delay for the next message to {@code peerId}, which also reorders messages; 0 when none. */
    public synchronized long delayMs(int peerId) {
        Rules current = rules;
        long max = current.faulty(peerId) ? current.delayMsMax() : 0;
        return max == 0 ? 0 : random.nextLong(max + 1);
    }

    public boolean active() {
        return rules != Rules.NONE;
    }
}
