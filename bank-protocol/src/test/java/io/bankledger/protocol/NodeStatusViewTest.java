package io.bankledger.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NodeStatusViewTest {

    @Test
    void roundTripsWithAndWithoutTheHashAtASeq() {
        NodeStatusView plain = new NodeStatusView(2, "FOLLOWER", "(3,1)", 1, 40, 39, 120, "ab".repeat(32), 4,
                null, null);
        NodeStatusView withHash = new NodeStatusView(1, "LEADER", "(3,1)", 1, 40, 40, 121, "cd".repeat(32), 0,
                100L, "ef".repeat(32));

        assertEquals(plain, NodeStatusView.fromJson(plain.toJson()));
        assertEquals(withHash, NodeStatusView.fromJson(withHash.toJson()));
    }

    @Test
    void requestsCarryTheOptionalSeq() {
        assertEquals(7L, NodeStatusView.requestedSeq(NodeStatusView.request(7L)));
        assertNull(NodeStatusView.requestedSeq(NodeStatusView.request(null)));
        assertThrows(IllegalArgumentException.class, () -> NodeStatusView.requestedSeq("{\"type\":\"deposit\"}"));
        assertThrows(IllegalArgumentException.class, () -> NodeStatusView.requestedSeq("{oops"));
        assertEquals("bank.admin.3", Destinations.adminQueue(3));
    }
}
