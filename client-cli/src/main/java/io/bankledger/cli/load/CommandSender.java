package io.bankledger.cli.load;

import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Sends a command; the future completes with its reply, or exceptionally with a TimeoutException after {@code timeout}. */
@FunctionalInterface
public interface CommandSender {
    CompletableFuture<Reply> send(Command command, Duration timeout);

    /**
     * True if {@link #send} only queues the command for threads of the sender's own (it waits,
     * if at all, for room in a bounded queue, never for the broker or the database): a
     * {@link LoadGenerator} then calls it on its schedule thread instead of waking a send thread
     * for each command.
     */
    default boolean onlyQueues() {
        return false;
    }
}
