package io.bankledger.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.cli.load.LatencyRecorder;
import io.bankledger.cli.load.Outcome;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private static void answer(LatencyRecorder recorder, int count, long millis) {
        for (int i = 0; i < count; i++) {
            recorder.record(Outcome.OK, TimeUnit.MILLISECONDS.toNanos(millis));
        }
    }

    @Test
    void eachSecondHoldsOnlyTheCommandsAnsweredInIt() {
        long started = System.currentTimeMillis();
        LatencyRecorder recorder = new LatencyRecorder();
        answer(recorder, 5, 900); // before the timeline starts: in no second
        Timeline timeline = new Timeline(recorder);

        answer(recorder, 100, 10);
        timeline.tick(7);
        answer(recorder, 98, 20);
        answer(recorder, 2, 500);
        timeline.tick(40);
        timeline.tick(0);

        List<Timeline.Second> seconds = timeline.seconds();
        long ended = System.currentTimeMillis();
        assertEquals(3, seconds.size());
        assertEquals(new Timeline.Second(1, 100, 10.0, 10.0, 10.0, 7, 0), rounded(seconds.get(0)));
        // The stalled second: its p99 and max show the two slow answers, its p50 the rest.
        assertEquals(new Timeline.Second(2, 100, 20.0, 500.0, 500.0, 40, 0), rounded(seconds.get(1)));
        assertEquals(new Timeline.Second(3, 0, 0.0, 0.0, 0.0, 0, 0), rounded(seconds.get(2)));
        for (int i = 0; i < seconds.size(); i++) {
            long end = seconds.get(i).endEpochMs();
            assertTrue(end >= (i == 0 ? started : seconds.get(i - 1).endEpochMs()) && end <= ended, "second " + (i + 1));
        }
    }

    /** Latencies to the millisecond (the histogram keeps three significant digits of microseconds), no clock. */
    private static Timeline.Second rounded(Timeline.Second s) {
        return new Timeline.Second(s.second(), s.answered(), Math.round(s.p50Ms()), Math.round(s.p99Ms()),
                Math.round(s.maxMs()), s.inFlight(), 0);
    }
}
