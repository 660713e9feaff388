package io.bankledger.node.ledger;

import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reply;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies chosen batches, in slot order, to a {@link LedgerState}.
 *
 * <p>{@code apply} is a pure function of the state and its arguments: same state and same batch
 * give the same {@link BatchResult}, byte for byte, on every node and on every replay. It is also
 * atomic: the batch is decided on an overlay and the state changes only when the whole batch is
 * decided, so a failure leaves the state as it was.
 *
 * <p>Per command:
 * <ul>
 *   <li>a mutation applied for the first time gives exactly one event — its effect, or
 *       {@code CommandRejected} — and its reply is stored as the commandId's outcome;</li>
 *   <li>a mutation whose commandId has an outcome (from any earlier slot or earlier in the same
 *       batch) gives no event and returns that outcome unchanged, whatever its other fields say;</li>
 *   <li>a read gives no event and no stored outcome: {@code get-balance} and {@code get-history}
 *       answer with the account as of this slot (or REJECTED {@code UNKNOWN_ACCOUNT}),
 *       {@code get-status} with the stored outcome of {@code ofCommandId} or status UNKNOWN.
 *       The ledger keeps no history: the node fills a get-history reply's entries from its SQL
 *       projection after the batch is durable.</li>
 * </ul>
 *
 * <p>Outcomes are kept for ever, in the node's store; in memory a ledger keeps at most
 * {@code outcomesKept} of the newest once {@link #forgetOldOutcomes} is called (the node calls it
 * before each group, keeping every outcome its store has not committed yet). Purity then rests
 * on the caller: before {@code apply}, the state must hold every existing outcome the batch looks
 * up. The node asks {@link #outcomesToFetch}, reads those from its store and hands them to
 * {@link #remember}; a state given every outcome (as in tests and replays) needs nothing fetched.
 *
 * <p>Not thread-safe: one thread, the node's applier, owns a ledger.
 */
public final class Ledger {
    /** Keep every outcome in memory: for tests and tools that never fetch from a store. */
    public static final int KEEP_ALL_OUTCOMES = Integer.MAX_VALUE;

    private final LedgerState state;
    private final int outcomesKept;

    public Ledger() {
        this(LedgerState.empty());
    }

    /** Continues from {@code state}, keeping every outcome in memory. */
    public Ledger(LedgerState state) {
        this(state, KEEP_ALL_OUTCOMES);
    }

    /**
     * Continues from {@code state}; the ledger takes ownership of it (pass a copy to keep one).
     * {@link #forgetOldOutcomes} keeps the newest {@code outcomesKept} outcomes in memory.
     */
    public Ledger(LedgerState state, int outcomesKept) {
        if (state == null) {
            throw new IllegalArgumentException("state is required");
        }
        if (outcomesKept < 0) {
            throw new IllegalArgumentException("outcomesKept must be >= 0: " + outcomesKept);
        }
        this.state = state;
        this.outcomesKept = outcomesKept;
    }

    /**
     * The commandIds whose outcomes {@code apply} of these commands would look up and this state
     * does not hold: each mutation's own id, and each get-status's {@code ofCommandId}, except
     * time-ordered ids the state knows to be new ({@link LedgerState}'s horizon). Outcomes that
     * exist for them are in the store; the rest are new.
     */
    public Set<String> outcomesToFetch(List<Command> commands) {
        Set<String> wanted = new LinkedHashSet<>();
        for (Command command : commands) {
            String id = command instanceof Command.GetStatus status ? status.ofCommandId()
                    : command.isRead() ? null : command.commandId();
            if (id != null && !state.holdsOutcome(id) && !state.knownNew(id)) {
                wanted.add(id);
            }
        }
        return wanted;
    }

    /** Takes outcomes the store holds (fetched for {@link #outcomesToFetch}) into memory. */
    public void remember(Collection<Reply> stored) {
        state.remember(stored);
    }

    /**
     * Forgets the oldest outcomes beyond {@code outcomesKept}. Only once the store holds every
     * outcome applied so far: a forgotten outcome must be fetchable. Returns how many it forgot.
     */
    public int forgetOldOutcomes() {
        return forgetOldOutcomes(state.outcomesTaken());
    }

    /** How many outcomes this ledger has taken in so far: a mark for {@link #forgetOldOutcomes(long)}. */
    public long outcomesTaken() {
        return state.outcomesTaken();
    }

    /**
     * Forgets the oldest outcomes beyond {@code outcomesKept}, but none taken in since {@code mark}
     * (an earlier {@link #outcomesTaken()}): a node whose store is still writing the groups decided
     * since then keeps their outcomes, which it could not fetch yet. Returns how many it forgot.
     */
    public int forgetOldOutcomes(long mark) {
        long unwritten = state.outcomesTaken() - mark;
        if (unwritten < 0) {
            throw new IllegalArgumentException("mark " + mark + " is after " + state.outcomesTaken());
        }
        return state.forgetOldestOutcomes((int) Math.max(outcomesKept, Math.min(Integer.MAX_VALUE, unwritten)));
    }

    /** The live state; read-only through its public methods. */
    public LedgerState state() {
        return state;
    }

    /**
     * Applies the batch chosen for {@code slot}, stamped by the leader with {@code timestampMs}.
     * Slots must increase; gaps are allowed, so a node need not call this for no-op slots.
     */
    public BatchResult apply(long slot, long timestampMs, List<Command> commands) {
        if (slot <= state.appliedSlot()) {
            throw new IllegalStateException("slot " + slot + " is not after applied slot " + state.appliedSlot());
        }
        if (commands == null) {
            throw new IllegalArgumentException("commands is required (empty for a no-op)");
        }
        BatchWork work = new BatchWork(state, slot, timestampMs);
        List<Reply> replies = new ArrayList<>(commands.size());
        for (Command command : commands) {
            replies.add(work.execute(command));
        }
        BatchResult result = work.result(replies);
        state.commit(result, work.lastSeq(), work.lastHash());
        return result;
    }
}
