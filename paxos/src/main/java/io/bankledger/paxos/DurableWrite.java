package io.bankledger.paxos;

import java.util.Objects;

/**
 * Acceptor state the runtime must make durable before it sends any envelope of the same
 * {@link Output}: a Promise or Accepted message is only ever emitted together with (or after)
 * the write it depends on.
 */
public sealed interface DurableWrite {

    /** Replace the durable promised ballot (it only ever grows). */
    record PromiseWrite(Ballot ballot) implements DurableWrite {
        public PromiseWrite {
            Objects.requireNonNull(ballot, "ballot");
        }
    }

    /** Replace the durable accepted entry of {@code slot}. */
    record AcceptWrite(long slot, Ballot ballot, Value value) implements DurableWrite {
        public AcceptWrite {
            if (slot < 1) {
                throw new IllegalArgumentException("slots start at 1: " + slot);
            }
            Objects.requireNonNull(ballot, "ballot");
            Objects.requireNonNull(value, "value");
        }
    }
}
