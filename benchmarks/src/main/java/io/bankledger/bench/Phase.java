package io.bankledger.bench;

import io.bankledger.cli.load.AccountPicker;
import io.bankledger.cli.load.CommandMix;
import io.bankledger.cli.load.CommandSender;
import io.bankledger.cli.load.LatencyRecorder;
import io.bankledger.cli.load.LoadGenerator;
import io.bankledger.cli.load.LoadPlan;
import io.bankledger.cli.load.LoadReport;
import io.bankledger.cli.load.Workload;
import io.bankledger.node.faults.ProcessCluster;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Runs one phase of transfers against a sender with the CLI's load generator, and measures the
 * processes that serve it. Both systems go through here, so they see the same generator, the same
 * account picks (same seed) and the same latency accounting.
 */
final class Phase {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int OPEN_LOOP_IN_FLIGHT_MAX = 4_000;

    private Phase() {
    }

    static Measurement run(int run, String system, String mix, String load, CommandSender sender,
                           List<String> accounts, Integer concurrency, Double rate, Duration duration,
                           Map<String, Long> processes, long seed, ProcessCluster cluster, List<DataSource> servers)
            throws Exception {
        Workload workload = new Workload(accounts, AccountPicker.parse("uniform", accounts.size()),
                CommandMix.parse("transfer=100"), 1_000, seed);
        LoadPlan plan = new LoadPlan(rate, concurrency == null ? 1 : concurrency, duration, null,
                rate == null ? concurrency : OPEN_LOOP_IN_FLIGHT_MAX, REQUEST_TIMEOUT);
        NodeCounters nodesBefore = cluster == null ? null : NodeCounters.read(cluster);
        ServerCounters serversBefore = ServerCounters.read(servers);
        Map<String, Double> cpuBefore = cpu(processes);
        LatencyRecorder recorder = new LatencyRecorder();
        Timeline timeline = new Timeline(recorder);
        long startNanos = System.nanoTime();
        LoadReport report = new LoadGenerator(sender, 8).run(plan, workload::next, recorder,
                progress -> timeline.tick(progress.inFlight()), Duration.ofSeconds(1));
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        timeline.tick(0);
        Map<String, Double> nodes = cluster == null ? Map.of() : NodeCounters.read(cluster).since(nodesBefore, seconds);
        Map<String, Double> cpuUsed = new LinkedHashMap<>();
        cpu(processes).forEach((name, after) -> cpuUsed.put(name, round(after - cpuBefore.getOrDefault(name, 0.0))));
        Map<String, Double> rss = new LinkedHashMap<>();
        processes.forEach((name, pid) -> rss.put(name, round(ProcessStats.peakRssMiB(pid, name.startsWith("postgres")))));
        long committed = report.count("OK");
        Map<String, Double> serverWork = ServerCounters.read(servers).since(serversBefore, committed);
        long rejected = report.count("REJECTED");
        long failed = report.sent() - committed - rejected;
        double committedPerSecond = report.elapsedNanos() == 0 ? 0 : committed * 1e9 / report.elapsedNanos();
        return new Measurement(run, system, mix, load, plan.concurrency(), rate, round(committedPerSecond), committed,
                rejected, failed, report.p50Ms(), report.p90Ms(), report.p99Ms(), report.p999Ms(), report.maxMs(),
                round(seconds), cpuUsed, rss, nodes, serverWork, timeline.seconds());
    }

    private static Map<String, Double> cpu(Map<String, Long> processes) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        processes.forEach((name, pid) -> cpu.put(name, ProcessStats.cpuSeconds(pid, name.startsWith("postgres"))));
        cpu.put("machine", ProcessStats.machineCpuSeconds());
        return cpu;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
