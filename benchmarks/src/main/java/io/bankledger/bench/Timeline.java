package io.bankledger.bench;

import io.bankledger.cli.load.LatencyRecorder;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A phase second by second: how many commands were answered in each second and their latency
 * (from the intended send time, as for the whole phase). A phase's p99 says how bad the worst
 * hundredth was, not whether it came from a few stalled seconds or from every second; this
 * says which. Ticked from the load generator's progress thread, read after the phase.
 */
final class Timeline {

    /**
     * One interval: the commands answered in it.
     *
     * @param second   the interval's end, in whole seconds from the phase's start (the last one may be partial)
     * @param inFlight commands sent and not yet answered at its end
     * @param endEpochMs the wall-clock time of its end, to line it up with other logs (a database's
     *                 checkpoints, a node's collector)
     */
    record Second(int second, long answered, double p50Ms, double p99Ms, double maxMs, long inFlight,
                  long endEpochMs) {
    }

    private final LatencyRecorder recorder;
    private final List<Second> seconds = new ArrayList<>();
    private Histogram before;

    Timeline(LatencyRecorder recorder) {
        this.recorder = recorder;
        this.before = recorder.snapshot();
    }

    /** Closes the interval since the previous tick. */
    synchronized void tick(long inFlight) {
        Histogram now = recorder.snapshot();
        Histogram interval = now.copy();
        interval.subtract(before);
        before = now;
        seconds.add(new Second(seconds.size() + 1, interval.getTotalCount(),
                LatencyRecorder.percentileMs(interval, 50), LatencyRecorder.percentileMs(interval, 99),
                interval.getTotalCount() == 0 ? 0 : interval.getMaxValue() / 1000.0, inFlight,
                System.currentTimeMillis()));
    }

    synchronized List<Second> seconds() {
        return List.copyOf(seconds);
    }
}
