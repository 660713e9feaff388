package io.bankledger.paxos;

import io.bankledger.paxos.message.CatchUpRequest;
import java.util.List;

/**
 * The requesting side of catch-up: at most one request in flight, for at most
 * {@code catchUpChunkSlots} slots from the first undelivered one. The next chunk is asked for as
 * soon as a reply makes progress; a request that goes unanswered for
 * {@code retransmitIntervalMs} is sent to the next peer.
 */
final class CatchUp {

    static final int NO_NODE = -1;

    private final PaxosConfig config;
    private final List<Integer> peers;
    private int sourceId = NO_NODE;
    private int targetId = NO_NODE;
    private boolean outstanding;
    private long requestedFromSlot;
    private long sentMs;

    CatchUp(PaxosConfig config, List<Integer> peers) {
        this.config = config;
        this.peers = peers;
    }

    /** {@code nodeId} claimed slots up to {@code claimedChosenSlot} are chosen: it is a good source. */
    void noteSource(int nodeId, long claimedChosenSlot, long deliveredSlot) {
        if (claimedChosenSlot > deliveredSlot && nodeId != config.nodeId()) {
            sourceId = nodeId;
        }
    }

    /** A reply arrived; if it moved delivery past the requested slot, the next chunk may go now. */
    void replyReceived(long deliveredSlot) {
        // A duplicated old reply makes no progress, so it cannot multiply requests.
        if (outstanding && deliveredSlot >= requestedFromSlot) {
            outstanding = false;
        }
    }

    void requestIfBehind(Learner learner, int leaderId, long nowMs, OutputBuilder out) {
        if (!learner.needsCatchUp()) {
            outstanding = false;
            return;
        }
        if (outstanding && nowMs - sentMs < config.retransmitIntervalMs()) {
            return;
        }
        int target = outstanding ? nextPeerAfter(targetId) : preferredSource(leaderId);
        long fromSlot = learner.deliveredSlot() + 1;
        long toSlot = Math.min(learner.commitIndex(), fromSlot + config.catchUpChunkSlots() - 1);
        out.send(target, new CatchUpRequest(config.nodeId(), fromSlot, toSlot));
        targetId = target;
        outstanding = true;
        requestedFromSlot = fromSlot;
        sentMs = nowMs;
    }

    private int preferredSource(int leaderId) {
        if (sourceId != NO_NODE) {
            return sourceId;
        }
        if (leaderId != NO_NODE && leaderId != config.nodeId()) {
            return leaderId;
        }
        return peers.get(0);
    }

    private int nextPeerAfter(int nodeId) {
        int index = peers.indexOf(nodeId);
        return peers.get((index + 1) % peers.size());
    }
}
