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
import io.bankledger.paxos.DurableWrite;
import io.bankledger.paxos.Envelope;
import io.bankledger.paxos.Output;
import io.bankledger.paxos.PaxosNode;
import io.bankledger.paxos.Value;
import io.bankledger.paxos.message.PaxosCodec;
import io.bankledger.paxos.message.PaxosMessage;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import io.bankledger.protocol.CommittedEvent;
import io.bankledger.protocol.Consistency;
import io.bankledger.protocol.DecodeResult;
import io.bankledger.protocol.Reason;
import io.bankledger.protocol.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The node's single thread of control. It alone touches the Paxos core, the ledger and the
 * pending-command table; everything else talks to it through its inbox.
 *
 * <p>Each turn drains the inbox, feeds the core, and carries out the combined output in the
 * order the core requires: acceptor writes durable (one transaction), then messages sent, then
 * decisions applied (ledger, then one store transaction for the group), then replies released to
 * the intake (which acknowledges the requests), then catch-up served from the store.
 *
 * <p>Fail-stop: if the store refuses a write, the in-memory ledger may be ahead of the database,
 * so the loop stops and marks the node failed; a restart recovers from the store. It never goes
 * on with state it could not make durable.
 */
public final class NodeLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeLoop.class);
    private static final int INBOX_CAPACITY = 100_000;
    private static final int TURN_INPUTS_MAX = 2_000;
    private static final long TURN_WAIT_MS = 5;

    private sealed interface Input {
    }

    private record PaxosInput(PaxosMessage message) implements Input {
    }

    private record RequestInput(Request request) implements Input {
    }

    /** A command this node took from the queue and has not seen decided yet. */
    private static final class Pending {
        final byte[] canonical;
        final List<Request> requests = new ArrayList<>(1);
        final long firstProposedNanos = System.nanoTime();
        long proposedAtMs;

        Pending(byte[] canonical, long proposedAtMs) {
            this.canonical = canonical;
            this.proposedAtMs = proposedAtMs;
        }
    }

    private final int nodeId;
    private final PaxosNode paxos;
    private final Ledger ledger;
    private final NodeStore store;
    private final PaxosTransport transport;
    private final EventPublisher events;
    private final CommandCodec codec;
    private final BiConsumer<Request, Reply> replies;
    private final LongSupplier clockMs;
    private final long reproposeAfterMs;
    private final NodeMetrics metrics;
    private int lastLeaderId = -1;
    private final LinkedBlockingQueue<Input> inbox = new LinkedBlockingQueue<>(INBOX_CAPACITY);
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private volatile boolean running = true;
    private volatile boolean failed;
    private volatile NodeStatus status;
    private long nextReproposalScanMs;

    public NodeLoop(int nodeId, PaxosNode paxos, Ledger ledger, NodeStore store, PaxosTransport transport,
                    EventPublisher events, CommandCodec codec, BiConsumer<Request, Reply> replies,
                    LongSupplier clockMs, long reproposeAfterMs, NodeMetrics metrics) {
        this.nodeId = nodeId;
        this.paxos = paxos;
        this.ledger = ledger;
        this.store = store;
        this.transport = transport;
        this.events = events;
        this.codec = codec;
        this.replies = replies;
        this.clockMs = clockMs;
        this.reproposeAfterMs = reproposeAfterMs;
        this.metrics = metrics;
        refreshStatus();
    }

    /** From the JMS delivery thread: never blocks; a full inbox drops the message (Paxos tolerates loss). */
    public void offer(PaxosMessage message) {
        inbox.offer(new PaxosInput(message));
    }

    /** From the intake thread: bounded by the intake's pending limit, so this never fills the inbox. */
    public void offer(Request request) {
        if (!inbox.offer(new RequestInput(request))) {
            throw new IllegalStateException("inbox full: the intake's pending bound must be below " + INBOX_CAPACITY);
        }
    }

    public NodeStatus status() {
        return status;
    }

    public boolean failed() {
        return failed;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        MDC.put("node", "node=" + nodeId + " ");
        List<Input> turn = new ArrayList<>();
        try {
            while (running) {
                Input first = inbox.poll(TURN_WAIT_MS, TimeUnit.MILLISECONDS);
                turn.clear();
                if (first != null) {
                    turn.add(first);
                    inbox.drainTo(turn, TURN_INPUTS_MAX - 1);
                }
                long now = clockMs.getAsLong();
                List<Output> outputs = new ArrayList<>(turn.size() + 2);
                for (Input input : turn) {
                    if (input instanceof PaxosInput paxosInput) {
                        outputs.add(paxos.handle(paxosInput.message(), now));
                    } else if (input instanceof RequestInput requestInput) {
                        Output output = take(requestInput.request(), now);
                        if (output != null) {
                            outputs.add(output);
                        }
                    }
                }
                outputs.add(paxos.tick(now));
                reproposeStale(now, outputs);
                execute(outputs);
                refreshStatus();
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
            refreshStatus();
        }
    }

    /** A new request: answer it at once when the answer is already known, else propose it. */
    private Output take(Request request, long now) {
        Command command = request.command();
        if (command instanceof Command.GetBalance balance && balance.consistency() == Consistency.STALE) {
            replies.accept(request, staleBalance(balance));
            return null;
        }
        if (command.isMutation()) {
            Reply known = ledger.state().outcome(command.commandId());
            if (known != null) {
                // Durable: the ledger's state never runs ahead of a committed store transaction here.
                replies.accept(request, known);
                return null;
            }
        }
        Pending existing = pending.get(command.commandId());
        if (existing != null) {
            existing.requests.add(request);
            return null;
        }
        Pending fresh = new Pending(request.canonical(), now);
        fresh.requests.add(request);
        pending.put(command.commandId(), fresh);
        return paxos.propose(request.canonical(), now);
    }

    private Reply staleBalance(Command.GetBalance balance) {
        long slot = ledger.state().appliedSlot();
        Account account = ledger.state().account(balance.accountId());
        if (account == null) {
            return Reply.rejected(balance.commandId(), Reason.UNKNOWN_ACCOUNT,
                    "no account " + balance.accountId(), Math.max(slot, 0), null, null, null);
        }
        return Reply.ok(balance.commandId(), Math.max(slot, 0), null, account.view(), null);
    }

    /**
     * Forwarded commands and Paxos messages can be lost: a command pending for longer than
     * {@code reproposeAfterMs} is proposed again. A second copy in the log is harmless; the ledger
     * answers it with the first outcome.
     */
    private void reproposeStale(long now, List<Output> outputs) {
        if (now < nextReproposalScanMs || pending.isEmpty()) {
            return;
        }
        nextReproposalScanMs = now + Math.max(1, reproposeAfterMs / 4);
        for (Pending entry : pending.values()) {
            if (now - entry.proposedAtMs >= reproposeAfterMs) {
                entry.proposedAtMs = now;
                outputs.add(paxos.propose(entry.canonical, now));
            }
        }
    }

    private void execute(List<Output> outputs) {
        List<DurableWrite> writes = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        List<CatchUpServe> serves = new ArrayList<>();
        for (Output output : outputs) {
            writes.addAll(output.writes());
            decisions.addAll(output.decisions());
            serves.addAll(output.serves());
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
        if (!decisions.isEmpty()) {
            applyDecisions(decisions);
        }
        for (CatchUpServe serve : serves) {
            List<Value> values = store.chosen(serve.fromSlot(), serve.toSlot());
            transport.send(new Envelope(serve.toNodeId(), serve.reply(nodeId, values)));
        }
    }

    private void applyDecisions(List<Decision> decisions) {
        List<AppliedBatch> batches = new ArrayList<>(decisions.size());
        List<List<Command>> commandsBySlot = new ArrayList<>(decisions.size());
        for (Decision decision : decisions) {
            List<Command> commands = decode(decision);
            BatchResult result = ledger.apply(decision.slot(), decision.value().timestampMs(), commands);
            batches.add(new AppliedBatch(decision.slot(), PaxosCodec.encodeValue(decision.value()), result));
            commandsBySlot.add(commands);
        }
        long started = System.nanoTime();
        store.apply(batches);
        long appliedAt = System.nanoTime();
        metrics.applyWrite(appliedAt - started);

        List<CommittedEvent> committed = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
            BatchResult result = batches.get(b).result();
            committed.addAll(result.events());
            List<Command> commands = commandsBySlot.get(b);
            metrics.batchApplied(commands.size());
            for (int i = 0; i < commands.size(); i++) {
                Reply reply = result.replies().get(i);
                metrics.applied(commands.get(i).type().wireName(), reply.status(), reply.reason());
                Pending done = pending.remove(commands.get(i).commandId());
                if (done == null) {
                    continue;
                }
                metrics.commitLatency(appliedAt - done.firstProposedNanos);
                for (Request request : done.requests) {
                    replies.accept(request, withHistory(request.command(), reply));
                }
            }
        }
        if (!committed.isEmpty() && paxos.isLeader()) {
            events.publish(committed);
        }
    }

    /** A get-history reply gets its entries from the projection, which now includes its slot. */
    private Reply withHistory(Command command, Reply reply) {
        if (command instanceof Command.GetHistory history && reply.status() == io.bankledger.protocol.Status.OK) {
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

    private void refreshStatus() {
        var state = ledger.state();
        int leaderId = paxos.leaderId().orElse(-1);
        if (leaderId != lastLeaderId && leaderId != -1) {
            if (lastLeaderId != -1 && metrics != null) {
                metrics.leaderChanged();
            }
            lastLeaderId = leaderId;
        }
        status = new NodeStatus(nodeId, paxos.isLeader(), String.valueOf(paxos.ballot()),
                paxos.leaderId().orElse(-1), paxos.commitIndex(), Math.max(0, state.appliedSlot()),
                state.lastSeq(), state.lastHash(), pending.size(), failed);
    }
}
