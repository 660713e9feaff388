package io.bankledger.paxos;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The durable acceptor state a node is restarted from: the highest ballot it promised and the
 * value it accepted in each open slot. The runtime rebuilds it from the effects of every
 * {@link DurableWrite} it made durable ({@code PromiseWrite} replaces the promise,
 * {@code AcceptWrite} replaces the slot's entry). Entries at or below the applied slot may be
 * pruned by the runtime, never entries above it.
 *
 * @param promised the highest promised ballot, {@link Ballot#ZERO} (or null) if none
 * @param accepted accepted entries by slot
 */
public record AcceptorState(Ballot promised, SortedMap<Long, AcceptedValue> accepted) {

    public AcceptorState {
        promised = promised == null ? Ballot.ZERO : promised;
        accepted = Collections.unmodifiableSortedMap(new TreeMap<>(accepted));
        for (Long slot : accepted.keySet()) {
            if (slot < 1) {
                throw new IllegalArgumentException("slots start at 1: " + slot);
            }
        }
    }

    /** The state of an acceptor that never promised or accepted anything. */
    public static AcceptorState empty() {
        return new AcceptorState(Ballot.ZERO, new TreeMap<>());
    }
}
