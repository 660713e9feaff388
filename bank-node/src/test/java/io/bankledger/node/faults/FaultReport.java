package io.bankledger.node.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;

/**
 * The end of a run in two forms: a short verdict for stdout (ops by outcome, faults by kind,
 * recovery after each leader loss, throughput with a follower down, the checker's six checks)
 * and the same, with every fault and the checker's examples, as JSON.
 */
public final class FaultReport {

    public static final long RECOVERY_GOAL_MS = 2_000;
    public static final double THROUGHPUT_RATIO_GOAL = 0.65;

    private final Map<String, Object> run;
    private final List<FaultRecord> faults;
    private final CheckResult check;
    private final double healthyOpsPerSecond;
    private final double degradedOpsPerSecond;
    private final List<String> unexpectedStops;

    public FaultReport(Map<String, Object> run, List<FaultRecord> faults, CheckResult check,
                       double healthyOpsPerSecond, double degradedOpsPerSecond, List<String> unexpectedStops) {
        this.run = run;
        this.faults = List.copyOf(faults);
        this.check = check;
        this.healthyOpsPerSecond = healthyOpsPerSecond;
        this.degradedOpsPerSecond = degradedOpsPerSecond;
        this.unexpectedStops = List.copyOf(unexpectedStops);
    }

    public Map<FaultKind, Long> faultsByKind() {
        Map<FaultKind, Long> counts = new EnumMap<>(FaultKind.class);
        for (FaultKind kind : FaultKind.values()) {
            counts.put(kind, 0L);
        }
        faults.forEach(fault -> counts.merge(fault.kind(), 1L, Long::sum));
        return counts;
    }

    /** Recovery times of the leader losses that were measured. */
    public List<Long> leaderRecoveriesMs() {
        return faults.stream().filter(fault -> fault.recoveryMs() != null).map(FaultRecord::recoveryMs).toList();
    }

    public double throughputRatio() {
        return healthyOpsPerSecond == 0 ? 0 : degradedOpsPerSecond / healthyOpsPerSecond;
    }

    public boolean recoveryGoalMet() {
        List<Long> leaderKills = faults.stream().filter(fault -> fault.kind() == FaultKind.LEADER_KILL)
                .filter(fault -> fault.recoveryMs() != null).map(FaultRecord::recoveryMs).toList();
        return !leaderKills.isEmpty() && leaderKills.stream().allMatch(ms -> ms < RECOVERY_GOAL_MS);
    }

    public boolean throughputGoalMet() {
        return throughputRatio() >= THROUGHPUT_RATIO_GOAL;
    }

    public String verdict() {
        StringBuilder text = new StringBuilder();
        boolean troubled = run.get("problems") instanceof List<?> problems && !problems.isEmpty();
        text.append("\n========== bank under faults: ").append(check.passed() && !troubled ? "PASS" : "FAIL")
                .append(" ==========\n");
        text.append("run: ").append(run).append('\n');
        if (run.get("problems") instanceof List<?> problems && !problems.isEmpty()) {
            text.append("PROBLEMS: ").append(problems).append('\n');
        }
        Map<String, Long> stats = check.stats();
        text.append("ops: mutations OK=").append(stats.getOrDefault("ops.mutation.OK", 0L))
                .append(" REJECTED=").append(stats.getOrDefault("ops.mutation.REJECTED", 0L))
                .append(" INDETERMINATE=").append(stats.getOrDefault("ops.mutation.INDETERMINATE", 0L))
                .append(" (logged ").append(stats.getOrDefault("indeterminate.logged", 0L))
                .append(", not logged ").append(stats.getOrDefault("indeterminate.notLogged", 0L)).append(")")
                .append(" INVALID=").append(stats.getOrDefault("ops.mutation.INVALID", 0L))
                .append("; reads OK=").append(stats.getOrDefault("ops.read.OK", 0L))
                .append(" INDETERMINATE=").append(stats.getOrDefault("ops.read.INDETERMINATE", 0L))
                .append("; retries=").append(stats.getOrDefault("retries", 0L))
                .append("; reads checked=").append(stats.getOrDefault("reads.checked", 0L)).append('\n');
        text.append("faults: ").append(faultsByKind()).append('\n');
        text.append("recovery after leader loss (kill/isolation/pause -> next committed command, client view): ");
        for (FaultRecord fault : faults) {
            if (fault.recoveryMs() != null) {
                text.append(fault.kind()).append('=').append(fault.recoveryMs()).append("ms ");
            }
        }
        LongSummaryStatistics recoveries = leaderRecoveriesMs().stream().mapToLong(Long::longValue).summaryStatistics();
        text.append(String.format("%n  max %d ms, mean %.0f ms; leader kills all < %d ms: %s%n",
                recoveries.getCount() == 0 ? 0 : recoveries.getMax(), recoveries.getAverage(), RECOVERY_GOAL_MS,
                recoveryGoalMet() ? "yes" : "NO"));
        text.append(String.format("throughput: healthy %.1f ops/s, one follower down %.1f ops/s, ratio %.0f%% (goal >= %.0f%%: %s)%n",
                healthyOpsPerSecond, degradedOpsPerSecond, 100 * throughputRatio(), 100 * THROUGHPUT_RATIO_GOAL,
                throughputGoalMet() ? "met" : "NOT met"));
        if (!unexpectedStops.isEmpty()) {
            text.append("nodes that stopped by themselves: ").append(unexpectedStops).append('\n');
        }
        text.append("checker:\n").append(check.summary());
        return text.toString();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        boolean troubled = run.get("problems") instanceof List<?> problems && !problems.isEmpty();
        map.put("verdict", check.passed() && !troubled ? "PASS" : "FAIL");
        map.put("run", run);
        Map<String, Object> faultMap = new LinkedHashMap<>();
        faultMap.put("byKind", faultsByKind());
        List<Map<String, Object>> list = new ArrayList<>();
        for (FaultRecord fault : faults) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("kind", fault.kind());
            one.put("target", fault.target());
            one.put("startedAtMs", fault.startedAtMs());
            one.put("healedAtMs", fault.healedAtMs());
            one.put("durationMs", fault.healedAtMs() - fault.startedAtMs());
            one.put("recoveryMs", fault.recoveryMs());
            one.put("note", fault.note());
            list.add(one);
        }
        faultMap.put("list", list);
        map.put("faults", faultMap);
        Map<String, Object> recovery = new LinkedHashMap<>();
        recovery.put("leaderLossRecoveriesMs", leaderRecoveriesMs());
        recovery.put("goalMs", RECOVERY_GOAL_MS);
        recovery.put("leaderKillsMetGoal", recoveryGoalMet());
        map.put("recovery", recovery);
        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("healthyOpsPerSecond", healthyOpsPerSecond);
        throughput.put("oneFollowerDownOpsPerSecond", degradedOpsPerSecond);
        throughput.put("ratio", throughputRatio());
        throughput.put("goalRatio", THROUGHPUT_RATIO_GOAL);
        throughput.put("met", throughputGoalMet());
        throughput.put("note", "same clients, same window, same run; on a machine where the cluster is CPU-bound a"
                + " stopped follower frees CPU, so the ratio can exceed 100%");
        map.put("throughput", throughput);
        map.put("unexpectedStops", unexpectedStops);
        map.put("checker", check.toMap());
        return map;
    }

    public void writeJson(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toMap());
    }
}
