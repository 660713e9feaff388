package io.bankledger.cli.load;

import io.bankledger.cli.client.CommandIdSource;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Opens K fresh accounts and funds each, before a run; any refusal or timeout stops the run. */
public final class AccountSetup {

    private static final int IN_FLIGHT_MAX = 64;

    private AccountSetup() {
    }

    /** Opens {@code prefix-0 .. prefix-(k-1)} in {@code currency} and deposits {@code fundMinor} into each. */
    public static List<String> openAndFund(CommandSender sender, String prefix, int accountCount, String currency,
                                           long fundMinor, Duration timeout) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < accountCount; i++) {
            ids.add(prefix + "-" + i);
        }
        runAll(sender, ids, id -> new Command.OpenAccount(CommandIdSource.next(), id, "load test", currency), timeout);
        runAll(sender, ids, id -> new Command.Deposit(CommandIdSource.next(), id, fundMinor), timeout);
        return ids;
    }

    private static void runAll(CommandSender sender, List<String> ids, java.util.function.Function<String, Command> make,
                               Duration timeout) throws InterruptedException {
        Semaphore permits = new Semaphore(IN_FLIGHT_MAX);
        List<CompletableFuture<Reply>> futures = new ArrayList<>();
        for (String id : ids) {
            permits.acquire();
            CompletableFuture<Reply> f = sender.send(make.apply(id), timeout);
            f.whenComplete((r, t) -> permits.release());
            futures.add(f);
        }
        for (CompletableFuture<Reply> f : futures) {
            Reply reply;
            try {
                reply = f.get(timeout.toNanos() + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("setting up the accounts failed: no reply in time; is the cluster up?");
            }
            if (reply.status() != Status.OK) {
                throw new IllegalStateException("setting up the accounts failed: " + reply.status() + " "
                        + reply.reason() + (reply.detail() == null ? "" : " (" + reply.detail() + ")"));
            }
        }
    }
}
