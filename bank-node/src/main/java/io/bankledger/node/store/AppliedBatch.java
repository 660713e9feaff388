package io.bankledger.node.store;

import io.bankledger.node.ledger.BatchResult;

/**
 * A chosen slot as the store keeps it: the encoded Paxos value (the replicated log entry, from
 * which peers catch up and the ledger can be replayed) and what the ledger made of it.
 */
public record AppliedBatch(long slot, byte[] encodedValue, BatchResult result) {

    public AppliedBatch {
        if (slot < 1) {
            throw new IllegalArgumentException("slots start at 1: " + slot);
        }
        if (encodedValue == null) {
            throw new IllegalArgumentException("encodedValue is required");
        }
        if (result != null && result.slot() != slot) {
            throw new IllegalArgumentException("result of slot " + result.slot() + " stored as slot " + slot);
        }
    }
}
