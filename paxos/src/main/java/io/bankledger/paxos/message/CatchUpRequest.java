package io.bankledger.paxos.message;

/** "Send me the chosen values of {@code fromSlot..toSlot}" (a bounded chunk). */
public record CatchUpRequest(int from, long fromSlot, long toSlot) implements PaxosMessage {

    public CatchUpRequest {
        Checks.slot("fromSlot", fromSlot);
        if (toSlot < fromSlot) {
            throw new IllegalArgumentException("toSlot " + toSlot + " < fromSlot " + fromSlot);
        }
    }
}
