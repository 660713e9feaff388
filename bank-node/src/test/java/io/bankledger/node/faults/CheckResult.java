package io.bankledger.node.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checker's verdict: the violations found, by check, and the counts that go into the report.
 * Each check keeps its first {@link #EXAMPLES_MAX} messages and counts the rest.
 */
public final class CheckResult {

    public static final int EXAMPLES_MAX = 20;

    /** The checks, numbered as the issue numbers them. */
    public enum Check {
        ACKNOWLEDGED_IN_EVERY_LOG("1 every acknowledged command exactly once in every log, with its acknowledged outcome"),
        NO_DUPLICATES("2 no command twice in a log, no event nobody sent"),
        IDENTICAL_LOGS("3 all logs identical: same length, same hash head, intact hash chain"),
        MONEY("4 per currency, balances = deposits - withdrawals; no balance below zero"),
        READS("5 linearizable reads consistent with the log order"),
        PROJECTIONS("6 projections equal a rebuild from the events");

        final String description;

        Check(String description) {
            this.description = description;
        }
    }

    private final Map<Check, List<String>> examples = new LinkedHashMap<>();
    private final Map<Check, Long> counts = new LinkedHashMap<>();
    final Map<String, Long> stats = new TreeMap<>();

    CheckResult() {
        for (Check check : Check.values()) {
            examples.put(check, new ArrayList<>());
            counts.put(check, 0L);
        }
    }

    void violation(Check check, String message) {
        counts.merge(check, 1L, Long::sum);
        List<String> kept = examples.get(check);
        if (kept.size() < EXAMPLES_MAX) {
            kept.add(message);
        }
    }

    void count(String stat, long delta) {
        stats.merge(stat, delta, Long::sum);
    }

    public boolean passed() {
        return counts.values().stream().allMatch(count -> count == 0);
    }

    public long violations(Check check) {
        return counts.get(check);
    }

    public List<String> examples(Check check) {
        return List.copyOf(examples.get(check));
    }

    public Map<String, Long> stats() {
        return Map.copyOf(stats);
    }

    /** One line per check, then the first examples of each failed one. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        for (Check check : Check.values()) {
            long count = counts.get(check);
            text.append(count == 0 ? "  PASS " : "  FAIL ").append(check.description);
            if (count > 0) {
                text.append(": ").append(count).append(" violation(s)");
            }
            text.append('\n');
            for (String example : examples.get(check)) {
                text.append("       - ").append(example).append('\n');
            }
        }
        return text.toString();
    }

    /** For the JSON report. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("passed", passed());
        Map<String, Object> checks = new LinkedHashMap<>();
        for (Check check : Check.values()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("description", check.description);
            one.put("violations", counts.get(check));
            one.put("examples", examples.get(check));
            checks.put(check.name(), one);
        }
        map.put("checks", checks);
        map.put("stats", new TreeMap<>(stats));
        return map;
    }
}
