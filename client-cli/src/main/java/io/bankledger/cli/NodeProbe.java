package io.bankledger.cli;

import io.bankledger.cli.client.BankClient;
import io.bankledger.protocol.NodeStatusView;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks several nodes at once on their admin queues and waits for all answers up to one shared
 * deadline; a node without an answer by then maps to null (UNREACHABLE).
 */
final class NodeProbe {
    private NodeProbe() {
    }

    static Map<Integer, NodeStatusView> ask(BankClient client, List<Integer> nodeIds, Map<Integer, Long> hashAtSeq,
                                            Duration timeout) {
        Map<Integer, CompletableFuture<NodeStatusView>> futures = new LinkedHashMap<>();
        for (int id : nodeIds) {
            futures.put(id, client.nodeStatus(id, hashAtSeq.get(id), timeout));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, NodeStatusView> answers = new LinkedHashMap<>();
        for (Map.Entry<Integer, CompletableFuture<NodeStatusView>> e : futures.entrySet()) {
            NodeStatusView view = null;
            try {
                view = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            } catch (Exception notAnswered) {
                // No answer in time, or an unreadable one: the node counts as unreachable.
            }
            answers.put(e.getKey(), view);
        }
        return answers;
    }

    static List<Integer> parseNodes(String text) {
        try {
            List<Integer> ids = java.util.Arrays.stream(text.split(",")).map(String::trim).map(Integer::parseInt).toList();
            if (ids.isEmpty() || ids.stream().anyMatch(i -> i < 0) || ids.stream().distinct().count() != ids.size()) {
                throw new NumberFormatException();
            }
            return ids;
        } catch (NumberFormatException e) {
            throw new UsageException("--nodes '" + text + "' is not a list of node ids: write e.g. --nodes 1,2,3");
        }
    }
}
