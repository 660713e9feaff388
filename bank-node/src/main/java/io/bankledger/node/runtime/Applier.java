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
import io.bankledger.paxos.message.PaxosCodec;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
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
 * The node's second thread: it owns the ledger and decides chosen batches, in slot order, while
 * the loop goes on with Paxos (acceptor writes and messages) and the {@link StoreWriter} writes
 * the groups decided before. Per group of decisions: the older outcomes its commands ask about
 * are read from the store (the ledger keeps only its newest outcomes in memory, and every one it
 * has not seen written), the ledger decides, the waiting requests are answered, and the group is
 * handed to the writer. A decided slot is already durable on a majority (each acceptor wrote it
 * before answering, the leader before it counted its own acceptance) and the ledger's outcome is
 * a pure function of the chosen log, so an answer need not wait for this node's store; only a
 * get-history answer, whose entries come from the projection, is left to the writer. Catch-up
 * requests queue behind the groups before them in the writer, so a served slot is always in the
 * store; stale reads are answered from the ledger in their place in the order.
 *
 * <p>Fail-stop, like the loop: a failure here or in the writer leaves the in-memory ledger ahead
 * of the database, so both stop and the node is marked failed; a restart recovers from the store.
 * Answers sent before the failure stand: the restarted node learns the same chosen slots (from its
 * acceptor table or its peers) and its ledger decides the same outcomes again.
 */
final class Applier implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
    private static final int QUEUE_CAPACITY = 4_096;
    /** A group is handed to the writer whole, so it can be no larger than the writer's bound. */
    private static final int GROUP_DECISIONS_MAX = StoreWriter.SLOTS_MAX;
    private static final long STOP_CHECK_MS = 100;

    sealed interface Work {
    }

    record Decided(Decision decision) implements Work {
    }

    record Serve(CatchUpServe serve) implements Work {
    }

    record StaleRead(Request request) implements Work {
    }

    /** What the loop reports about the store: refreshed by the writer after each transaction. */
    record LedgerPosition(long appliedSlot, long lastSeq, String lastHash) {
    }

    private final int nodeId;
    private final Ledger ledger;
    private final NodeStore store;
    private final CommandCodec codec;
    private final PendingCommands pending;
    private final BiConsumer<Request, Reply> replies;
    private final NodeMetrics metrics;
    private final StoreWriter writer;
    private final Thread writerThread;
    private final BlockingQueue<Work> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private volatile boolean running = true;
    private volatile boolean failed;
    /** The highest slot handed over as decided; written by the loop only. */
    private volatile long decidedSlot;

    Applier(int nodeId, Ledger ledger, NodeStore store, PaxosTransport transport, EventPublisher events,
            CommandCodec codec, PendingCommands pending, BiConsumer<Request, Reply> replies, BooleanSupplier isLeader,
            NodeMetrics metrics) {
        this.nodeId = nodeId;
        this.ledger = ledger;
        this.store = store;
        this.codec = codec;
        this.pending = pending;
        this.replies = replies;
        this.metrics = metrics;
        var state = ledger.state();
        this.writer = new StoreWriter(nodeId, store, transport, events, replies, isLeader, metrics,
                new LedgerPosition(Math.max(0, state.appliedSlot()), state.lastSeq(), state.lastHash()),
                ledger.outcomesTaken());
        this.writerThread = new Thread(writer, "node-store-" + nodeId);
    }

    /** From the loop; blocks while the applier is {@link #QUEUE_CAPACITY} items behind (back-pressure). */
    void submit(Work work) throws InterruptedException {
        if (work instanceof Decided decided) {
            // Before the queue: a slot answered from here is never above what status reports chosen.
            decidedSlot = Math.max(decidedSlot, decided.decision().slot());
        }
        while (!queue.offer(work, 100, TimeUnit.MILLISECONDS)) {
            if (!running()) {
                throw new IllegalStateException("the applier stopped");
            }
        }
    }

    /** Where this node's store is: the last slot, seq and hash it committed. */
    LedgerPosition position() {
        return writer.position();
    }

    /** The highest slot handed to this applier as chosen (it may answer for it before its store commit). */
    long decidedSlot() {
        return decidedSlot;
    }

    boolean failed() {
        return failed || writer.failed();
    }

    boolean running() {
        return running && writer.running();
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        MDC.put("node", "node=" + nodeId + " ");
        writerThread.start();
        List<Work> batch = new ArrayList<>();
        try {
            while (running()) {
                // Work wakes the thread at once; the timeout only bounds how long stop() waits.
                Work first = queue.poll(STOP_CHECK_MS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    // Idle: the writer may have caught up since the last group, so the bound holds again.
                    forgetWrittenOutcomes();
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
            writer.stop();
            try {
                writerThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Decides runs of consecutive decisions as one group; serves and stale reads in their place. */
    private void process(List<Work> batch) throws InterruptedException {
        List<Decision> group = new ArrayList<>();
        for (Work work : batch) {
            if (work instanceof Decided decided) {
                group.add(decided.decision());
                continue;
            }
            decideGroup(group);
            group.clear();
            if (work instanceof Serve serve) {
                writer.submit(new StoreWriter.Serve(serve.serve()));
            } else if (work instanceof StaleRead read) {
                replies.accept(read.request(), staleBalance((Command.GetBalance) read.request().command()));
            }
        }
        decideGroup(group);
    }

    private void decideGroup(List<Decision> decisions) throws InterruptedException {
        if (decisions.isEmpty()) {
            return;
        }
        forgetWrittenOutcomes();
        List<AppliedBatch> batches = new ArrayList<>(decisions.size());
        List<List<Command>> commandsBySlot = new ArrayList<>(decisions.size());
        Set<String> toFetch = new HashSet<>();
        for (Decision decision : decisions) {
            List<Command> commands = decode(decision);
            commandsBySlot.add(commands);
            toFetch.addAll(ledger.outcomesToFetch(commands));
        }
        // The older outcomes these commands ask about are in the store: the ledger forgets only
        // outcomes the writer has committed. Ids decided earlier in this same group, or in groups
        // the writer still holds, are in the ledger and need not be fetched.
        List<Reply> stored = store.outcomes(toFetch);
        ledger.remember(stored);
        metrics.outcomesLookedUp(toFetch.size(), stored.size());
        for (int b = 0; b < decisions.size(); b++) {
            Decision decision = decisions.get(b);
            BatchResult result = ledger.apply(decision.slot(), decision.value().timestampMs(), commandsBySlot.get(b));
            batches.add(new AppliedBatch(decision.slot(), PaxosCodec.encodeValue(decision.value()), result));
        }

        List<StoreWriter.HistoryAnswer> historyAnswers = new ArrayList<>();
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
                if (command instanceof Command.GetHistory history && reply.status() == Status.OK) {
                    historyAnswers.add(new StoreWriter.HistoryAnswer(done.requests, history, reply));
                    continue;
                }
                for (Request request : done.requests) {
                    replies.accept(request, reply);
                }
            }
        }
        writer.submit(new StoreWriter.Write(batches, historyAnswers, ledger.outcomesTaken()));
    }

    /**
     * The ledger keeps its newest {@code outcomesKept} outcomes and every one the writer has not
     * committed yet: those could not be fetched back from the store.
     */
    private void forgetWrittenOutcomes() {
        ledger.forgetOldOutcomes(writer.writtenOutcomesMark());
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
}
