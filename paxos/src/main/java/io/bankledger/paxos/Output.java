package io.bankledger.paxos;

import java.util.List;

/**
 * Everything one call into {@link PaxosNode} asks the runtime to do. The runtime must carry it
 * out in this order:
 * <ol>
 *   <li>send the {@link #proposerSends() proposer's envelopes} (best effort, any order): a
 *       leader's Accepts, which ask the peers to accept and promise nothing on this node's
 *       behalf, so they need not wait for this node's own writes; the peers' acceptors then
 *       write while this one does, as a Raft leader writes its log in parallel with
 *       replicating it (the leader counts its own acceptance at once, so the runtime must not
 *       call into the node again before this output's writes are durable: the answers these
 *       Accepts bring must find the leader's own acceptance durable);</li>
 *   <li>make every {@link #writes() write} durable (in order; a crash before this completes
 *       must lose the rest of the output, {@link #sends() envelopes} included: they may speak
 *       for this node's acceptor);</li>
 *   <li>send the {@link #sends() envelopes} (best effort, any order);</li>
 *   <li>apply the {@link #decisions() decisions} in order: their slots are strictly consecutive,
 *       starting right after the last slot the node delivered (after a restart: right after the
 *       {@code appliedSlot} given at construction), and the applied slot must become durable
 *       with them;</li>
 *   <li>answer the {@link #serves() catch-up serves} from the durable chosen log.</li>
 * </ol>
 * {@link #rejected() Rejected} commands could not be buffered (the node's bounded queues are
 * full); the runtime keeps the ones it took from its clients pending and offers them again
 * later (back-pressure). Rejected commands that came in a peer's Forward may be dropped: their
 * origin re-offers them after its own timeout.
 */
public record Output(
        List<Envelope> proposerSends,
        List<DurableWrite> writes,
        List<Envelope> sends,
        List<Decision> decisions,
        List<CatchUpServe> serves,
        List<byte[]> rejected) {

    public static final Output EMPTY = new Output(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    public Output {
        proposerSends = List.copyOf(proposerSends);
        writes = List.copyOf(writes);
        sends = List.copyOf(sends);
        decisions = List.copyOf(decisions);
        serves = List.copyOf(serves);
        rejected = List.copyOf(rejected);
        for (int i = 1; i < decisions.size(); i++) {
            if (decisions.get(i).slot() != decisions.get(i - 1).slot() + 1) {
                throw new IllegalStateException("decisions not consecutive: " + decisions);
            }
        }
    }

    public boolean isEmpty() {
        return proposerSends.isEmpty() && writes.isEmpty() && sends.isEmpty() && decisions.isEmpty()
                && serves.isEmpty() && rejected.isEmpty();
    }
}
