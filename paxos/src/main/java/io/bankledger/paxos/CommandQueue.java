package io.bankledger.paxos;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded FIFO of commands waiting to be proposed (at the leader) or forwarded (elsewhere).
 * It refuses, rather than grows, when full: the runtime keeps refused commands and retries.
 */
final class CommandQueue {

    private final ArrayDeque<byte[]> commands = new ArrayDeque<>();
    private final int commandsMax;

    CommandQueue(int commandsMax) {
        this.commandsMax = commandsMax;
    }

    /** Appends, or hands the command to {@code out} as rejected when the queue is full. */
    void offer(byte[] command, OutputBuilder out) {
        if (commands.size() >= commandsMax) {
            out.reject(command);
        } else {
            commands.addLast(command);
        }
    }

    boolean isEmpty() {
        return commands.isEmpty();
    }

    int size() {
        return commands.size();
    }

    /**
     * Removes the longest prefix within both bounds; at least one command when not empty
     * (every queued command fits within {@code bytesMax} on its own).
     */
    List<byte[]> takeBatch(int countMax, long bytesMax) {
        List<byte[]> batch = new ArrayList<>();
        long bytes = 0;
        while (!commands.isEmpty() && batch.size() < countMax) {
            byte[] next = commands.peekFirst();
            if (!batch.isEmpty() && bytes + next.length > bytesMax) {
                break;
            }
            batch.add(commands.pollFirst());
            bytes += next.length;
        }
        return batch;
    }

    /** Moves everything into {@code target}, rejecting what does not fit there. */
    void drainInto(CommandQueue target, OutputBuilder out) {
        while (!commands.isEmpty()) {
            target.offer(commands.pollFirst(), out);
        }
    }
}
