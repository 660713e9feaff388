package io.bankledger.bench;

import io.bankledger.node.faults.ProcessCluster;
import io.bankledger.node.testing.PrometheusText;
import java.util.ArrayList;
import java.util.HashMap;
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

    /** Each counter read: its name here → the Prometheus metric and a label its samples must carry ("" for any). */
    private static final Map<String, String[]> READ = Map.of(
            "slots", new String[] {"bank_batch_commands_count", ""},
            "commands", new String[] {"bank_batch_commands_sum", ""},
            "applies", new String[] {"bank_store_write_seconds_count", "kind=\"apply\""},
            "applySeconds", new String[] {"bank_store_write_seconds_sum", "kind=\"apply\""},
            "acceptorWrites", new String[] {"bank_store_write_seconds_count", "kind=\"acceptor\""},
            "acceptorSeconds", new String[] {"bank_store_write_seconds_sum", "kind=\"acceptor\""},
            "commits", new String[] {"bank_commit_latency_seconds_count", ""},
            "commitSeconds", new String[] {"bank_commit_latency_seconds_sum", ""},
            "messages", new String[] {"bank_requests_messages_total", ""},
            "taken", new String[] {"bank_requests_taken_total", ""});

    static NodeCounters read(ProcessCluster cluster) throws Exception {
        List<Map<String, Double>> nodes = new ArrayList<>();
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
     * mean duration and the share of the phase the node's store writer spent in them
     * ("applyBusy"); the same for the acceptor's writes, which the Paxos loop makes before it
     * answers; and the mean time from a command's first proposal by the node that took it to its
     * answer, once its slot is chosen and decided ("commitMs", over all nodes' commands). Unlike
     * the rest, the request messages the nodes took from the queue are the cluster's, not a node's
     * ("requestMessagesPerSecond"), with the valid commands they carried ("commandsPerMessage"):
     * a client that keeps one message in flight sends one per round trip, so their rate is how
     * often the whole path runs at a given rate of transfers.
     */
    Map<String, Double> since(NodeCounters before, double seconds) {
        Map<String, Double> total = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Map<String, Double> start = before.nodes().get(i);
            nodes.get(i).forEach((name, value) -> total.merge(name, value - start.get(name), Double::sum));
        }
        double perNodeSecond = nodes.size() * seconds;
        Map<String, Double> phase = new LinkedHashMap<>();
        phase.put("slotsPerSecond", Phase.round(total.get("slots") / perNodeSecond));
        phase.put("commandsPerSlot", Phase.round(ratio(total.get("commands"), total.get("slots"))));
        phase.put("applyTransactionsPerSecond", Phase.round(total.get("applies") / perNodeSecond));
        phase.put("applyMs", meanMs(total, "applySeconds", "applies"));
        phase.put("applyBusy", Phase.round(total.get("applySeconds") / perNodeSecond));
        phase.put("acceptorWriteMs", meanMs(total, "acceptorSeconds", "acceptorWrites"));
        phase.put("acceptorBusy", Phase.round(total.get("acceptorSeconds") / perNodeSecond));
        phase.put("commitMs", meanMs(total, "commitSeconds", "commits"));
        phase.put("requestMessagesPerSecond", Phase.round(total.get("messages") / seconds));
        phase.put("commandsPerMessage", Phase.round(ratio(total.get("taken"), total.get("messages"))));
        return phase;
    }

    private static double meanMs(Map<String, Double> total, String seconds, String count) {
        return Phase.round(1000 * ratio(total.get(seconds), total.get(count)));
    }

    private static double ratio(double part, double whole) {
        return whole == 0 ? 0 : part / whole;
    }
}
