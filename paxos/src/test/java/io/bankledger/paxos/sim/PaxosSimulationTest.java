package io.bankledger.paxos.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Thousands of seeded simulated runs of 3- and 5-node clusters under a mix of faults (message
 * loss, duplication, reordering, delay, partitions, crashes with and without torn writes, and
 * restarts from durable state), with the safety invariants of {@link InvariantChecker} checked
 * at every step and liveness checked after the faults stop.
 *
 * <p>One seed is one exact run. A failure names its seed; replay it alone with
 * <pre>
 *   mvn -pl paxos test -Dtest=PaxosSimulationTest -Dpaxos.seed=12345
 * </pre>
 * Run a soak of more seeds with {@code -Dpaxos.runs=100000} (and {@code -Dpaxos.firstSeed=N}
 * to start elsewhere than seed 1).
 */
class PaxosSimulationTest {

    private static final int DEFAULT_RUNS = 5_000;

    @Test
    void seededRunsKeepEveryInvariantAndRecoverAfterFaults() {
        String single = property("paxos.seed");
        long firstSeed = single != null ? Long.parseLong(single) : Long.parseLong(orElse(property("paxos.firstSeed"), "1"));
        int runs = single != null ? 1 : Integer.parseInt(orElse(property("paxos.runs"), "" + DEFAULT_RUNS));
        long started = System.nanoTime();
        RunResult slowest = null;
        long messages = 0;
        long slots = 0;
        long crashes = 0;
        long partitions = 0;
        long leaderBallots = 0;
        int fiveNodeRuns = 0;
        for (long seed = firstSeed; seed < firstSeed + runs; seed++) {
            RunResult result;
            try {
                result = Simulation.run(seed);
            } catch (Throwable failure) {
                System.out.println("FAILED paxos simulation seed " + seed + " (" + Simulation.Plan.fromSeed(seed)
                        + "); replay: mvn -pl paxos test -Dtest=PaxosSimulationTest -Dpaxos.seed=" + seed);
                throw new AssertionError("seed " + seed + " failed: " + failure
                        + "\n  replay: mvn -pl paxos test -Dtest=PaxosSimulationTest -Dpaxos.seed=" + seed, failure);
            }
            if (slowest == null || result.livenessMs() > slowest.livenessMs()) {
                slowest = result;
            }
            messages += result.messages();
            slots += result.slots();
            crashes += result.crashes();
            partitions += result.partitions();
            leaderBallots += result.leaderBallots();
            fiveNodeRuns += result.nodes() == 5 ? 1 : 0;
        }
        long wallMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("paxos simulation: %d seeded runs checked (seeds %d..%d, %d with 5 nodes), %d slots, "
                        + "%d messages, %d crashes, %d partitions, %d leader ballots; slowest liveness %d simulated ms "
                        + "after heal (seed %d, %s, %d nodes); %d ms wall%n",
                runs, firstSeed, firstSeed + runs - 1, fiveNodeRuns, slots, messages, crashes, partitions,
                leaderBallots, slowest.livenessMs(), slowest.seed(), slowest.faultMix(), slowest.nodes(), wallMs);
    }

    @Test
    void aSeedReplaysExactly() {
        long chaoticSeed = 19;
        Simulation first = new Simulation(Simulation.Plan.fromSeed(chaoticSeed));
        Simulation second = new Simulation(Simulation.Plan.fromSeed(chaoticSeed));

        assertEquals(first.run(), second.run());
        for (int id = 1; id <= Simulation.Plan.fromSeed(chaoticSeed).nodes(); id++) {
            assertEquals(first.node(id).log(), second.node(id).log());
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
