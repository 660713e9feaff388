package io.bankledger.paxos;

import java.util.Arrays;
import java.util.List;

/**
 * The value of one log slot: a batch of opaque commands stamped with the leader's clock.
 * An empty batch is a no-op (a hole filled by a new leader). Every node applies the batch with
 * this timestamp, so the ledger never reads its own clock.
 *
 * <p>Equality is by content (byte arrays compared element by element). The command arrays are
 * shared, not copied: treat them as read-only once they are in a value.
 */
public record Value(long timestampMs, List<byte[]> commands) {

    public Value {
        commands = List.copyOf(commands);
    }

    public static Value noOp(long timestampMs) {
        return new Value(timestampMs, List.of());
    }

    public boolean isNoOp() {
        return commands.isEmpty();
    }

    /** Total bytes of the commands, the measure bounded by {@code batchBytesMax}. */
    public long commandBytes() {
        long total = 0;
        for (byte[] command : commands) {
            total += command.length;
        }
        return total;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Value that)) {
            return false;
        }
        if (timestampMs != that.timestampMs || commands.size() != that.commands.size()) {
            return false;
        }
        for (int i = 0; i < commands.size(); i++) {
            if (!Arrays.equals(commands.get(i), that.commands.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = Long.hashCode(timestampMs);
        for (byte[] command : commands) {
            hash = 31 * hash + Arrays.hashCode(command);
        }
        return hash;
    }

    @Override
    public String toString() {
        return "Value[timestampMs=" + timestampMs + ", commands=" + commands.size()
                + ", bytes=" + commandBytes() + "]";
    }
}
