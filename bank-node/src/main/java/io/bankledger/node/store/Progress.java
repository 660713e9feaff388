package io.bankledger.node.store;

/** How far a node's store has come: what `bank verify` compares across nodes. */
public record Progress(long appliedSlot, long lastSeq, String lastHash) {
}
