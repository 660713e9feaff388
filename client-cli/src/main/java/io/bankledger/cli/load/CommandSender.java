package io.bankledger.cli.load;

import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Sends a command; the future completes with its reply, or exceptionally with a TimeoutException after {@code timeout}. */
@FunctionalInterface
public interface CommandSender {
    CompletableFuture<Reply> send(Command command, Duration timeout);
}
