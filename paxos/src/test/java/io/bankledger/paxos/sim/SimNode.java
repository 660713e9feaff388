package io.bankledger.paxos.sim;

import io.bankledger.paxos.AcceptedValue;
import io.bankledger.paxos.AcceptorState;
import io.bankledger.paxos.Ballot;
import io.bankledger.paxos.DurableWrite;
import io.bankledger.paxos.PaxosConfig;
import io.bankledger.paxos.PaxosNode;
import io.bankledger.paxos.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One simulated node: its durable store (promise, accepted entries, delivered log) survives a
 * crash; its {@link PaxosNode} (everything volatile) does not and is rebuilt on restart.
 */
public final class SimNode {

    private final PaxosConfig config;
    private Ballot promised = Ballot.ZERO;
    private final TreeMap<Long, AcceptedValue> accepted = new TreeMap<>();
    private final List<Value> log = new ArrayList<>();
    private PaxosNode node;
    private int incarnation;

    SimNode(PaxosConfig config, long seed, long nowMs) {
        this.config = config;
        this.node = new PaxosNode(config, AcceptorState.empty(), 0, seed, nowMs);
    }

    public int id() {
        return config.nodeId();
    }

    public boolean isUp() {
        return node != null;
    }

    public PaxosNode node() {
        return node;
    }

    public List<Value> log() {
        return log;
    }

    void crash() {
        node = null;
    }

    /** A broken store for tests that the checker can fail: it loses the acceptor state on a crash. */
    private boolean amnesiac;

    void makeAmnesiac() {
        amnesiac = true;
    }

    void restart(long seed, long nowMs) {
        incarnation++;
        if (amnesiac) {
            promised = Ballot.ZERO;
            accepted.clear();
        }
        node = new PaxosNode(config, new AcceptorState(promised, accepted), log.size(), seed + incarnation, nowMs);
    }

    void makeDurable(DurableWrite write) {
        if (write instanceof DurableWrite.PromiseWrite promise) {
            if (promise.ballot().isBelow(promised)) {
                throw new InvariantViolation("node " + id() + " lowered its durable promise from " + promised
                        + " to " + promise.ballot());
            }
            promised = promise.ballot();
        } else if (write instanceof DurableWrite.AcceptWrite accept) {
            if (accept.ballot().isBelow(promised)) {
                throw new InvariantViolation("node " + id() + " accepted " + accept.ballot() + " below its promise "
                        + promised);
            }
            accepted.put(accept.slot(), new AcceptedValue(accept.ballot(), accept.value()));
        }
    }

    void append(long slot, Value value) {
        if (slot != log.size() + 1) {
            throw new InvariantViolation("node " + id() + " got decision " + slot + " with " + log.size()
                    + " slots applied");
        }
        log.add(value);
        // What the runtime does in the same transaction: the chosen log now holds the slot.
        accepted.headMap(slot, true).clear();
    }

    List<Value> readLog(long fromSlot, long toSlot) {
        if (toSlot > log.size()) {
            throw new InvariantViolation("node " + id() + " asked to serve up to " + toSlot + " but holds "
                    + log.size());
        }
        return List.copyOf(log.subList((int) fromSlot - 1, (int) toSlot));
    }
}
