package io.bankledger.paxos.sim;

/** What one seeded run did, for the summary line. */
public record RunResult(long seed, int nodes, String faultMix, int commands, long slots,
        long livenessMs, long messages, int crashes, int partitions, int leaderBallots) {
}
