package io.bankledger.protocol;

import java.util.List;

/**
 * What {@link CommandCodec#decodeRequest} makes of a message body on {@code bank.requests}: one
 * command (or its refusal), or a client batch of commands, each decoded on its own.
 */
public sealed interface RequestBody {

    /** A single command, or a body refused as a whole (a batch that cannot be read is one too). */
    record Single(DecodeResult result) implements RequestBody {
        public Single {
            if (result == null) {
                throw new IllegalArgumentException("result is required");
            }
        }
    }

    /**
     * A {@code batch} body: {@code batchId} is its {@code commandId} (the correlation id of the one
     * reply, not an idempotency key: each command carries its own); {@code items} are its commands
     * in order, each decoded or refused independently of the others.
     */
    record Batch(String batchId, List<DecodeResult> items) implements RequestBody {
        public Batch {
            batchId = Fields.commandId("commandId", batchId);
            items = List.copyOf(items);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("a batch holds at least one command");
            }
        }
    }
}
