package io.bankledger.bench;

import io.bankledger.node.faults.ProcessCluster;
import io.bankledger.node.testing.PrometheusText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the cluster's nodes count about their own work (their /metrics), read before and after a
 * phase: how many Paxos slots they applied and how full, and how long their store transactions
 * and their commits took. The latency a client sees is made of these, so each phase's record
 * says where its time went.
 *
 * @param nodes one entry per node: metric → its cumulative value
 */
record NodeCounters(List<Map<String, Double>> nodes) {

    /** The node metrics read, as {@code name{label}} → the Prometheus sample (summed over matching labels). */
    private static final Map<String, String[]> READ = Map.of(
            "slots", new String[] {"bank_batch_commands_count", ""},
            "commands", new String[] {"bank_batch_commands_sum", ""},
            "applies", new String[] {"bank_store_write_seconds_count", "kind=\"apply\""},
            "applySeconds", new String[] {"bank_store_write_seconds_sum", "kind=\"apply\""},
            "acceptorWrites", new String[] {"bank_store_write_seconds_count", "kind=\"acceptor\""},
            "acceptorSeconds", new String[] {"bank_store_write_seconds_sum", "kind=\"acceptor\""},
            "commits", new String[] {"bank_commit_latency_seconds_count", ""},
            "commitSeconds", new String[] {"bank_commit_latency_seconds_sum", ""});

    static NodeCounters read(ProcessCluster cluster) throws Exception {
        List<Map<String, Double>> nodes = new java.util.ArrayList<>();
        for (int id : cluster.memberIds()) {
            String page = cluster.metricsText(id);
            Map<String, Double> values = new LinkedHashMap<>();
            READ.forEach((name, sample) -> values.put(name, PrometheusText.sum(page, sample[0], sample[1])));
            nodes.add(values);
        }
        return new NodeCounters(nodes);
    }

    /**
     * The phase between {@code before} and this reading, {@code seconds} long, averaged over the
     * nodes: slots applied per second and commands per slot; apply transactions per second, their
     * mean duration and the share of the phase the applier thread spent in them ("applyBusy"; the
     * rest of its time it decides, answers or waits for work); the same for the acceptor's writes, which the Paxos
     * loop makes before it answers; and the mean time from a command's first proposal by the node
     * that took it to its outcome being durable there ("commitMs", over all nodes' commands).
     */
    Map<String, Double> since(NodeCounters before, double seconds) {
        double slots = 0;
        double commands = 0;
        double applies = 0;
        double applySeconds = 0;
        double acceptorWrites = 0;
        double acceptorSeconds = 0;
        double commits = 0;
        double commitSeconds = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Map<String, Double> after = nodes.get(i);
            Map<String, Double> start = before.nodes().get(i);
            slots += after.get("slots") - start.get("slots");
            commands += after.get("commands") - start.get("commands");
            applies += after.get("applies") - start.get("applies");
            applySeconds += after.get("applySeconds") - start.get("applySeconds");
            acceptorWrites += after.get("acceptorWrites") - start.get("acceptorWrites");
            acceptorSeconds += after.get("acceptorSeconds") - start.get("acceptorSeconds");
            commits += after.get("commits") - start.get("commits");
            commitSeconds += after.get("commitSeconds") - start.get("commitSeconds");
        }
        int n = nodes.size();
        Map<String, Double> phase = new LinkedHashMap<>();
        phase.put("slotsPerSecond", Phase.round(slots / n / seconds));
        phase.put("commandsPerSlot", Phase.round(ratio(commands, slots)));
        phase.put("applyTransactionsPerSecond", Phase.round(applies / n / seconds));
        phase.put("applyMs", Phase.round(1000 * ratio(applySeconds, applies)));
        phase.put("applyBusy", Phase.round(applySeconds / n / seconds));
        phase.put("acceptorWriteMs", Phase.round(1000 * ratio(acceptorSeconds, acceptorWrites)));
        phase.put("acceptorBusy", Phase.round(acceptorSeconds / n / seconds));
        phase.put("commitMs", Phase.round(1000 * ratio(commitSeconds, commits)));
        return phase;
    }

    private static double ratio(double part, double whole) {
        return whole == 0 ? 0 : part / whole;
    }
}
