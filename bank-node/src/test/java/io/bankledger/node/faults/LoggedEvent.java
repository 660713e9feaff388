package io.bankledger.node.faults;

/** One row of a node's {@code events} table, as the checker needs it. */
public record LoggedEvent(long seq, long slot, String commandId, String type, String payloadCanonical,
                          long timestampMs, String prevHash, String hash) {
}
