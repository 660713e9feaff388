package io.bankledger.cli.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latencies (HdrHistogram, microsecond resolution, 3 significant digits, up to one hour) and a
 * count per outcome. Thread-safe: replies are recorded from the JMS delivery thread while the
 * progress line reads. The caller decides where a latency starts; the load generator starts it
 * at the intended send time.
 */
public final class LatencyRecorder {

    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final ConcurrentHistogram histogram = new ConcurrentHistogram(1, HIGHEST_MICROS, 3);
    private final Map<Outcome, LongAdder> counts = new ConcurrentHashMap<>();

    /** Records one answered request with its latency, or an unanswered one (latency ignored). */
    public void record(Outcome outcome, long latencyNanos) {
        counts.computeIfAbsent(outcome, o -> new LongAdder()).increment();
        if (outcome.answered()) {
            long micros = Math.max(1, Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
            histogram.recordValue(micros);
        }
    }

    /** A consistent copy of the latencies so far. */
    public Histogram snapshot() {
        return histogram.copy();
    }

    /** Outcome → count, sorted by status then reason. */
    public Map<Outcome, Long> counts() {
        Map<Outcome, Long> sorted = new TreeMap<>((a, b) -> {
            int c = a.status().compareTo(b.status());
            return c != 0 ? c : String.valueOf(a.reason()).compareTo(String.valueOf(b.reason()));
        });
        counts.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** The latency at {@code percentile} (0-100) in milliseconds, 0 if nothing was recorded. */
    public static double percentileMs(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
