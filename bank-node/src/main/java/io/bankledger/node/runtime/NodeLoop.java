package io.bankledger.node.runtime;

import io.bankledger.node.intake.Request;
import io.bankledger.node.ledger.Ledger;
import io.bankledger.node.metrics.NodeMetrics;
import io.bankledger.node.store.NodeStore;
import io.bankledger.node.transport.EventPublisher;
import io.bankledger.node.transport.PaxosTransport;
import io.bankledger.paxos.CatchUpServe;
import io.bankledger.paxos.Decision;
import io.bankledger.paxos.DurableWrite;
import io.bankledger.paxos.Envelope;
import io.bankledger.paxos.Output;
import io.bankledger.paxos.PaxosNode;
import io.bankledger.paxos.message.PaxosMessage;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import io.bankledger.protocol.Consistency;
import io.bankledger.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The node's Paxos thread. It alone touches the Paxos core; everything else talks to it through
 * its inbox. The ledger belongs to the {@link Applier}, which applies what this loop decides.
 *
 * <p>Each turn drains the inbox, feeds the core, and carries out the combined output in the
 * order the core requires: acceptor writes durable (one transaction), then messages sent, then
 * decisions handed, in order, to the applier, followed by the catch-up serves (which the applier
 * answers once the slots before them are in the store). So the next Paxos round overlaps the
 * previous batch's apply transaction instead of waiting for it.
 *
 * <p>Fail-stop: if the store refuses an acceptor write, or the applier fails, the loop stops and
 * marks the node failed; a restart recovers from the store.
 */
public final class NodeLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeLoop.class);
    private static final int INBOX_CAPACITY = 100_000;
    private static final int TURN_INPUTS_MAX = 2_000;

    private sealed interface Input {
    }

    private record PaxosInput(PaxosMessage message) implements Input {
    }

    /** The commands of one client message, proposed in the same turn. */
    private record RequestsInput(List<Request> requests) implements Input {
    }

    private final int nodeId;
    private final PaxosNode paxos;
    private final NodeStore store;
    private final PaxosTransport transport;
    private final LongSupplier clockMs;
    private final long reproposeAfterMs;
    private final long turnWaitMs;
    private final NodeMetrics metrics;
    private final PendingCommands pending = new PendingCommands();
    private final Applier applier;
    private final Thread applierThread;
    private final LinkedBlockingQueue<Input> inbox = new LinkedBlockingQueue<>(INBOX_CAPACITY);
    private int lastLeaderId = -1;
    private volatile boolean leader;
    private volatile boolean running = true;
    private volatile boolean failed;
    private volatile NodeStatus status;
    private long nextReproposalScanMs;

    public NodeLoop(int nodeId, PaxosNode paxos, Ledger ledger, NodeStore store, PaxosTransport transport,
                    EventPublisher events, CommandCodec codec, BiConsumer<Request, Reply> replies,
                    LongSupplier clockMs, long reproposeAfterMs, long turnWaitMs, NodeMetrics metrics) {
        this.nodeId = nodeId;
        this.paxos = paxos;
        this.store = store;
        this.transport = transport;
        this.clockMs = clockMs;
        this.reproposeAfterMs = reproposeAfterMs;
        if (turnWaitMs <= 0) {
            throw new IllegalArgumentException("turnWaitMs must be > 0: " + turnWaitMs);
        }
        this.turnWaitMs = turnWaitMs;
        this.metrics = metrics;
        this.applier = new Applier(nodeId, ledger, store, transport, events, codec, pending, replies,
                () -> leader, metrics);
        this.applierThread = new Thread(applier, "node-applier-" + nodeId);
        refreshStatus();
    }

    /** From the JMS delivery thread: never blocks; a full inbox drops the message (Paxos tolerates loss). */
    public void offer(PaxosMessage message) {
        inbox.offer(new PaxosInput(message));
    }

    /**
     * From the intake thread, the commands of one message: bounded by the intake's pending limit,
     * so this never fills the inbox.
     */
    public void offer(List<Request> requests) {
        if (!inbox.offer(new RequestsInput(requests))) {
            throw new IllegalStateException("inbox full: the intake's pending bound must be below " + INBOX_CAPACITY);
        }
    }

    /**
     * This node's status: the Paxos side as of the loop's last turn, the ledger side (applied
     * slot, last seq, hash head) as of now, so a reply already sent is never ahead of it.
     */
    public NodeStatus status() {
        NodeStatus paxosSide = status;
        Applier.LedgerPosition position = applier.position();
        // The applier may have answered for a slot the loop's snapshot does not count yet.
        return new NodeStatus(nodeId, paxosSide.leader(), paxosSide.ballot(), paxosSide.leaderId(),
                Math.max(paxosSide.commitIndex(), applier.decidedSlot()), position.appliedSlot(), position.lastSeq(), position.lastHash(),
                pending.size(), failed());
    }

    public boolean failed() {
        return failed || applier.failed();
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        MDC.put("node", "node=" + nodeId + " ");
        applierThread.start();
        List<Input> turn = new ArrayList<>();
        try {
            while (running && applier.running()) {
                Input first = inbox.poll(turnWaitMs, TimeUnit.MILLISECONDS);
                turn.clear();
                if (first != null) {
                    turn.add(first);
                    inbox.drainTo(turn, TURN_INPUTS_MAX - 1);
                }
                long now = clockMs.getAsLong();
                List<Output> outputs = new ArrayList<>(turn.size() + 2);
                List<byte[]> toPropose = new ArrayList<>();
                for (Input input : turn) {
                    if (input instanceof PaxosInput paxosInput) {
                        outputs.add(paxos.handle(paxosInput.message(), now));
                    } else if (input instanceof RequestsInput requestsInput) {
                        for (Request request : requestsInput.requests()) {
                            take(request, now, toPropose);
                        }
                    }
                }
                reproposeStale(now, toPropose);
                if (!toPropose.isEmpty()) {
                    // The turn's commands travel together: as few slots (or forwards) as the batch bounds allow.
                    outputs.add(paxos.proposeAll(toPropose, now));
                }
                outputs.add(paxos.tick(now));
                execute(outputs);
                refreshStatus();
            }
            if (applier.failed()) {
                failed = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed = true;
            // A failed batch statement quotes the whole batch: keep the log readable, the trace in debug.
            String reason = e.toString();
            LOG.error("node {} stops: {}", nodeId, reason.length() > 2_000 ? reason.substring(0, 2_000) + "..." : reason);
            LOG.debug("node {} failure", nodeId, e);
        } finally {
            running = false;
            applier.stop();
            try {
                applierThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            refreshStatus();
        }
    }

    /**
     * A new request: a stale read is answered by the applier in its place in the apply order;
     * anything else is proposed, unless the same commandId is already pending here. A retry of a
     * command that was decided long ago is proposed again too: the ledger answers it with the
     * first outcome, without a second effect.
     */
    private void take(Request request, long now, List<byte[]> toPropose) throws InterruptedException {
        Command command = request.command();
        if (command instanceof Command.GetBalance balance && balance.consistency() == Consistency.STALE) {
            applier.submit(new Applier.StaleRead(request));
            return;
        }
        if (pending.add(request, now)) {
            toPropose.add(request.canonical());
        }
    }

    /**
     * Forwarded commands and Paxos messages can be lost: a command pending for longer than
     * {@code reproposeAfterMs} is proposed again. A second copy in the log is harmless; the ledger
     * answers it with the first outcome.
     */
    private void reproposeStale(long now, List<byte[]> toPropose) {
        if (now < nextReproposalScanMs || pending.isEmpty()) {
            return;
        }
        nextReproposalScanMs = now + Math.max(1, reproposeAfterMs / 4);
        toPropose.addAll(pending.dueForReproposal(now, reproposeAfterMs));
    }

    private void execute(List<Output> outputs) throws InterruptedException {
        // A leader's Accepts first: the followers write their acceptance while this node writes its own.
        for (Output output : outputs) {
            for (Envelope envelope : output.proposerSends()) {
                transport.send(envelope);
            }
        }
        List<DurableWrite> writes = new ArrayList<>();
        for (Output output : outputs) {
            writes.addAll(output.writes());
        }
        if (!writes.isEmpty()) {
            long started = System.nanoTime();
            store.persist(writes);
            metrics.acceptorWrite(System.nanoTime() - started);
        }
        for (Output output : outputs) {
            for (Envelope envelope : output.sends()) {
                transport.send(envelope);
            }
        }
        for (Output output : outputs) {
            for (Decision decision : output.decisions()) {
                applier.submit(new Applier.Decided(decision));
            }
        }
        for (Output output : outputs) {
            for (CatchUpServe serve : output.serves()) {
                applier.submit(new Applier.Serve(serve));
            }
        }
    }

    private void refreshStatus() {
        int leaderId = paxos.leaderId().orElse(-1);
        if (leaderId != lastLeaderId && leaderId != -1) {
            if (lastLeaderId != -1 && metrics != null) {
                metrics.leaderChanged();
            }
            lastLeaderId = leaderId;
            // Commands forwarded to the old leader may be lost with it: offer them to the new one
            // now rather than after reproposeAfterMs.
            pending.markAllDue();
            nextReproposalScanMs = 0;
        }
        leader = paxos.isLeader();
        Applier.LedgerPosition position = applier.position();
        status = new NodeStatus(nodeId, leader, String.valueOf(paxos.ballot()), leaderId, paxos.commitIndex(),
                position.appliedSlot(), position.lastSeq(), position.lastHash(), pending.size(), failed());
    }
}
