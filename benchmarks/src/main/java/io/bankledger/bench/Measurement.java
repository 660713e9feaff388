package io.bankledger.bench;

import java.util.List;
import java.util.Map;

/**
 * One measured phase of one system: committed transfers per second and latency percentiles
 * (from the intended send time), with the CPU seconds and peak memory of each process.
 *
 * @param load        "max" (closed loop, as fast as the best concurrency allows), a percentage such
 *                    as "70%" (open loop at that share of the max rate; see --loads) or "unloaded"
 * @param cpuSeconds  CPU used during the phase, per process (name → seconds)
 * @param peakRssMiB  peak resident memory, per process (name → MiB)
 * @param nodes       for S and S1, what the nodes counted during the phase ({@link NodeCounters#since});
 *                    empty for B
 * @param servers     what the system's PostgreSQL servers counted during the phase ({@link ServerCounters#since})
 * @param timeline    the phase second by second ({@link Timeline}); the last second ends when the last
 *                    answer came, so it may be partial
 */
record Measurement(int run, String system, String mix, String load, int concurrency, Double targetRate,
                   double committedPerSecond, long committed, long rejected, long failed, double p50Ms, double p90Ms,
                   double p99Ms, double p999Ms, double maxMs, double seconds, Map<String, Double> cpuSeconds,
                   Map<String, Double> peakRssMiB, Map<String, Double> nodes, Map<String, Double> servers,
                   List<Timeline.Second> timeline) {
}
