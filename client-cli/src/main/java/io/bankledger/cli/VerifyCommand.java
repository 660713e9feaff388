package io.bankledger.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bankledger.cli.client.BankClient;
import io.bankledger.cli.client.BrokerUnreachableException;
import io.bankledger.cli.client.ConnectionSettings;
import io.bankledger.cli.output.Output;
import io.bankledger.cli.output.TextTable;
import io.bankledger.protocol.NodeStatusView;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Compares the nodes' event hash chains at a common point: the lowest last seq among the nodes
 * that answer. Since each hash covers every event before it, equal hashes there mean equal logs
 * up to that seq.
 */
@Command(name = "verify",
        description = {"Check that the nodes' event logs agree: asks every node for its last seq, then each for its"
                + " hash at the lowest of those, and compares.",
            "Exit code 0 if all answering nodes agree, 5 if they disagree, 3 if none answers."})
final class VerifyCommand implements Callable<Integer> {

    static final String EMPTY_LOG = "(empty log)";

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "IDS", defaultValue = "1,2,3", description = "Node ids to compare (default ${DEFAULT-VALUE}).")
    String nodes;

    @Override
    public Integer call() throws BrokerUnreachableException {
        ConnectionSettings settings = common.resolve((BankCli) spec.root().userObject());
        List<Integer> ids = NodeProbe.parseNodes(nodes);
        Output output = new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), common.json);
        Map<Integer, String> hashes = new LinkedHashMap<>();
        long atSeq;
        try (BankClient client = BankClient.connect(settings)) {
            Map<Integer, NodeStatusView> first = NodeProbe.ask(client, ids, Map.of(), settings.timeout());
            List<Integer> answering = first.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
            if (answering.isEmpty()) {
                output.problem("no node answered within " + settings.timeout().toMillis()
                        + " ms: check that the nodes run and --nodes " + nodes);
                return ExitCodes.UNAVAILABLE;
            }
            atSeq = first.values().stream().filter(Objects::nonNull).mapToLong(NodeStatusView::lastSeq).min().orElseThrow();
            Map<Integer, NodeStatusView> second = new HashMap<>();
            if (atSeq > 0) {
                Map<Integer, Long> ask = new HashMap<>();
                answering.forEach(id -> ask.put(id, atSeq));
                second = NodeProbe.ask(client, answering, ask, settings.timeout());
            }
            for (int id : ids) {
                if (!answering.contains(id)) {
                    hashes.put(id, null);
                } else if (atSeq == 0) {
                    hashes.put(id, EMPTY_LOG);
                } else {
                    NodeStatusView v = second.get(id);
                    hashes.put(id, v == null ? null : v.hashAt() == null ? "(no event " + atSeq + ")" : v.hashAt());
                }
            }
        }
        List<String> answered = hashes.values().stream().filter(Objects::nonNull).distinct().toList();
        boolean agree = answered.size() == 1;
        long missing = hashes.values().stream().filter(Objects::isNull).count();
        if (output.json()) {
            ObjectNode root = ClusterCommand.MAPPER.createObjectNode();
            root.put("seq", atSeq).put("agree", agree).put("unreachable", missing);
            ArrayNode array = root.putArray("nodes");
            hashes.forEach((id, h) -> {
                ObjectNode n = array.addObject().put("nodeId", id);
                if (h == null) {
                    n.put("role", "UNREACHABLE");
                } else {
                    n.put("hash", h);
                }
            });
            output.line(root.toString());
        } else {
            output.line("comparing hash chains at seq " + atSeq);
            TextTable table = TextTable.of("NODE>", "HASH AT SEQ " + atSeq);
            hashes.forEach((id, h) -> table.row(id, h == null ? "UNREACHABLE" : h));
            table.print(output.out());
        }
        if (answered.isEmpty()) {
            output.problem("no node answered the hash question in time: try again, perhaps with a longer --timeout");
            return ExitCodes.UNAVAILABLE;
        }
        if (!agree) {
            output.problem("DISAGREEMENT: the nodes hold different events at or before seq " + atSeq);
            return ExitCodes.DISAGREEMENT;
        }
        if (!output.json()) {
            output.line("OK: " + (hashes.size() - missing) + " of " + hashes.size() + " nodes agree up to seq " + atSeq
                    + (missing > 0 ? " (" + missing + " did not answer)" : ""));
        }
        return ExitCodes.OK;
    }
}
