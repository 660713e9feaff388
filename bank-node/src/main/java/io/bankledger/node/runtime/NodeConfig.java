package io.bankledger.node.runtime;

import java.util.List;

/**
 * Everything one bank node is started with. Bounds are configuration, not constants: the pending
 * requests a node holds, how long before a pending command is proposed again, the Paxos batching.
 */
public record NodeConfig(
        int nodeId,
        List<Integer> memberIds,
        String brokerUrl,
        String brokerUser,
        String brokerPassword,
        String jdbcUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        int pendingMax,
        long reproposeAfterMs,
        int batchCommandsMax,
        int batchBytesMax,
        int pipelineWindow,
        long heartbeatIntervalMs,
        long electionTimeoutMinMs,
        long electionTimeoutMaxMs) {

    public NodeConfig {
        memberIds = List.copyOf(memberIds);
        if (!memberIds.contains(nodeId)) {
            throw new IllegalArgumentException("node " + nodeId + " is not among the members " + memberIds);
        }
        if (memberIds.size() != 1 && memberIds.size() != 3 && memberIds.size() != 5) {
            throw new IllegalArgumentException("a cluster has 3 or 5 members (1 for a test), not " + memberIds.size());
        }
        if (pendingMax < 1 || dbPoolSize < 1 || reproposeAfterMs < 1) {
            throw new IllegalArgumentException("pendingMax, dbPoolSize and reproposeAfterMs must be positive");
        }
    }

    public static NodeConfig defaults(int nodeId, List<Integer> memberIds, String brokerUrl, String jdbcUrl,
                                      String dbUser, String dbPassword) {
        return new NodeConfig(nodeId, memberIds, brokerUrl, null, null, jdbcUrl, dbUser, dbPassword,
                4, 10_000, 1_000, 512, 1 << 20, 8, 50, 300, 600);
    }
}
