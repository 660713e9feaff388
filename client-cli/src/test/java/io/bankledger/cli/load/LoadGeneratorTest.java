package io.bankledger.cli.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The engine against an in-memory sender: schedule, bounds, outcomes. */
class LoadGeneratorTest {

    private static final CommandSender ANSWERS_AT_ONCE = (command, timeout) ->
            CompletableFuture.completedFuture(Reply.ok(command.commandId(), 1, 1L, null, null));

    /** A clock that moves only when the schedule sleeps, so that a test sees exact times. */
    private static final class SleepingClock implements LoadGenerator.Clock {
        private final List<Long> sleeps = Collections.synchronizedList(new ArrayList<>());
        private volatile long now;

        SleepingClock(long start) {
            now = start;
        }

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void parkNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }
    }

    private static Workload workload() {
        return new Workload(List.of("a", "b", "c"), AccountPicker.parse("uniform", 3), CommandMix.parse(CommandMix.DEFAULT), 100, 42);
    }

    @Test
    void sendsExactlyCountCommandsAtTheRate() throws Exception {
        LatencyRecorder recorder = new LatencyRecorder();
        LoadPlan plan = new LoadPlan(1000.0, 1, Duration.ofSeconds(30), 200L, 50, Duration.ofSeconds(1));
        LoadReport report = new LoadGenerator(ANSWERS_AT_ONCE, 2).run(plan, workload()::next, recorder, null, Duration.ofSeconds(1));
        assertEquals(200, report.sent());
        assertEquals(200, report.answered());
        assertEquals(200, report.count("OK"));
        // 200 at 1000/s: the last is due at 199 ms, so the run cannot be shorter.
        assertTrue(report.elapsedNanos() >= 199_000_000L, "elapsed " + report.elapsedNanos());
    }

    @Test
    void noCommandLeavesBeforeItIsDueAndTheScheduleWakesOncePerStepNotPerCommand() throws Exception {
        SleepingClock clock = new SleepingClock(1_000_000);
        List<Long> sendTimes = new ArrayList<>();
        CommandSender queuing = new CommandSender() {
            @Override
            public CompletableFuture<Reply> send(Command command, Duration timeout) {
                sendTimes.add(clock.nanoTime());
                return ANSWERS_AT_ONCE.send(command, timeout);
            }

            @Override
            public boolean onlyQueues() {
                return true;
            }
        };
        // 20,000/s: a command due every 50 µs, four to a step of the schedule.
        LoadPlan plan = new LoadPlan(20_000.0, 1, Duration.ofSeconds(30), 400L, 400, Duration.ofSeconds(1));
        LoadReport report = new LoadGenerator(queuing, 1, clock).run(plan, workload()::next, new LatencyRecorder(), null,
                Duration.ofSeconds(1));

        assertEquals(400, report.count("OK"));
        long step = LoadGenerator.SCHEDULE_GRANULARITY_NANOS;
        for (int i = 0; i < 400; i++) {
            long late = sendTimes.get(i) - (1_000_000 + plan.intendedOffsetNanos(i));
            assertTrue(late >= 0 && late < step, "command " + i + " left " + late + " ns after it was due");
        }
        // The last command is due at 19.95 ms: 100 steps of 200 µs, not 399 sleeps of 50 µs.
        assertEquals(100, clock.sleeps.size());
        assertTrue(clock.sleeps.stream().allMatch(nanos -> nanos == step), clock.sleeps.toString());
    }

    @Test
    void anOpenLoopScheduleSleepsUntilTheNextCommandWhenItIsAStepOrMoreAway() throws Exception {
        SleepingClock clock = new SleepingClock(0);
        // 1,000/s: one command every millisecond, each sent exactly when due.
        LoadPlan plan = new LoadPlan(1000.0, 1, Duration.ofSeconds(30), 5L, 5, Duration.ofSeconds(1));
        LoadReport report = new LoadGenerator(ANSWERS_AT_ONCE, 1, clock).run(plan, workload()::next,
                new LatencyRecorder(), null, Duration.ofSeconds(1));

        assertEquals(5, report.count("OK"));
        assertEquals(List.of(1_000_000L, 1_000_000L, 1_000_000L, 1_000_000L), clock.sleeps);
    }

    @Test
    void theScheduleSleepsUntilTheNextCommandOrAtLeastOneStep() {
        long step = LoadGenerator.SCHEDULE_GRANULARITY_NANOS;
        assertEquals(5_000_000, LoadGenerator.sleepNanos(5_000_000));
        assertEquals(step, LoadGenerator.sleepNanos(step));
        assertEquals(step, LoadGenerator.sleepNanos(1));
        assertEquals(step, LoadGenerator.sleepNanos(step - 1));
    }

    @Test
    void unansweredRequestsCountAsTimeoutsAndTheRunStillEnds() throws Exception {
        CommandSender never = (command, timeout) -> new CompletableFuture<Reply>()
                .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        LatencyRecorder recorder = new LatencyRecorder();
        LoadPlan plan = new LoadPlan(null, 4, null, 10L, 4, Duration.ofMillis(100));
        LoadReport report = new LoadGenerator(never, 1).run(plan, workload()::next, recorder, null, Duration.ofSeconds(1));
        assertEquals(10, report.sent());
        assertEquals(10, report.count("TIMEOUT"));
        assertEquals(0, report.answered());
    }

    @Test
    void closedLoopNeverExceedsItsConcurrency() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxSeen = new AtomicInteger();
        CommandSender slow = (command, timeout) -> {
            maxSeen.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return CompletableFuture.supplyAsync(() -> {
                inFlight.decrementAndGet();
                return Reply.ok(command.commandId(), 1, 1L, null, null);
            }, CompletableFuture.delayedExecutor(2, java.util.concurrent.TimeUnit.MILLISECONDS));
        };
        LoadPlan plan = new LoadPlan(null, 3, null, 60L, 1000, Duration.ofSeconds(1));
        LoadReport report = new LoadGenerator(slow, 4).run(plan, workload()::next, new LatencyRecorder(), null, Duration.ofSeconds(1));
        assertEquals(60, report.answered());
        assertTrue(maxSeen.get() <= 3, "max in flight " + maxSeen.get());
    }

    @Test
    void aSenderThatOnlyQueuesIsCalledOnTheScheduleThreadAndAnyOtherOnSendThreads() throws Exception {
        Set<String> queuingThreads = ConcurrentHashMap.newKeySet();
        CommandSender queuing = new CommandSender() {
            @Override
            public CompletableFuture<Reply> send(Command command, Duration timeout) {
                queuingThreads.add(Thread.currentThread().getName());
                return ANSWERS_AT_ONCE.send(command, timeout);
            }

            @Override
            public boolean onlyQueues() {
                return true;
            }
        };
        Set<String> blockingThreads = ConcurrentHashMap.newKeySet();
        CommandSender blocking = (command, timeout) -> {
            blockingThreads.add(Thread.currentThread().getName());
            return ANSWERS_AT_ONCE.send(command, timeout);
        };
        LoadPlan plan = new LoadPlan(2000.0, 1, Duration.ofSeconds(30), 50L, 50, Duration.ofSeconds(1));

        assertEquals(50, new LoadGenerator(queuing, 2).run(plan, workload()::next, new LatencyRecorder(), null,
                Duration.ofSeconds(1)).count("OK"));
        assertEquals(50, new LoadGenerator(blocking, 2).run(plan, workload()::next, new LatencyRecorder(), null,
                Duration.ofSeconds(1)).count("OK"));

        assertEquals(Set.of(Thread.currentThread().getName()), queuingThreads);
        assertEquals(Set.of("load-send"), blockingThreads);
    }

    @Test
    void hotSkewPutsItsShareOnTheHotAccounts() {
        AccountPicker picker = AccountPicker.parse("hot:90:10", 100);
        SplittableRandom random = new SplittableRandom(7);
        int hot = 0;
        for (int i = 0; i < 100_000; i++) {
            if (picker.pick(random) < 10) {
                hot++;
            }
        }
        assertEquals(0.9, hot / 100_000.0, 0.01);
    }

    @Test
    void zipfFavoursTheFirstAccounts() {
        AccountPicker picker = AccountPicker.parse("zipf:1.0", 100);
        SplittableRandom random = new SplittableRandom(7);
        int[] hits = new int[100];
        for (int i = 0; i < 100_000; i++) {
            hits[picker.pick(random)]++;
        }
        assertTrue(hits[0] > hits[1] && hits[1] > hits[9] && hits[9] > hits[99], java.util.Arrays.toString(hits));
    }

    @Test
    void theSameSeedGivesTheSameWorkload() {
        Workload a = workload();
        Workload b = workload();
        for (int i = 0; i < 100; i++) {
            Command x = a.next();
            Command y = b.next();
            assertEquals(x.type(), y.type());
            assertEquals(x.getClass(), y.getClass());
        }
    }
}
