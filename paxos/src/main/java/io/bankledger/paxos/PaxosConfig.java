package io.bankledger.paxos;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Static configuration of one node of a cluster of N members (3 or 5; quorum is a majority).
 *
 * @param nodeId               this node's id, one of {@code memberIds}
 * @param memberIds            every node of the cluster, this one included
 * @param batchCommandsMax     most commands in one slot's batch
 * @param batchBytesMax        most command bytes in one batch; a larger command is rejected
 * @param pipelineWindow       most slots the leader keeps in flight (proposed, not yet chosen)
 * @param heartbeatIntervalMs  how often the leader sends a heartbeat with its commit index
 * @param electionTimeoutMinMs lower bound of the randomized election timeout
 * @param electionTimeoutMaxMs upper bound of the randomized election timeout
 * @param catchUpChunkSlots    most slots asked for or served in one catch-up exchange
 * @param forwardBufferMax     most commands a non-leader buffers while it knows no leader
 * @param pendingCommandsMax   most commands the leader queues while its window is full
 * @param retransmitIntervalMs how long a Prepare, Accept or catch-up request waits for an
 *                             answer before it is sent again
 * @param backoffStepsMax      most doublings of the election timeout after failed elections
 */
public record PaxosConfig(
        int nodeId,
        List<Integer> memberIds,
        int batchCommandsMax,
        int batchBytesMax,
        int pipelineWindow,
        long heartbeatIntervalMs,
        long electionTimeoutMinMs,
        long electionTimeoutMaxMs,
        int catchUpChunkSlots,
        int forwardBufferMax,
        int pendingCommandsMax,
        long retransmitIntervalMs,
        int backoffStepsMax) {

    public PaxosConfig {
        memberIds = List.copyOf(Objects.requireNonNull(memberIds, "memberIds"));
        if (memberIds.isEmpty() || new HashSet<>(memberIds).size() != memberIds.size()) {
            throw new IllegalArgumentException("member ids must be non-empty and distinct: " + memberIds);
        }
        if (!memberIds.contains(nodeId)) {
            throw new IllegalArgumentException("node " + nodeId + " is not a member of " + memberIds);
        }
        for (int member : memberIds) {
            if (member < 0) {
                throw new IllegalArgumentException("node ids must be >= 0: " + member);
            }
        }
        requirePositive("batchCommandsMax", batchCommandsMax);
        requirePositive("batchBytesMax", batchBytesMax);
        requirePositive("pipelineWindow", pipelineWindow);
        requirePositive("heartbeatIntervalMs", heartbeatIntervalMs);
        requirePositive("electionTimeoutMinMs", electionTimeoutMinMs);
        requirePositive("catchUpChunkSlots", catchUpChunkSlots);
        requirePositive("forwardBufferMax", forwardBufferMax);
        requirePositive("pendingCommandsMax", pendingCommandsMax);
        requirePositive("retransmitIntervalMs", retransmitIntervalMs);
        if (electionTimeoutMaxMs < electionTimeoutMinMs) {
            throw new IllegalArgumentException("electionTimeoutMaxMs < electionTimeoutMinMs");
        }
        if (electionTimeoutMinMs <= heartbeatIntervalMs) {
            throw new IllegalArgumentException("election timeout must exceed the heartbeat interval");
        }
        if (backoffStepsMax < 0 || backoffStepsMax > 10) {
            throw new IllegalArgumentException("backoffStepsMax must be in 0..10: " + backoffStepsMax);
        }
    }

    /**
     * Heartbeat 50 ms, election timeout 300–600 ms, window 8, batches of at most 512 commands or
     * 1 MiB, catch-up chunks of 64 slots, buffers of 10,000 commands.
     */
    public static PaxosConfig defaults(int nodeId, List<Integer> memberIds) {
        return new PaxosConfig(nodeId, memberIds, 512, 1 << 20, 8, 50, 300, 600, 64, 10_000,
                10_000, 100, 3);
    }

    public int quorum() {
        return memberIds.size() / 2 + 1;
    }

    public PaxosConfig withPipelineWindow(int window) {
        return new PaxosConfig(nodeId, memberIds, batchCommandsMax, batchBytesMax, window,
                heartbeatIntervalMs, electionTimeoutMinMs, electionTimeoutMaxMs, catchUpChunkSlots,
                forwardBufferMax, pendingCommandsMax, retransmitIntervalMs, backoffStepsMax);
    }

    public PaxosConfig withBatchCommandsMax(int commandsMax) {
        return new PaxosConfig(nodeId, memberIds, commandsMax, batchBytesMax, pipelineWindow,
                heartbeatIntervalMs, electionTimeoutMinMs, electionTimeoutMaxMs, catchUpChunkSlots,
                forwardBufferMax, pendingCommandsMax, retransmitIntervalMs, backoffStepsMax);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
    }
}
