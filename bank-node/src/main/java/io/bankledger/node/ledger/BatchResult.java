package io.bankledger.node.ledger;

import io.bankledger.protocol.CommittedEvent;
import io.bankledger.protocol.Reply;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one chosen batch did. The node sends {@code replies} at once (the slot is chosen, so the
 * outcome is settled) and writes the rest in one transaction — events appended,
 * {@code changedAccounts} upserted into the projection, {@code newOutcomes} inserted, applied slot
 * advanced.
 *
 * @param events          new events, seq consecutive from the previous lastSeq + 1
 * @param payloads        each event's payload ({@code event().canonicalJson()}), as hashed: built once
 *                        by the ledger and stored as it is
 * @param hashes          each event's hash as its 32 bytes, the form the store keeps ({@code event().hash()}
 *                        is its hex): computed once by the ledger, not parsed back for the store
 * @param replies         one reply per command of the batch, in batch order; a get-history reply
 *                        has no entries yet: the node fills them from its projection once the
 *                        batch is durable
 * @param changedAccounts the final state of every account the batch changed, in order of first change
 * @param newOutcomes     commandId to first reply, for every mutation applied for the first time, in
 *                        batch order
 */
public record BatchResult(long slot, long timestampMs, List<CommittedEvent> events, List<String> payloads,
                          List<byte[]> hashes, List<Reply> replies, List<Account> changedAccounts, Map<String, Reply> newOutcomes) {

    public BatchResult {
        events = List.copyOf(events);
        payloads = List.copyOf(payloads);
        if (payloads.size() != events.size()) {
            throw new IllegalArgumentException(events.size() + " events but " + payloads.size() + " payloads");
        }
        hashes = List.copyOf(hashes);
        if (hashes.size() != events.size()) {
            throw new IllegalArgumentException(events.size() + " events but " + hashes.size() + " hashes");
        }
        replies = List.copyOf(replies);
        changedAccounts = List.copyOf(changedAccounts);
        newOutcomes = Collections.unmodifiableMap(new LinkedHashMap<>(newOutcomes));
    }
}
