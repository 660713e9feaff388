package io.bankledger.cli.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The result of a run: how many were sent and answered, the throughput of answers, latency
 * percentiles from the intended send time, and the count of each outcome. {@code batchMax} is the
 * most commands one request message held (1: one message per command); the generator does not
 * know how its sender sends, so whoever chose the sender sets it ({@link #withBatchMax}).
 */
public record LoadReport(Double targetRatePerSecond, int concurrency, int batchMax, long elapsedNanos, long sent,
                         long answered, Map<Outcome, Long> outcomes, double p50Ms, double p90Ms, double p99Ms,
                         double p999Ms, double maxMs, double meanMs) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static LoadReport of(LoadPlan plan, long elapsedNanos, long sent, LatencyRecorder recorder) {
        Histogram h = recorder.snapshot();
        return new LoadReport(plan.ratePerSecond(), plan.concurrency(), 1, elapsedNanos, sent, h.getTotalCount(),
                recorder.counts(), LatencyRecorder.percentileMs(h, 50), LatencyRecorder.percentileMs(h, 90),
                LatencyRecorder.percentileMs(h, 99), LatencyRecorder.percentileMs(h, 99.9),
                h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0, h.getTotalCount() == 0 ? 0 : h.getMean() / 1000.0);
    }

    /** This report, for a run whose sender put up to {@code max} commands in one message. */
    public LoadReport withBatchMax(int max) {
        return new LoadReport(targetRatePerSecond, concurrency, max, elapsedNanos, sent, answered, outcomes, p50Ms, p90Ms,
                p99Ms, p999Ms, maxMs, meanMs);
    }

    /** Answers per second over the whole run (from the first intended send to the last reply). */
    public double throughputPerSecond() {
        return elapsedNanos == 0 ? 0 : answered * 1e9 / elapsedNanos;
    }

    public long count(String status) {
        return outcomes.entrySet().stream().filter(e -> e.getKey().status().equals(status))
                .mapToLong(Map.Entry::getValue).sum();
    }

    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        if (targetRatePerSecond == null) {
            root.put("targetRate", "max").put("concurrency", concurrency);
        } else {
            root.put("targetRate", targetRatePerSecond);
        }
        root.put("batchMax", batchMax);
        root.put("elapsedMs", elapsedNanos / 1_000_000).put("sent", sent).put("answered", answered)
                .put("throughputPerSec", round(throughputPerSecond()));
        ObjectNode latency = root.putObject("latencyMs");
        latency.put("p50", p50Ms).put("p90", p90Ms).put("p99", p99Ms).put("p99.9", p999Ms).put("max", maxMs)
                .put("mean", round(meanMs));
        root.put("latencyFrom", targetRatePerSecond == null ? "send" : "intended-send");
        ObjectNode counts = root.putObject("outcomes");
        Map<String, Map<String, Long>> byReason = new TreeMap<>();
        outcomes.forEach((o, n) -> {
            if (o.reason() == null) {
                counts.put(o.status(), n);
            } else {
                byReason.computeIfAbsent(o.status(), s -> new TreeMap<>()).put(o.reason(), n);
            }
        });
        byReason.forEach((status, reasons) -> {
            ObjectNode node = counts.putObject(status);
            reasons.forEach(node::put);
        });
        return root.toString();
    }

    public void printHuman(PrintWriter out) {
        String target = (targetRatePerSecond == null ? "max rate, concurrency " + concurrency
                : "target " + fmt(targetRatePerSecond) + "/s")
                + (batchMax == 1 ? ", one message per command" : ", batches of up to " + batchMax + " commands");
        out.printf(Locale.ROOT, "sent %d commands in %.1f s (%s); %d answered: %s/s%n", sent, elapsedNanos / 1e9, target,
                answered, fmt(throughputPerSecond()));
        StringBuilder line = new StringBuilder();
        outcomes.forEach((o, n) -> line.append(line.length() == 0 ? "" : ", ").append(o.status())
                .append(o.reason() == null ? "" : " " + o.reason()).append(' ').append(n));
        out.println("outcomes: " + (line.length() == 0 ? "none" : line));
        out.printf(Locale.ROOT, "latency (ms, from %s): p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                targetRatePerSecond == null ? "send" : "intended send time", p50Ms, p90Ms, p99Ms, p999Ms, maxMs);
        out.flush();
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.format(Locale.ROOT, "%.1f", x);
    }
}
