package io.bankledger.node.runtime;

import io.bankledger.node.intake.Request;
import io.bankledger.node.ledger.Account;
import io.bankledger.node.ledger.BatchResult;
import io.bankledger.node.ledger.Ledger;
import io.bankledger.node.metrics.NodeMetrics;
import io.bankledger.node.store.AppliedBatch;
import io.bankledger.node.store.NodeStore;
import io.bankledger.node.transport.EventPublisher;
import io.bankledger.node.transport.PaxosTransport;
import io.bankledger.paxos.CatchUpServe;
import io.bankledger.paxos.Decision;
import io.bankledger.paxos.Envelope;
import io.bankledger.paxos.Value;
import io.bankledger.paxos.message.PaxosCodec;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import io.bankledger.protocol.CommittedEvent;
import io.bankledger.protocol.DecodeResult;
import io.bankledger.protocol.Reason;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The node's second thread: it owns the ledger and applies chosen batches, in slot order, while
 * the loop goes on with Paxos (acceptor writes and messages). Per group of decisions: the ledger
 * decides, the waiting requests are answered (a decided slot is already durable on a majority),
 * one store transaction writes the group to this node's event store, then get-history requests
 * are answered from the projection and events published. The ledger keeps only its newest outcomes in memory: before a group, the
 * older outcomes its commands ask about are read from the store. Catch-up requests and stale
 * reads queue behind the decisions before them, so a served slot is always in the store and a
 * stale read reflects every slot applied before it.
 *
 * <p>Fail-stop, like the loop: a store failure leaves the in-memory ledger ahead of the database,
 * so the applier stops and marks itself failed; a restart recovers from the store. Answers it
 * sent before the failure stand: the restarted node learns the same chosen slots (from its
 * acceptor table or its peers) and its ledger decides the same outcomes again.
 */
final class Applier implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
    private static final int QUEUE_CAPACITY = 4_096;
    private static final int GROUP_DECISIONS_MAX = 512;
    private static final long STOP_CHECK_MS = 100;

    sealed interface Work {
    }

    record Decided(Decision decision) implements Work {
    }

    record Serve(CatchUpServe serve) implements Work {
    }

    record StaleRead(Request request) implements Work {
    }

    /** What the loop reports about the ledger: refreshed after each applied group. */
    record LedgerPosition(long appliedSlot, long lastSeq, String lastHash) {
    }

    private final int nodeId;
    private final Ledger ledger;
    private final NodeStore store;
    private final PaxosTransport transport;
    private final EventPublisher events;
    private final CommandCodec codec;
    private final PendingCommands pending;
    private final BiConsumer<Request, Reply> replies;
    private final BooleanSupplier isLeader;
    private final NodeMetrics metrics;
    private final BlockingQueue<Work> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private volatile boolean running = true;
    private volatile boolean failed;
    private volatile LedgerPosition position;
    /** The highest slot handed over as decided; written by the loop only. */
    private volatile long decidedSlot;

    Applier(int nodeId, Ledger ledger, NodeStore store, PaxosTransport transport, EventPublisher events,
            CommandCodec codec, PendingCommands pending, BiConsumer<Request, Reply> replies, BooleanSupplier isLeader,
            NodeMetrics metrics) {
        this.nodeId = nodeId;
        this.ledger = ledger;
        this.store = store;
        this.transport = transport;
        this.events = events;
        this.codec = codec;
        this.pending = pending;
        this.replies = replies;
        this.isLeader = isLeader;
        this.metrics = metrics;
        publishPosition();
    }

    /** From the loop; blocks while the applier is {@link #QUEUE_CAPACITY} items behind (back-pressure). */
    void submit(Work work) throws InterruptedException {
        if (work instanceof Decided decided) {
            // Before the queue: a slot answered from here is never above what status reports chosen.
            decidedSlot = Math.max(decidedSlot, decided.decision().slot());
        }
        while (!queue.offer(work, 100, TimeUnit.MILLISECONDS)) {
            if (!running) {
                throw new IllegalStateException("the applier stopped");
            }
        }
    }

    LedgerPosition position() {
        return position;
    }

    /** The highest slot handed to this applier as chosen (it may answer for it before its store commit). */
    long decidedSlot() {
        return decidedSlot;
    }

    boolean failed() {
        return failed;
    }

    boolean running() {
        return running;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        MDC.put("node", "node=" + nodeId + " ");
        List<Work> batch = new ArrayList<>();
        try {
            while (running) {
                // Work wakes the thread at once; the timeout only bounds how long stop() waits.
                Work first = queue.poll(STOP_CHECK_MS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, GROUP_DECISIONS_MAX - 1);
                process(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed = true;
            String reason = e.toString();
            LOG.error("node {} stops applying: {}", nodeId,
                    reason.length() > 2_000 ? reason.substring(0, 2_000) + "..." : reason);
            LOG.debug("node {} applier failure", nodeId, e);
        } finally {
            running = false;
        }
    }

    /** Applies runs of consecutive decisions as one group; serves and stale reads in their place. */
    private void process(List<Work> batch) {
        List<Decision> group = new ArrayList<>();
        for (Work work : batch) {
            if (work instanceof Decided decided) {
                group.add(decided.decision());
                continue;
            }
            applyGroup(group);
            group.clear();
            if (work instanceof Serve serve) {
                List<Value> values = store.chosen(serve.serve().fromSlot(), serve.serve().toSlot());
                transport.send(new Envelope(serve.serve().toNodeId(), serve.serve().reply(nodeId, values)));
            } else if (work instanceof StaleRead read) {
                replies.accept(read.request(), staleBalance((Command.GetBalance) read.request().command()));
            }
        }
        applyGroup(group);
    }

    private void applyGroup(List<Decision> decisions) {
        if (decisions.isEmpty()) {
            return;
        }
        List<AppliedBatch> batches = new ArrayList<>(decisions.size());
        List<List<Command>> commandsBySlot = new ArrayList<>(decisions.size());
        Set<String> toFetch = new HashSet<>();
        for (Decision decision : decisions) {
            List<Command> commands = decode(decision);
            commandsBySlot.add(commands);
            toFetch.addAll(ledger.outcomesToFetch(commands));
        }
        // The ledger holds only the newest outcomes: the older ones these commands ask about are
        // read from the store, which holds every outcome of the groups applied before this one.
        // Ids decided earlier in this same group are not in the store yet, and need not be: the
        // ledger holds them until forgetOldOutcomes, below, after the store commit.
        List<Reply> stored = store.outcomes(toFetch);
        ledger.remember(stored);
        metrics.outcomesLookedUp(toFetch.size(), stored.size());
        for (int b = 0; b < decisions.size(); b++) {
            Decision decision = decisions.get(b);
            BatchResult result = ledger.apply(decision.slot(), decision.value().timestampMs(), commandsBySlot.get(b));
            batches.add(new AppliedBatch(decision.slot(), PaxosCodec.encodeValue(decision.value()), result));
        }
        // A decided slot is durable in the acceptor tables of a majority (each wrote it before
        // answering, the leader before it counted its own), and the ledger's outcome is a pure
        // function of the chosen log: every node, and this one after a crash, decides the same.
        // So the answers leave now, before this node's own transaction; only a get-history
        // answer, whose entries come from the projection, waits for it.
        List<Answered> afterCommit = new ArrayList<>();
        long decidedAt = System.nanoTime();
        for (int b = 0; b < batches.size(); b++) {
            BatchResult result = batches.get(b).result();
            List<Command> commands = commandsBySlot.get(b);
            metrics.batchApplied(commands.size());
            for (int i = 0; i < commands.size(); i++) {
                Command command = commands.get(i);
                Reply reply = result.replies().get(i);
                metrics.applied(command.type().wireName(), reply.status(), reply.reason());
                PendingCommands.Pending done = pending.remove(command.commandId());
                if (done == null) {
                    continue;
                }
                metrics.commitLatency(decidedAt - done.firstProposedNanos);
                if (command instanceof Command.GetHistory && reply.status() == Status.OK) {
                    afterCommit.add(new Answered(done, reply));
                    continue;
                }
                for (Request request : done.requests) {
                    replies.accept(request, reply);
                }
            }
        }

        long started = System.nanoTime();
        store.apply(batches);
        metrics.applyWrite(System.nanoTime() - started);
        ledger.forgetOldOutcomes();
        publishPosition();

        for (Answered answered : afterCommit) {
            for (Request request : answered.pending().requests) {
                replies.accept(request, withHistory(request.command(), answered.reply()));
            }
        }
        if (isLeader.getAsBoolean()) {
            List<CommittedEvent> committed = new ArrayList<>();
            for (AppliedBatch batch : batches) {
                committed.addAll(batch.result().events());
            }
            if (!committed.isEmpty()) {
                events.publish(committed);
            }
        }
    }

    /** A get-history outcome whose entries the projection gives once the group is committed. */
    private record Answered(PendingCommands.Pending pending, Reply reply) {
    }

    private Reply staleBalance(Command.GetBalance balance) {
        long slot = Math.max(ledger.state().appliedSlot(), 0);
        Account account = ledger.state().account(balance.accountId());
        if (account == null) {
            return Reply.rejected(balance.commandId(), Reason.UNKNOWN_ACCOUNT, "no account " + balance.accountId(),
                    slot, null, null, null);
        }
        return Reply.ok(balance.commandId(), slot, null, account.view(), null);
    }

    /** A get-history reply gets its entries from the projection, which now includes its slot. */
    private Reply withHistory(Command command, Reply reply) {
        if (command instanceof Command.GetHistory history && reply.status() == Status.OK) {
            return reply.withEntries(store.history(history.accountId(), history.afterSeq(), history.limit()));
        }
        return reply;
    }

    /**
     * Commands in the log were validated before they were proposed; bytes that do not decode
     * (a forged or corrupted proposal) are skipped the same way on every node, so logs still agree.
     */
    private List<Command> decode(Decision decision) {
        List<Command> commands = new ArrayList<>(decision.value().commands().size());
        for (byte[] bytes : decision.value().commands()) {
            DecodeResult result = codec.decode(bytes);
            if (result instanceof DecodeResult.Decoded decoded) {
                commands.add(decoded.command());
            } else {
                LOG.warn("slot {}: skipping an undecodable command: {}", decision.slot(), result);
            }
        }
        return commands;
    }

    private void publishPosition() {
        var state = ledger.state();
        position = new LedgerPosition(Math.max(0, state.appliedSlot()), state.lastSeq(), state.lastHash());
    }
}
