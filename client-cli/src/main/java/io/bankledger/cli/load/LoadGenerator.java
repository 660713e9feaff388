package io.bankledger.cli.load;

import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sends commands on a plan and records how each ended.
 *
 * <p>Open loop ({@link LoadPlan#ratePerSecond()} set): command i is due at
 * {@code start + i/rate}, whatever happened to the ones before, and its latency is measured from
 * that due time. If the in-flight bound is reached or a send blocks, later commands leave late
 * and that lateness is part of their latency: a slow system cannot slow the measurement down
 * and so hide its own queueing (coordinated omission). Closed loop ({@code --rate max}): each of
 * {@code concurrency} slots sends its next command as soon as its previous one is answered;
 * latency then starts at the actual send.
 *
 * <p>Sends are handed to a small pool of threads so that one blocking send does not hold up the
 * schedule, unless the sender {@linkplain CommandSender#onlyQueues only queues}: then the schedule
 * thread sends, since waking a pool thread for every command cost more CPU than the send itself
 * (in the benchmark at 2,600 commands/s, over half of the generator's CPU was threads parking and
 * waking). Replies are recorded on whatever thread completes them. Everything is bounded: the
 * in-flight count by a semaphore, each request by its timeout, the final drain by the timeout.
 *
 * <p>The schedule thread never sends a command before it is due, and it sleeps at least
 * {@link #SCHEDULE_GRANULARITY_NANOS} at a time: commands due closer together than that leave
 * together when it wakes, up to that much late (late is measured, as above). A wake-up costs
 * about 20 µs of CPU on the benchmark's machine (measured alone: a tenth of its two cores at
 * 11,000 commands/s, CPU the system being measured would not have; benchmarks/HISTORY.md, session 17).
 */
public final class LoadGenerator {

    /** The shortest sleep of the open-loop schedule (see the class comment). */
    static final long SCHEDULE_GRANULARITY_NANOS = 200_000;

    /** The schedule's time: the machine's, or a test's. */
    interface Clock {
        long nanoTime();

        void parkNanos(long nanos);
    }

    private static final Clock SYSTEM_CLOCK = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkNanos(long nanos) {
            LockSupport.parkNanos(nanos);
        }
    };

    private final CommandSender sender;
    private final int sendThreads;
    private final Clock clock;

    public LoadGenerator(CommandSender sender, int sendThreads) {
        this(sender, sendThreads, SYSTEM_CLOCK);
    }

    LoadGenerator(CommandSender sender, int sendThreads, Clock clock) {
        if (sendThreads < 1) {
            throw new IllegalArgumentException("sendThreads must be >= 1");
        }
        this.sender = sender;
        this.sendThreads = sendThreads;
        this.clock = clock;
    }

    /**
     * Runs {@code plan} with commands from {@code commands} (called from one thread only);
     * {@code progress} (may be null) is called every {@code progressInterval}.
     */
    public LoadReport run(LoadPlan plan, Supplier<Command> commands, LatencyRecorder recorder,
                          Consumer<Progress> progress, Duration progressInterval) throws InterruptedException {
        int limit = plan.inFlightLimit();
        Semaphore inFlight = new Semaphore(limit);
        AtomicLong sent = new AtomicLong();
        AtomicLong lastAnswerNanos = new AtomicLong();
        ExecutorService sendPool = Executors.newFixedThreadPool(sendThreads, daemon("load-send"));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("load-progress"));
        long start = clock.nanoTime();
        long durationNanos = plan.duration() == null ? Long.MAX_VALUE : plan.duration().toNanos();
        long countMax = plan.count() == null ? Long.MAX_VALUE : plan.count();
        boolean sendHere = sender.onlyQueues();
        if (progress != null) {
            long every = progressInterval.toNanos();
            ticker.scheduleAtFixedRate(() -> progress.accept(snapshot(start, sent.get(), recorder)),
                    every, every, TimeUnit.NANOSECONDS);
        }
        try {
            for (long i = 0; i < countMax; i++) {
                long intended;
                if (plan.openLoop()) {
                    long offset = plan.intendedOffsetNanos(i);
                    if (offset >= durationNanos) {
                        break;
                    }
                    intended = start + offset;
                    sleepUntil(intended);
                    inFlight.acquire();
                } else {
                    inFlight.acquire();
                    intended = clock.nanoTime();
                    if (intended - start >= durationNanos) {
                        inFlight.release();
                        break;
                    }
                }
                Command command = commands.get();
                sent.incrementAndGet();
                if (sendHere) {
                    send(command, intended, plan.requestTimeout(), recorder, inFlight, lastAnswerNanos);
                } else {
                    long due = intended;
                    sendPool.execute(() -> send(command, due, plan.requestTimeout(), recorder, inFlight, lastAnswerNanos));
                }
            }
            // Drain: every request ends by its own timeout, so this wait is bounded.
            long drainNanos = plan.requestTimeout().toNanos() + TimeUnit.SECONDS.toNanos(2);
            if (inFlight.tryAcquire(limit, drainNanos, TimeUnit.NANOSECONDS)) {
                inFlight.release(limit);
            }
        } finally {
            ticker.shutdownNow();
            sendPool.shutdownNow();
        }
        long end = Math.max(lastAnswerNanos.get(), start + 1);
        return LoadReport.of(plan, end - start, sent.get(), recorder);
    }

    private void send(Command command, long intended, Duration timeout, LatencyRecorder recorder, Semaphore inFlight,
                      AtomicLong lastAnswerNanos) {
        CompletableFuture<Reply> future;
        try {
            future = sender.send(command, timeout);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((reply, failure) -> {
            long now = clock.nanoTime();
            lastAnswerNanos.accumulateAndGet(now, Math::max);
            Outcome outcome;
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                outcome = cause instanceof TimeoutException || failure instanceof TimeoutException
                        ? Outcome.TIMEOUT : Outcome.SEND_FAILED;
            } else {
                outcome = reply.reason() == null && reply.status() == io.bankledger.protocol.Status.OK ? Outcome.OK
                        : new Outcome(reply.status().name(), reply.reason() == null ? null : reply.reason().name());
            }
            recorder.record(outcome, now - intended);
            inFlight.release();
        });
    }

    private Progress snapshot(long start, long sent, LatencyRecorder recorder) {
        long timeouts = recorder.counts().getOrDefault(Outcome.TIMEOUT, 0L);
        long completed = recorder.total();
        return new Progress(clock.nanoTime() - start, sent, completed, Math.max(0, sent - completed),
                timeouts, LatencyRecorder.percentileMs(recorder.snapshot(), 99));
    }

    private void sleepUntil(long deadlineNanos) throws InterruptedException {
        long remaining;
        while ((remaining = deadlineNanos - clock.nanoTime()) > 0) {
            clock.parkNanos(sleepNanos(remaining));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** How long the schedule sleeps when the next command is due in {@code remainingNanos} (> 0). */
    static long sleepNanos(long remainingNanos) {
        return Math.max(remainingNanos, SCHEDULE_GRANULARITY_NANOS);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
