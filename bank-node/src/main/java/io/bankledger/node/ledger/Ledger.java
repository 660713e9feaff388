package io.bankledger.node.ledger;

import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reply;
import java.util.ArrayList;
import java.util.List;

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
 * <p>Not thread-safe: one thread, the node's apply loop, owns a ledger.
 */
public final class Ledger {
    private final LedgerState state;

    public Ledger() {
        this(LedgerState.empty());
    }

    /** Continues from {@code state}; the ledger takes ownership of it (pass a copy to keep one). */
    public Ledger(LedgerState state) {
        if (state == null) {
            throw new IllegalArgumentException("state is required");
        }
        this.state = state;
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
