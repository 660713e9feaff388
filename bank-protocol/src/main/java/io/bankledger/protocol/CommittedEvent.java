package io.bankledger.protocol;

/**
 * An event in its place in the log: what the event store appends and what {@code bank.events}
 * publishes. {@code seq} is global and gap-free from 1; {@code slot} is the Paxos slot whose batch
 * produced it; {@code timestampMs} is the leader's stamp on that batch (the ledger has no clock).
 * See {@link EventHash} for how {@code hash} chains over {@code prevHash}.
 */
public record CommittedEvent(long seq, long slot, String commandId, long timestampMs, LedgerEvent event,
                             String prevHash, String hash) {

    public CommittedEvent {
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1: " + seq);
        }
        commandId = Fields.commandId("commandId", commandId);
        if (event == null) {
            throw new IllegalArgumentException("event is required");
        }
        EventHash.requireHash("prevHash", prevHash);
        EventHash.requireHash("hash", hash);
    }

    /** Builds the next event of a chain, computing its hash. */
    public static CommittedEvent chain(String prevHash, long seq, long slot, String commandId, long timestampMs,
                                       LedgerEvent event) {
        String hash = EventHash.compute(prevHash, seq, slot, commandId, event.type(), timestampMs,
                event.canonicalJson());
        return new CommittedEvent(seq, slot, commandId, timestampMs, event, prevHash, hash);
    }

    public String type() {
        return event.type();
    }

    /** The canonical payload bytes: what is hashed and stored. */
    public byte[] payload() {
        return event.canonicalBytes();
    }

    /** True when {@code hash} is what {@link EventHash} computes from the other fields. */
    public boolean hashMatches() {
        return hash.equals(EventHash.compute(prevHash, seq, slot, commandId, event.type(), timestampMs,
                event.canonicalJson()));
    }
}
