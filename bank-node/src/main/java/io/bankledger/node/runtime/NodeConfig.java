package io.bankledger.node.runtime;

import java.util.List;

/**
 * Everything one bank node is started with. Bounds are configuration, not constants: the pending
 * requests a node holds, how long before a pending command is proposed again, the Paxos batching.
 * {@code faultInjection} lets the fault tests drop, duplicate, delay and partition this node's
 * Paxos messages; never on in production. {@code metricsPort} serves /metrics and /health on
 * {@code metricsHost} (0 picks a free port, a negative port serves nothing). {@code outcomeCacheMax}
 * bounds the command outcomes the ledger keeps in memory (all are in the store).
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
        long electionTimeoutMaxMs,
        boolean faultInjection,
        String metricsHost,
        int metricsPort,
        int outcomeCacheMax) {

    /** Outcomes kept in memory by default: a few tens of MiB, minutes of retries at full speed. */
    public static final int DEFAULT_OUTCOME_CACHE = 100_000;

    public NodeConfig {
        memberIds = List.copyOf(memberIds);
        if (!memberIds.contains(nodeId)) {
            throw new IllegalArgumentException("node " + nodeId + " is not among the members " + memberIds);
        }
        if (memberIds.size() != 1 && memberIds.size() != 3 && memberIds.size() != 5) {
            throw new IllegalArgumentException("a cluster has 3 or 5 members (1 for a test), not " + memberIds.size());
        }
        if (pipelineWindow < 1 || batchCommandsMax < 1) {
            throw new IllegalArgumentException("the pipeline window and the commands per slot must be at least 1, not "
                    + pipelineWindow + " and " + batchCommandsMax);
        }
        if (outcomeCacheMax < 0) {
            throw new IllegalArgumentException("outcomeCacheMax must be >= 0: " + outcomeCacheMax);
        }
        if (pendingMax < 1 || dbPoolSize < 1 || reproposeAfterMs < 1) {
            throw new IllegalArgumentException("pendingMax, dbPoolSize and reproposeAfterMs must be positive");
        }
    }

    public static NodeConfig defaults(int nodeId, List<Integer> memberIds, String brokerUrl, String jdbcUrl,
                                      String dbUser, String dbPassword) {
        return new NodeConfig(nodeId, memberIds, brokerUrl, null, null, jdbcUrl, dbUser, dbPassword,
                4, 10_000, 1_000, 512, 1 << 20, 8, 50, 300, 600, false, "127.0.0.1", -1,
                DEFAULT_OUTCOME_CACHE);
    }

    public NodeConfig withFaultInjection(boolean enabled) {
        return new NodeConfig(nodeId, memberIds, brokerUrl, brokerUser, brokerPassword, jdbcUrl, dbUser, dbPassword,
                dbPoolSize, pendingMax, reproposeAfterMs, batchCommandsMax, batchBytesMax, pipelineWindow,
                heartbeatIntervalMs, electionTimeoutMinMs, electionTimeoutMaxMs, enabled, metricsHost, metricsPort,
                outcomeCacheMax);
    }

    public NodeConfig withBroker(String url, String user, String password) {
        return new NodeConfig(nodeId, memberIds, url, user, password, jdbcUrl, dbUser, dbPassword,
                dbPoolSize, pendingMax, reproposeAfterMs, batchCommandsMax, batchBytesMax, pipelineWindow,
                heartbeatIntervalMs, electionTimeoutMinMs, electionTimeoutMaxMs, faultInjection, metricsHost, metricsPort,
                outcomeCacheMax);
    }

    public NodeConfig withPendingMax(int max) {
        return new NodeConfig(nodeId, memberIds, brokerUrl, brokerUser, brokerPassword, jdbcUrl, dbUser, dbPassword,
                dbPoolSize, max, reproposeAfterMs, batchCommandsMax, batchBytesMax, pipelineWindow,
                heartbeatIntervalMs, electionTimeoutMinMs, electionTimeoutMaxMs, faultInjection, metricsHost, metricsPort,
                outcomeCacheMax);
    }

    /** Paxos batching: at most {@code window} slots in flight, each a batch of at most {@code commandsMax}. */
    public NodeConfig withBatching(int window, int commandsMax) {
        return new NodeConfig(nodeId, memberIds, brokerUrl, brokerUser, brokerPassword, jdbcUrl, dbUser, dbPassword,
                dbPoolSize, pendingMax, reproposeAfterMs, commandsMax, batchBytesMax, window,
                heartbeatIntervalMs, electionTimeoutMinMs, electionTimeoutMaxMs, faultInjection, metricsHost, metricsPort,
                outcomeCacheMax);
    }

    public NodeConfig withMetrics(String host, int port) {
        return new NodeConfig(nodeId, memberIds, brokerUrl, brokerUser, brokerPassword, jdbcUrl, dbUser, dbPassword,
                dbPoolSize, pendingMax, reproposeAfterMs, batchCommandsMax, batchBytesMax, pipelineWindow,
                heartbeatIntervalMs, electionTimeoutMinMs, electionTimeoutMaxMs, faultInjection, host, port,
                outcomeCacheMax);
    }

    /**
     * How many of the newest command outcomes the ledger keeps in memory; the rest are read from
     * the store when a retry or a get-status asks for them.
     */
    public NodeConfig withOutcomeCache(int max) {
        return new NodeConfig(nodeId, memberIds, brokerUrl, brokerUser, brokerPassword, jdbcUrl, dbUser, dbPassword,
                dbPoolSize, pendingMax, reproposeAfterMs, batchCommandsMax, batchBytesMax, pipelineWindow,
                heartbeatIntervalMs, electionTimeoutMinMs, electionTimeoutMaxMs, faultInjection, metricsHost, metricsPort,
                max);
    }

    /**
     * The broker login node {@code peerId} uses: by convention {@code bank-node-<id>}, the users of
     * broker/artemis-users.properties. Paxos messages from a peer must carry it.
     */
    public String peerLogin(int peerId) {
        return "bank-node-" + peerId;
    }
}
