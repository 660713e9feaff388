package io.bankledger.node.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The fault rules a node obeys in the fault tests: targeting, blocking, per-link faults, healing. */
class FaultInjectorTest {

    @Test
    void rulesApplyOnlyToTheirTarget() {
        FaultInjector node2 = new FaultInjector(2, 1);
        assertFalse(node2.apply("{\"target\":3,\"blockedPeers\":[1]}"));
        assertTrue(node2.acceptsFrom(1));
        assertTrue(node2.apply("{\"target\":2,\"blockedPeers\":[1]}"));
        assertFalse(node2.acceptsFrom(1));
        assertEquals(0, node2.copiesTo(1));
        assertEquals(1, node2.copiesTo(3));
        assertTrue(node2.apply("{\"target\":\"all\",\"heal\":true}"));
        assertTrue(node2.acceptsFrom(1));
        assertFalse(node2.active());
    }

    @Test
    void lossAndDelayCanBeLimitedToOneLink() {
        FaultInjector node1 = new FaultInjector(1, 42);
        node1.apply("{\"target\":1,\"drop\":1.0,\"delayMsMax\":50,\"faultyPeers\":[3]}");
        for (int i = 0; i < 100; i++) {
            assertEquals(0, node1.copiesTo(3), "every message on the faulty link is lost");
            assertEquals(1, node1.copiesTo(2), "the other link is untouched");
            assertEquals(0, node1.delayMs(2));
        }
        node1.apply("{\"target\":1,\"duplicate\":1.0}");
        assertEquals(2, node1.copiesTo(2), "without faultyPeers, every link is faulty");
        assertEquals(2, node1.copiesTo(3));
    }

    @Test
    void impossibleRatesAreRefused() {
        FaultInjector node = new FaultInjector(1, 1);
        assertThrows(IllegalArgumentException.class, () -> node.apply("{\"target\":1,\"drop\":1.5}"));
        assertThrows(IllegalArgumentException.class, () -> node.apply("{oops"));
    }
}
