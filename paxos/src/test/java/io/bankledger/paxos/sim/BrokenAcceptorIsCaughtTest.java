package io.bankledger.paxos.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * End to end, the simulation catches a real protocol fault: acceptors whose store forgets
 * their promises and accepts on a crash (the persist-before-send rule broken). Within a few
 * hundred crash-heavy seeds the checker reports a safety violation.
 */
class BrokenAcceptorIsCaughtTest {

    @Test
    void amnesiacAcceptorsBreakSafetyAndTheCheckerSaysSo() {
        FaultMix crashes = new FaultMix("crashes", 0.02, 0.02, 10, 0.02, false, true);
        int caught = 0;
        long firstCaughtSeed = -1;
        int seeds = 0;
        for (long seed = 1; seed <= 400 && caught == 0; seed++) {
            seeds++;
            Simulation.Plan plan = new Simulation.Plan(seed, 3, crashes, 150, 3_000, 4_000, 4, 4, 32, 0);
            try {
                new Simulation(plan).withAmnesiacAcceptors().run();
            } catch (InvariantViolation violation) {
                if (!violation.getMessage().startsWith("liveness")) {
                    caught++;
                    firstCaughtSeed = seed;
                    System.out.println("broken acceptor caught at seed " + seed + ": " + violation.getMessage());
                }
            } catch (IllegalStateException coreCheck) {
                // The core's own always-on checks may trip first; that is not the checker.
            }
        }
        assertTrue(caught > 0, "no violation found in " + seeds + " seeds with amnesiac acceptors");
        assertTrue(firstCaughtSeed > 0);
    }
}
