package io.bankledger.paxos.sim;

import java.util.Random;

/**
 * Which faults a run injects while faults are on. All of them stop at the heal time, after
 * which the run must make progress.
 */
public record FaultMix(
        String name,
        double dropProbability,
        double duplicateProbability,
        long delayJitterMs,
        double longDelayProbability,
        boolean partitions,
        boolean crashes) {

    /** Messages held back this long at most when a long delay hits (a stale message). */
    public static final long LONG_DELAY_MAX_MS = 1_500;

    public static final FaultMix CALM = new FaultMix("calm", 0, 0, 0, 0, false, false);

    private static final FaultMix[] MIXES = {
        CALM,
        new FaultMix("lossy", 0.15, 0.05, 20, 0.02, false, false),
        new FaultMix("partitions", 0.02, 0.02, 5, 0.01, true, false),
        new FaultMix("crashes", 0.02, 0.02, 5, 0.01, false, true),
        new FaultMix("chaos", 0.10, 0.05, 30, 0.03, true, true),
    };

    public static FaultMix pick(Random random) {
        return MIXES[random.nextInt(MIXES.length)];
    }
}
