package io.bankledger.paxos.sim;

import io.bankledger.paxos.message.PaxosCodec;
import io.bankledger.paxos.message.PaxosMessage;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The simulated network: every message travels as the codec's bytes, with a delay; while
 * faults are on it also drops, duplicates, reorders (jitter) and cuts messages between
 * partitions. Ordered by (delivery time, send sequence), so a seed fixes the whole schedule.
 */
final class SimNetwork {

    record InFlight(long deliverAtMs, long sequence, int from, int to, byte[] bytes) {
    }

    private final PriorityQueue<InFlight> queue = new PriorityQueue<>((a, b) -> {
        int byTime = Long.compare(a.deliverAtMs, b.deliverAtMs);
        return byTime != 0 ? byTime : Long.compare(a.sequence, b.sequence);
    });
    private final Random random;
    private final long baseDelayMs;
    private long sequence;
    private FaultMix faults;
    private int[] partitionOf;
    private long messagesSent;

    SimNetwork(Random random, long baseDelayMs, FaultMix faults, int maxNodeId) {
        this.random = random;
        this.baseDelayMs = baseDelayMs;
        this.faults = faults;
        this.partitionOf = new int[maxNodeId + 1];
    }

    void send(long nowMs, int from, int to, PaxosMessage message) {
        messagesSent++;
        if (faults.dropProbability() > 0 && random.nextDouble() < faults.dropProbability()) {
            return;
        }
        byte[] bytes = PaxosCodec.encode(message);
        enqueue(nowMs, from, to, bytes);
        if (faults.duplicateProbability() > 0 && random.nextDouble() < faults.duplicateProbability()) {
            enqueue(nowMs, from, to, bytes);
        }
    }

    private void enqueue(long nowMs, int from, int to, byte[] bytes) {
        long jitter = faults.delayJitterMs() == 0 ? 0 : (long) (random.nextDouble() * faults.delayJitterMs());
        if (faults.longDelayProbability() > 0 && random.nextDouble() < faults.longDelayProbability()) {
            jitter += (long) (random.nextDouble() * FaultMix.LONG_DELAY_MAX_MS);
        }
        queue.add(new InFlight(nowMs + baseDelayMs + jitter, sequence++, from, to, bytes));
    }

    long nextDeliveryMs() {
        return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().deliverAtMs();
    }

    /** The next message due at {@code nowMs}, or null; messages across a partition are lost. */
    InFlight poll(long nowMs) {
        while (!queue.isEmpty() && queue.peek().deliverAtMs() <= nowMs) {
            InFlight next = queue.poll();
            if (partitionOf[next.from()] == partitionOf[next.to()]) {
                return next;
            }
        }
        return null;
    }

    void partition(int[] groupOfNode) {
        partitionOf = groupOfNode.clone();
    }

    void heal() {
        faults = FaultMix.CALM;
        partitionOf = new int[partitionOf.length];
    }

    long messagesSent() {
        return messagesSent;
    }
}
