package io.bankledger.paxos;

import java.util.Random;

/**
 * When a follower or candidate gives up on the current leader (or on its own election) and
 * runs. The timeout is drawn anew each reset from {@code [electionTimeoutMinMs,
 * electionTimeoutMaxMs]} and doubled for every failed election in a row (at most
 * {@code backoffStepsMax} times), so duelling proposers drift apart instead of outbidding each
 * other forever.
 */
final class ElectionTimer {

    private final PaxosConfig config;
    private final Random random;
    private long deadlineMs;
    private int failedElections;

    ElectionTimer(PaxosConfig config, Random random, long nowMs) {
        this.config = config;
        this.random = random;
        reset(nowMs);
    }

    void reset(long nowMs) {
        long spread = config.electionTimeoutMaxMs() - config.electionTimeoutMinMs() + 1;
        long timeoutMs = config.electionTimeoutMinMs() + (long) (random.nextDouble() * spread);
        deadlineMs = nowMs + (timeoutMs << failedElections);
    }

    boolean expired(long nowMs) {
        return nowMs >= deadlineMs;
    }

    /** An election failed (timed out or was refused): wait longer next time. */
    void backOff() {
        failedElections = Math.min(failedElections + 1, config.backoffStepsMax());
    }

    /** A leader is in place: back to the plain timeout. */
    void clearBackOff() {
        failedElections = 0;
    }
}
