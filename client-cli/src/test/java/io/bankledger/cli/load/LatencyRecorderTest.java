package io.bankledger.cli.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void percentilesOfAKnownDistribution() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int i = 1; i <= 1000; i++) {
            recorder.record(Outcome.OK, ms(i));
        }
        Histogram h = recorder.snapshot();
        assertEquals(1000, h.getTotalCount());
        // 3 significant digits: within 0.1% of the exact value.
        assertEquals(500, LatencyRecorder.percentileMs(h, 50), 0.5);
        assertEquals(900, LatencyRecorder.percentileMs(h, 90), 0.9);
        assertEquals(990, LatencyRecorder.percentileMs(h, 99), 1.0);
        assertEquals(999, LatencyRecorder.percentileMs(h, 99.9), 1.0);
        assertEquals(1000, h.getMaxValue() / 1000.0, 1.0);
    }

    @Test
    void outcomesAreCountedAndOnlyAnswersHaveLatencies() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record(Outcome.OK, ms(2));
        recorder.record(new Outcome("REJECTED", "INSUFFICIENT_FUNDS"), ms(3));
        recorder.record(new Outcome("REJECTED", "INSUFFICIENT_FUNDS"), ms(3));
        recorder.record(Outcome.TIMEOUT, ms(10_000));
        assertEquals(4, recorder.total());
        assertEquals(3, recorder.snapshot().getTotalCount());
        assertEquals(2L, recorder.counts().get(new Outcome("REJECTED", "INSUFFICIENT_FUNDS")));
        assertEquals(1L, recorder.counts().get(Outcome.TIMEOUT));
    }

    @Test
    void aStallShowsInEveryLaterLatencyWhenMeasuredFromTheIntendedTime() {
        // Open loop at 1000/s: the system stalls 1 s on request 0; requests 1..999 were due
        // every ms during the stall and are all answered just after it. Measured from the intended
        // send time, half of them waited at least 0.5 s: the stall is not hidden.
        LatencyRecorder recorder = new LatencyRecorder();
        long stallEnd = ms(1000);
        for (int i = 0; i < 1000; i++) {
            long intended = ms(i);
            recorder.record(Outcome.OK, stallEnd - intended + ms(1));
        }
        Histogram h = recorder.snapshot();
        assertTrue(LatencyRecorder.percentileMs(h, 50) >= 500, "p50 " + LatencyRecorder.percentileMs(h, 50));
        assertTrue(LatencyRecorder.percentileMs(h, 99) >= 990);
    }

    @Test
    void reportJsonHasPercentilesAndOutcomesByReason() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record(Outcome.OK, ms(5));
        recorder.record(new Outcome("REJECTED", "INSUFFICIENT_FUNDS"), ms(7));
        recorder.record(Outcome.TIMEOUT, 0);
        LoadPlan plan = new LoadPlan(100.0, 1, java.time.Duration.ofSeconds(1), null, 10, java.time.Duration.ofSeconds(1));
        LoadReport report = LoadReport.of(plan, TimeUnit.SECONDS.toNanos(1), 3, recorder);
        String json = report.toJson();
        assertTrue(json.contains("\"p99.9\""), json);
        assertTrue(json.contains("\"REJECTED\":{\"INSUFFICIENT_FUNDS\":1}"), json);
        assertTrue(json.contains("\"TIMEOUT\":1"), json);
        assertEquals(2.0, report.throughputPerSecond(), 1e-9);
    }
}
