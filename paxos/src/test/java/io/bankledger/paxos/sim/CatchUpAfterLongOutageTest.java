package io.bankledger.paxos.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A node that was down while thousands of slots were chosen restarts from its durable state and
 * learns every one of them by catch-up, in bounded chunks, in bounded simulated time.
 */
class CatchUpAfterLongOutageTest {

    @Test
    void nodeDownForThousandsOfSlotsCatchesUpInChunks() {
        int commands = 4_000;
        int chunkSlots = 64;
        // One command per slot, so the outage spans as many slots as commands.
        Simulation.Plan plan = new Simulation.Plan(42, 3, FaultMix.CALM, commands, 4_000, 4_500, 8, 1,
                chunkSlots, 3);
        Simulation simulation = new Simulation(plan);

        RunResult result = simulation.run();

        assertTrue(result.slots() >= commands, "slots chosen: " + result.slots());
        assertEquals(simulation.node(1).log(), simulation.node(3).log());
        assertTrue(result.livenessMs() < 5_000,
                "catch-up of " + result.slots() + " slots took " + result.livenessMs() + " simulated ms");
        System.out.printf("catch-up: node 3 learned %d slots in %d simulated ms (chunks of %d)%n",
                simulation.node(3).log().size(), result.livenessMs(), chunkSlots);
    }
}
