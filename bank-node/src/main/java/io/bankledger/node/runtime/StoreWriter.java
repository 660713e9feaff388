package io.bankledger.node.runtime;

import io.bankledger.node.intake.Request;
import io.bankledger.node.metrics.NodeMetrics;
import io.bankledger.node.store.AppliedBatch;
import io.bankledger.node.store.NodeStore;
import io.bankledger.node.transport.EventPublisher;
import io.bankledger.node.transport.PaxosTransport;
import io.bankledger.paxos.CatchUpServe;
import io.bankledger.paxos.Envelope;
import io.bankledger.paxos.Value;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommittedEvent;
import io.bankledger.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The node's third thread: it writes the groups the applier decided to the store, in slot order,
 * while the applier decides the next ones. Whatever is queued when it wakes goes into one store
 * transaction (the chosen values, events, outcomes, projections and applied slot); then the
 * get-history requests of those groups are answered from the projection, which now includes
 * them, the events are published (by the leader), the ledger position is reported, and catch-up
 * requests queued behind them are served from the chosen log, which now holds every slot before
 * them.
 *
 * <p>Requests are answered and acknowledged once decided, before this transaction; only
 * get-history answers, the events' publication and catch-up serves wait for it. So when it had
 * nothing to do and a group arrives, it waits up to {@link #LINGER_MS} for more before it
 * writes: at light load every round of the protocol decides one group, and a transaction for
 * each cost every server a commit and the function's statements per round. When it finds groups
 * already waiting it writes them at once.
 *
 * <p>Bounded twice, and the applier blocks behind either bound: at most {@link #WRITES_MAX}
 * groups wait in the queue (and as many more while the writer lingers), so that answers run
 * ahead of this node's store by a few transactions at most,
 * and at most {@link #SLOTS_MAX} slots (with their commands, events and outcomes in memory), so
 * that a node catching up thousands of slots holds no more than that while they are written.
 * Fail-stop: a store failure stops this thread and, through {@link #running()}, the applier and
 * the loop; a restart recovers from the store, its acceptor table and its peers.
 */
final class StoreWriter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    static final int WRITES_MAX = 4;
    static final int SLOTS_MAX = 512;
    private static final long STOP_CHECK_MS = 100;
    /** How long a lone group waits for company; get-history answers wait as long. */
    static final long LINGER_MS = 20;

    sealed interface Work {
    }

    /**
     * A decided group: its slots, its get-history answers still to fill, and the ledger's
     * {@code outcomesTaken} mark once it was decided: every outcome taken before the mark is in
     * the store when this group is.
     */
    record Write(List<AppliedBatch> batches, List<HistoryAnswer> historyAnswers, long outcomesMark) implements Work {
    }

    /** A get-history outcome whose requests are answered once the projection includes its slot. */
    record HistoryAnswer(List<Request> requests, Command.GetHistory command, Reply reply) {
    }

    record Serve(CatchUpServe serve) implements Work {
    }

    private final int nodeId;
    private final NodeStore store;
    private final PaxosTransport transport;
    private final EventPublisher events;
    private final BiConsumer<Request, Reply> replies;
    private final BooleanSupplier isLeader;
    private final NodeMetrics metrics;
    /** A write also takes a permit of {@link #room} per slot, a serve one. */
    private final BlockingQueue<Work> queue = new ArrayBlockingQueue<>(WRITES_MAX);
    private final Semaphore room = new Semaphore(SLOTS_MAX);
    private volatile boolean running = true;
    private volatile boolean failed;
    private volatile Applier.LedgerPosition position;
    /** The outcomes mark of the last group written: every outcome taken before it is in the store. */
    private volatile long writtenOutcomesMark;

    StoreWriter(int nodeId, NodeStore store, PaxosTransport transport, EventPublisher events,
                BiConsumer<Request, Reply> replies, BooleanSupplier isLeader, NodeMetrics metrics,
                Applier.LedgerPosition start, long outcomesMark) {
        this.nodeId = nodeId;
        this.store = store;
        this.transport = transport;
        this.events = events;
        this.replies = replies;
        this.isLeader = isLeader;
        this.metrics = metrics;
        this.position = start;
        this.writtenOutcomesMark = outcomesMark;
    }

    /** From the applier; blocks while either bound is reached (back-pressure). */
    void submit(Work work) throws InterruptedException {
        int permits = permits(work);
        if (permits > SLOTS_MAX) {
            throw new IllegalArgumentException(permits + " slots in one write; at most " + SLOTS_MAX);
        }
        while (!room.tryAcquire(permits, STOP_CHECK_MS, TimeUnit.MILLISECONDS)) {
            if (!running) {
                throw new IllegalStateException("the store writer stopped");
            }
        }
        while (!queue.offer(work, STOP_CHECK_MS, TimeUnit.MILLISECONDS)) {
            if (!running) {
                throw new IllegalStateException("the store writer stopped");
            }
        }
    }

    private static int permits(Work work) {
        return work instanceof Write write ? Math.max(1, write.batches().size()) : 1;
    }

    /** Outcomes the ledger took in since this mark may not be in the store yet: it must keep them. */
    long writtenOutcomesMark() {
        return writtenOutcomesMark;
    }

    Applier.LedgerPosition position() {
        return position;
    }

    boolean running() {
        return running;
    }

    boolean failed() {
        return failed;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        MDC.put("node", "node=" + nodeId + " ");
        List<Work> taken = new ArrayList<>();
        try {
            while (running) {
                Work first = queue.poll();
                boolean waited = first == null;
                if (waited) {
                    first = queue.poll(STOP_CHECK_MS, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                }
                taken.clear();
                taken.add(first);
                if (waited) {
                    // Idle until now: light load, where company is worth a short wait. A writer
                    // that finds work waiting is behind, and a wait would only make it more so.
                    takeCompany(queue, taken, TimeUnit.MILLISECONDS.toNanos(LINGER_MS), WRITES_MAX);
                }
                queue.drainTo(taken);
                process(taken);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed = true;
            String reason = e.toString();
            LOG.error("node {} stops writing its store: {}", nodeId,
                    reason.length() > 2_000 ? reason.substring(0, 2_000) + "..." : reason);
            LOG.debug("node {} store writer failure", nodeId, e);
        } finally {
            running = false;
        }
    }

    /**
     * Adds to {@code taken} (which holds the first) what is queued and what arrives within
     * {@code lingerNanos}, until {@code max} are held: returns at once when they are.
     */
    static <T> void takeCompany(BlockingQueue<T> queue, List<? super T> taken, long lingerNanos, int max)
            throws InterruptedException {
        long deadline = System.nanoTime() + lingerNanos;
        while (taken.size() < max) {
            long remaining = deadline - System.nanoTime();
            T next = remaining > 0 ? queue.poll(remaining, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                return;
            }
            taken.add(next);
        }
    }

    /** Consecutive writes as one transaction; serves in their place. */
    private void process(List<Work> taken) {
        List<Write> group = new ArrayList<>();
        for (Work work : taken) {
            if (work instanceof Write write) {
                group.add(write);
                continue;
            }
            write(group);
            group.clear();
            CatchUpServe serve = ((Serve) work).serve();
            List<Value> values = store.chosen(serve.fromSlot(), serve.toSlot());
            transport.send(new Envelope(serve.toNodeId(), serve.reply(nodeId, values)));
            room.release(permits(work));
        }
        write(group);
    }

    private void write(List<Write> writes) {
        if (writes.isEmpty()) {
            return;
        }
        List<AppliedBatch> batches = new ArrayList<>();
        for (Write write : writes) {
            batches.addAll(write.batches());
        }
        long started = System.nanoTime();
        store.apply(batches);
        metrics.applyWrite(System.nanoTime() - started);
        writtenOutcomesMark = writes.get(writes.size() - 1).outcomesMark();
        position = positionAfter(batches);

        for (Write write : writes) {
            for (HistoryAnswer answer : write.historyAnswers()) {
                Command.GetHistory history = answer.command();
                Reply filled = answer.reply().withEntries(
                        store.history(history.accountId(), history.afterSeq(), history.limit()));
                for (Request request : answer.requests()) {
                    replies.accept(request, filled);
                }
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
        for (Write write : writes) {
            room.release(permits(write));
        }
    }

    private Applier.LedgerPosition positionAfter(List<AppliedBatch> batches) {
        Applier.LedgerPosition before = position;
        long lastSeq = before.lastSeq();
        String lastHash = before.lastHash();
        for (AppliedBatch batch : batches) {
            List<CommittedEvent> batchEvents = batch.result().events();
            if (!batchEvents.isEmpty()) {
                CommittedEvent last = batchEvents.get(batchEvents.size() - 1);
                lastSeq = last.seq();
                lastHash = last.hash();
            }
        }
        return new Applier.LedgerPosition(batches.get(batches.size() - 1).slot(), lastSeq, lastHash);
    }
}
