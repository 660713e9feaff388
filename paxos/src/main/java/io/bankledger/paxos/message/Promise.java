package io.bankledger.paxos.message;

import io.bankledger.paxos.Ballot;
import java.util.List;

/**
 * Phase 1b: the sender promised {@code ballot} (durably, before this message left). It
 * reports every value it accepted at or after {@code fromSlot} and above its delivered slot,
 * and its {@code deliveredSlot}: slots up to it are chosen, and their accepted entries may be
 * pruned, so the new leader must learn those by catch-up rather than propose in them.
 */
public record Promise(int from, Ballot ballot, long fromSlot, List<AcceptedSlot> accepted,
        long deliveredSlot) implements PaxosMessage {

    public Promise {
        Checks.present("ballot", ballot);
        Checks.slot("fromSlot", fromSlot);
        accepted = List.copyOf(Checks.present("accepted", accepted));
        Checks.index("deliveredSlot", deliveredSlot);
    }
}
