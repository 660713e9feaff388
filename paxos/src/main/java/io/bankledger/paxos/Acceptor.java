package io.bankledger.paxos;

import io.bankledger.paxos.message.AcceptedSlot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The acceptor role: the promised ballot and the accepted value of each open slot. It mirrors
 * exactly what the runtime holds durably; every change it makes is returned as a
 * {@link DurableWrite} so that the Promise or Accepted it justifies is sent only after it.
 * It never lowers its promise and never accepts below it.
 */
final class Acceptor {

    private Ballot promised;
    private final TreeMap<Long, AcceptedValue> accepted = new TreeMap<>();

    Acceptor(AcceptorState restored, long appliedSlot) {
        Ballot highest = restored.promised();
        for (Map.Entry<Long, AcceptedValue> entry : restored.accepted().entrySet()) {
            // Accepting a ballot implies promising it; a store that kept the accept but not the
            // promise must not let us promise below it.
            highest = Ballot.max(highest, entry.getValue().ballot());
            if (entry.getKey() > appliedSlot) {
                accepted.put(entry.getKey(), entry.getValue());
            }
        }
        this.promised = highest;
    }

    Ballot promised() {
        return promised;
    }

    /** May {@code ballot} be promised or accepted? */
    boolean admits(Ballot ballot) {
        return !ballot.isBelow(promised);
    }

    /** Raises the promise to {@code ballot}; returns the write to make durable, or null if unchanged. */
    DurableWrite promise(Ballot ballot) {
        if (!admits(ballot)) {
            throw new IllegalStateException("promise " + ballot + " below promised " + promised);
        }
        if (ballot.equals(promised)) {
            return null;
        }
        promised = ballot;
        return new DurableWrite.PromiseWrite(ballot);
    }

    /** Accepts {@code value} in {@code slot}; returns the write to make durable, or null if a duplicate. */
    DurableWrite accept(long slot, Ballot ballot, Value value) {
        if (!ballot.equals(promised)) {
            throw new IllegalStateException("accept at " + ballot + " while promised " + promised);
        }
        AcceptedValue previous = accepted.get(slot);
        if (previous != null && previous.ballot().equals(ballot)) {
            if (!previous.value().equals(value)) {
                throw new IllegalStateException("two values for slot " + slot + " in ballot " + ballot);
            }
            return null;
        }
        accepted.put(slot, new AcceptedValue(ballot, value));
        return new DurableWrite.AcceptWrite(slot, ballot, value);
    }

    AcceptedValue acceptedAt(long slot) {
        return accepted.get(slot);
    }

    /** Entries at or after {@code fromSlot}, for a Promise. */
    List<AcceptedSlot> acceptedFrom(long fromSlot) {
        List<AcceptedSlot> entries = new ArrayList<>();
        for (Map.Entry<Long, AcceptedValue> entry : accepted.tailMap(fromSlot, true).entrySet()) {
            entries.add(new AcceptedSlot(entry.getKey(), entry.getValue().ballot(), entry.getValue().value()));
        }
        return entries;
    }

    /** Entries in {@code (afterSlot, throughSlot]}, read-only. */
    NavigableMap<Long, AcceptedValue> acceptedBetween(long afterSlot, long throughSlot) {
        if (throughSlot <= afterSlot) {
            return new TreeMap<>();
        }
        return accepted.subMap(afterSlot, false, throughSlot, true);
    }

    /** A delivered slot is in the chosen log; its accepted entry is no longer needed. */
    void forget(long slot) {
        accepted.remove(slot);
    }
}
