package io.bankledger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bankledger.cli.client.BankClient;
import io.bankledger.cli.client.ConnectionSettings;
import io.bankledger.cli.client.BrokerUnreachableException;
import io.bankledger.cli.output.Output;
import io.bankledger.cli.output.TextTable;
import io.bankledger.protocol.NodeStatusView;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "cluster",
        description = {"Show each node's role, ballot, applied slot, last seq, hash head and lag"
                + " (the highest last seq minus its own).",
            "A node that does not answer within --timeout is UNREACHABLE; exit code 3 if any is."})
final class ClusterCommand implements Callable<Integer> {

    static final ObjectMapper MAPPER = new ObjectMapper();

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "IDS", defaultValue = "1,2,3", description = "Node ids to ask (default ${DEFAULT-VALUE}).")
    String nodes;

    @Override
    public Integer call() throws BrokerUnreachableException {
        ConnectionSettings settings = common.resolve((BankCli) spec.root().userObject());
        List<Integer> ids = NodeProbe.parseNodes(nodes);
        Output output = new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), common.json);
        Map<Integer, NodeStatusView> answers;
        try (BankClient client = BankClient.connect(settings)) {
            answers = NodeProbe.ask(client, ids, Map.of(), settings.timeout());
        }
        long maxSeq = answers.values().stream().filter(Objects::nonNull).mapToLong(NodeStatusView::lastSeq).max().orElse(0);
        long unreachable = answers.values().stream().filter(Objects::isNull).count();
        if (output.json()) {
            ObjectNode root = MAPPER.createObjectNode();
            ArrayNode array = root.putArray("nodes");
            answers.forEach((id, v) -> {
                ObjectNode n = array.addObject();
                n.put("nodeId", id);
                if (v == null) {
                    n.put("role", "UNREACHABLE");
                } else {
                    n.put("role", v.role()).put("ballot", v.ballot()).put("leaderId", v.leaderId())
                            .put("commitIndex", v.commitIndex()).put("appliedSlot", v.appliedSlot())
                            .put("lastSeq", v.lastSeq()).put("lastHash", v.lastHash())
                            .put("pendingCommands", v.pendingCommands()).put("lag", maxSeq - v.lastSeq());
                }
            });
            root.put("unreachable", unreachable);
            output.line(root.toString());
        } else {
            TextTable table = TextTable.of("NODE>", "ROLE", "BALLOT", "LEADER>", "COMMIT>", "APPLIED>", "LAST SEQ>", "HASH HEAD", "LAG>");
            answers.forEach((id, v) -> {
                if (v == null) {
                    table.row(id, "UNREACHABLE", "-", "-", "-", "-", "-", "-", "-");
                } else {
                    table.row(id, v.role(), v.ballot(), v.leaderId() < 0 ? "-" : v.leaderId(), v.commitIndex(),
                            v.appliedSlot(), v.lastSeq(), shortHash(v.lastHash()), maxSeq - v.lastSeq());
                }
            });
            table.print(output.out());
        }
        if (unreachable > 0) {
            output.problem(unreachable + " of " + ids.size() + " nodes did not answer within "
                    + settings.timeout().toMillis() + " ms: check that they run (or raise --timeout)");
            return ExitCodes.UNAVAILABLE;
        }
        return ExitCodes.OK;
    }

    static String shortHash(String hash) {
        return hash == null || hash.isEmpty() ? "-" : hash.length() > 16 ? hash.substring(0, 16) : hash;
    }
}
