package io.bankledger.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-phase figures from two readings of the nodes' counters. */
class NodeCountersTest {

    private static Map<String, Double> node(double slots, double commands, double applies, double applySeconds,
                                            double acceptorWrites, double acceptorSeconds, double commits,
                                            double commitSeconds, double messages, double taken) {
        return Map.of("slots", slots, "commands", commands, "applies", applies, "applySeconds", applySeconds,
                "acceptorWrites", acceptorWrites, "acceptorSeconds", acceptorSeconds, "commits", commits,
                "commitSeconds", commitSeconds, "messages", messages, "taken", taken);
    }

    @Test
    void aPhaseIsTheDifferenceOfItsReadingsAveragedOverTheNodes() {
        NodeCounters before = new NodeCounters(List.of(node(100, 1_000, 50, 2, 80, 1, 300, 6, 30, 300),
                node(100, 1_000, 40, 1, 90, 1, 0, 0, 0, 0)));
        // 10 s later: each node applied 200 slots of 20 commands in 100 transactions of 50 and 70
        // ms; node 1 answered 2,000 commands in 0.1 s each, node 2 another 2,000 in 0.2 s each;
        // node 1 took them in 300 messages, node 2 in 100.
        NodeCounters after = new NodeCounters(List.of(node(300, 5_000, 150, 7, 280, 3, 2_300, 206, 330, 2_300),
                node(300, 5_000, 140, 8, 290, 5, 2_000, 400, 100, 2_000)));

        Map<String, Double> phase = after.since(before, 10);

        assertEquals(20.0, phase.get("slotsPerSecond"));
        assertEquals(20.0, phase.get("commandsPerSlot"));
        assertEquals(10.0, phase.get("applyTransactionsPerSecond"));
        assertEquals(60.0, phase.get("applyMs"));
        assertEquals(0.6, phase.get("applyBusy"));
        assertEquals(15.0, phase.get("acceptorWriteMs"));
        assertEquals(0.3, phase.get("acceptorBusy"));
        assertEquals(150.0, phase.get("commitMs"));
        assertEquals(40.0, phase.get("requestMessagesPerSecond"), "the cluster's, not a node's");
        assertEquals(10.0, phase.get("commandsPerMessage"));
    }

    @Test
    void aPhaseWithoutWorkHasZerosRatherThanNaN() {
        NodeCounters idle = new NodeCounters(List.of(node(5, 5, 5, 1, 5, 1, 5, 1, 5, 5)));
        Map<String, Double> phase = idle.since(idle, 8);
        assertEquals(0.0, phase.get("commandsPerSlot"));
        assertEquals(0.0, phase.get("applyMs"));
        assertEquals(0.0, phase.get("commitMs"));
        assertEquals(0.0, phase.get("commandsPerMessage"));
    }
}
