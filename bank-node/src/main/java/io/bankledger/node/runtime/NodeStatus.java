package io.bankledger.node.runtime;

/**
 * A snapshot of one node, refreshed by its loop: what `bank cluster` shows and what the
 * verification tools compare. {@code lastHash} is the head of the node's event hash chain.
 */
public record NodeStatus(int nodeId, boolean leader, String ballot, int leaderId, long commitIndex,
                         long appliedSlot, long lastSeq, String lastHash, int pendingCommands, boolean failed) {
}
