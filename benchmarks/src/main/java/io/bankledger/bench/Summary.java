package io.bankledger.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** Medians over runs, and the S/B ratios, as a table. */
final class Summary {

    private Summary() {
    }

    /** The median of each figure over the runs of one (system, mix, load). */
    record Row(String system, String mix, String load, int runs, double committedPerSecond, double p50Ms,
               double p90Ms, double p99Ms, double p999Ms, double maxMs) {

        Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("system", system);
            map.put("mix", mix);
            map.put("load", load);
            map.put("runs", runs);
            map.put("committedPerSecond", committedPerSecond);
            map.put("p50Ms", p50Ms);
            map.put("p90Ms", p90Ms);
            map.put("p99Ms", p99Ms);
            map.put("p999Ms", p999Ms);
            map.put("maxMs", maxMs);
            return map;
        }
    }

    static List<Row> medians(List<Measurement> results) {
        Map<String, List<Measurement>> groups = new LinkedHashMap<>();
        for (String mix : List.of("uniform", "hot")) {
            for (String load : loadsInOrder(results)) {
                for (String system : systemsInOrder(results)) {
                    groups.put(system + "|" + mix + "|" + load, new ArrayList<>());
                }
            }
        }
        for (Measurement m : results) {
            groups.computeIfAbsent(m.system() + "|" + m.mix() + "|" + m.load(), k -> new ArrayList<>()).add(m);
        }
        List<Row> rows = new ArrayList<>();
        groups.forEach((key, list) -> {
            if (!list.isEmpty()) {
                String[] parts = key.split("\\|");
                rows.add(new Row(parts[0], parts[1], parts[2], list.size(),
                        median(list, Measurement::committedPerSecond), median(list, Measurement::p50Ms),
                        median(list, Measurement::p90Ms), median(list, Measurement::p99Ms),
                        median(list, Measurement::p999Ms), median(list, Measurement::maxMs)));
            }
        });
        return rows;
    }

    /** S, then S@N by N, then S1, then B and B@fresh: the cluster's variants first, the baseline's last. */
    static List<String> systemsInOrder(List<Measurement> results) {
        Set<String> systems = new TreeSet<>(Comparator.comparingInt(Summary::systemRank).thenComparing(s -> s));
        systems.addAll(List.of("S", "S1", "B"));
        results.stream().map(Measurement::system).forEach(systems::add);
        return List.copyOf(systems);
    }

    private static int systemRank(String system) {
        return switch (system) {
            case "S" -> 0;
            case "S1" -> 200;
            case "B" -> 300;
            case BenchmarkMain.FRESH_BASELINE -> 301;
            default -> system.startsWith("S@") ? 1 + Integer.parseInt(system.substring(2)) : 250;
        };
    }

    /**
     * The maximum, then the open-loop loads from the highest percentage down, then the fixed rates
     * from the highest down, then unloaded.
     */
    static List<String> loadsInOrder(List<Measurement> results) {
        Set<String> percentages = new TreeSet<>(Comparator.comparingInt((String load) -> number(load, "%")).reversed());
        percentages.add("70%");
        results.stream().map(Measurement::load).filter(load -> load.endsWith("%")).forEach(percentages::add);
        Set<String> rates = new TreeSet<>(Comparator.comparingInt((String load) -> number(load, "/s")).reversed());
        results.stream().map(Measurement::load).filter(load -> load.endsWith("/s")).forEach(rates::add);
        List<String> loads = new ArrayList<>();
        loads.add("max");
        loads.addAll(percentages);
        loads.addAll(rates);
        loads.add("unloaded");
        return loads;
    }

    private static int number(String load, String suffix) {
        return Integer.parseInt(load.substring(0, load.length() - suffix.length()));
    }

    static <T> double median(List<T> list, ToDoubleFunction<T> figure) {
        double[] values = list.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    static String markdown(List<Measurement> results) {
        List<Row> rows = medians(results);
        StringBuilder md = new StringBuilder();
        md.append("| system | mix | load | runs | committed/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format("| %s | %s | %s | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f |%n", r.system(),
                    r.mix(), r.load(), r.runs(), r.committedPerSecond(), r.p50Ms(), r.p90Ms(), r.p99Ms(),
                    r.p999Ms(), r.maxMs()));
        }
        md.append("\n| system | mix | ratio to B, max throughput | ratio to B, p99 at 70% "
                + "| ratio to B, max throughput on what the stores wrote |\n|---|---|---|---|---|\n");
        for (String system : systemsInOrder(results)) {
            if (system.equals("B")) {
                continue;
            }
            for (String mix : List.of("uniform", "hot")) {
                Optional<Row> sMax = find(rows, system, mix, "max");
                Optional<Row> bMax = find(rows, "B", mix, "max");
                Optional<Row> s70 = find(rows, system, mix, "70%");
                Optional<Row> b70 = find(rows, "B", mix, "70%");
                if (sMax.isPresent() && bMax.isPresent()) {
                    OptionalDouble stored = storedPerSecond(results, system, mix);
                    md.append(String.format("| %s | %s | %.2f | %s | %s |%n", system, mix,
                            sMax.get().committedPerSecond() / bMax.get().committedPerSecond(),
                            s70.isPresent() && b70.isPresent()
                                    ? String.format("%.2f", s70.get().p99Ms() / b70.get().p99Ms()) : "n/a",
                            stored.isPresent()
                                    ? String.format("%.2f", stored.getAsDouble() / bMax.get().committedPerSecond())
                                    : "n/a"));
                }
            }
        }
        md.append("\nInside the cluster's nodes (medians; per node, averaged over the three; see NodeCounters):\n\n");
        md.append("| system | mix | load | slots/s | commands per slot | apply txns/s | apply txn ms | apply busy "
                + "| acceptor write ms | commit ms | request messages/s (cluster) | commands per message |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        figures(md, rows, results, Measurement::nodes, "%.2f", List.of("slotsPerSecond", "commandsPerSlot",
                "applyTransactionsPerSecond", "applyMs", "applyBusy", "acceptorWriteMs", "commitMs",
                "requestMessagesPerSecond", "commandsPerMessage"));
        md.append("\nWhat each PostgreSQL server did (medians; per server and committed transfer, for S averaged over"
                + " its three; checkpoints and vacuums over all of a system's servers in the phase; see"
                + " ServerCounters):\n\n");
        md.append("| system | mix | load | WAL records | full-page images | WAL bytes | blocks read | blocks hit "
                + "| checkpoint buffers | checkpoints | autovacuums | autoanalyzes | database MiB at start "
                + "| events stored per transfer |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        figures(md, rows, results, Measurement::servers, "%.3f", List.of("walRecordsPerTransfer",
                "walFullPageImagesPerTransfer", "walBytesPerTransfer", "blocksReadPerTransfer", "blocksHitPerTransfer",
                "checkpointBuffersPerTransfer", "checkpoints", "autovacuums", "autoanalyzes",
                "databaseMegabytesAtStart", "eventsStoredPerTransfer"));
        md.append("\nCPU seconds and peak RSS per process, per phase:\n\n");
        md.append("| run | system | mix | load | CPU s by process | peak RSS MiB by process |\n|---|---|---|---|---|---|\n");
        for (Measurement m : results) {
            md.append(String.format("| %d | %s | %s | %s | %s | %s |%n", m.run(), m.system(), m.mix(), m.load(),
                    m.cpuSeconds(), m.peakRssMiB()));
        }
        return md.toString();
    }

    /**
     * One row per system, mix and load that has {@code counters}, with the median of each figure over
     * its runs. A figure missing from a phase (an older node or server, a failed read) is shown as
     * missing, not as a zero that would read like a measurement.
     */
    private static void figures(StringBuilder md, List<Row> rows, List<Measurement> results,
                                Function<Measurement, Map<String, Double>> counters, String format, List<String> names) {
        for (Row r : rows) {
            List<Measurement> phases = results.stream().filter(m -> m.system().equals(r.system())
                    && m.mix().equals(r.mix()) && m.load().equals(r.load()) && !counters.apply(m).isEmpty()).toList();
            if (!phases.isEmpty()) {
                md.append(String.format("| %s | %s | %s |", r.system(), r.mix(), r.load()));
                for (String name : names) {
                    md.append(phases.stream().allMatch(m -> counters.apply(m).containsKey(name))
                            ? String.format(" " + format + " |", median(phases, m -> counters.apply(m).get(name)))
                            : " n/a |");
                }
                md.append('\n');
            }
        }
    }

    /**
     * The median over a system's maximum phases of the rate its stores kept up with: the committed
     * rate times the events stored per committed transfer, at most 1 (a store that caught up work of
     * earlier phases did not commit faster in this one). A node answers before its store commits, so
     * this estimates, better than the answers do, the rate the cluster could hold for longer than a
     * phase. Empty where a phase has no
     * such figure (B, which commits before it answers).
     */
    static OptionalDouble storedPerSecond(List<Measurement> results, String system, String mix) {
        List<Measurement> phases = results.stream().filter(m -> m.system().equals(system) && m.mix().equals(mix)
                && m.load().equals("max")).toList();
        if (phases.isEmpty() || !phases.stream().allMatch(m -> m.servers().containsKey("eventsStoredPerTransfer"))) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(median(phases, m -> m.committedPerSecond()
                * Math.min(1.0, m.servers().get("eventsStoredPerTransfer"))));
    }

    private static Optional<Row> find(List<Row> rows, String system, String mix, String load) {
        return rows.stream().filter(r -> r.system().equals(system) && r.mix().equals(mix) && r.load().equals(load))
                .findFirst();
    }

    static void print(List<Measurement> results, PrintStream out) {
        out.println();
        out.println(markdown(results));
    }
}
