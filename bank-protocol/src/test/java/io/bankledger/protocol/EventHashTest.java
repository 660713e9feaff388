package io.bankledger.protocol;

import static io.bankledger.protocol.Samples.ID1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden vectors for the hash chain. They were computed independently (Python hashlib, from the
 * definition in {@link EventHash}'s comment), so a change here is a change of the contract.
 */
class EventHashTest {
    static final String FIRST = "4420087104cd888bde987da0f5428e21d4aa2de51e0d183ea4100ff4463601c4";
    static final String SECOND = "d6a4127f5954ac98a550bc3d2ff18fe4d2f97c2d7b8a7c9205bf8c0d26f66e79";

    @Test
    void goldenChainOfTwoEvents() {
        CommittedEvent first = CommittedEvent.chain(EventHash.GENESIS, 1, 7, ID1, 1_700_000_000_000L,
                new LedgerEvent.Deposited("alice-01", 100, 100));
        assertEquals("{\"accountId\":\"alice-01\",\"amountMinor\":100,\"balanceAfterMinor\":100}",
                new String(first.payload(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(FIRST, first.hash());
        CommittedEvent second = CommittedEvent.chain(first.hash(), 2, 8, ID1, 1_700_000_000_001L,
                new LedgerEvent.CommandRejected(Reason.INSUFFICIENT_FUNDS, new Command.Withdraw(ID1, "alice-01", 500)));
        assertEquals(SECOND, second.hash());
        assertEquals(FIRST, second.prevHash());
    }

    @Test
    void headerIsTheDocumentedString() {
        assertEquals("{\"seq\":3,\"slot\":4,\"commandId\":\"" + ID1
                        + "\",\"type\":\"AccountClosed\",\"timestampMs\":5,\"payload\":{\"accountId\":\"a\"}}",
                EventHash.header(3, 4, ID1, "AccountClosed", 5, "{\"accountId\":\"a\"}"));
    }

    @Test
    void everyEnvelopeFieldIsCovered() {
        LedgerEvent event = new LedgerEvent.AccountClosed("a");
        String base = CommittedEvent.chain(EventHash.GENESIS, 1, 1, ID1, 1, event).hash();
        assertNotEquals(base, CommittedEvent.chain(FIRST, 1, 1, ID1, 1, event).hash());
        assertNotEquals(base, CommittedEvent.chain(EventHash.GENESIS, 2, 1, ID1, 1, event).hash());
        assertNotEquals(base, CommittedEvent.chain(EventHash.GENESIS, 1, 2, ID1, 1, event).hash());
        assertNotEquals(base, CommittedEvent.chain(EventHash.GENESIS, 1, 1, Samples.ID2, 1, event).hash());
        assertNotEquals(base, CommittedEvent.chain(EventHash.GENESIS, 1, 1, ID1, 2, event).hash());
        assertNotEquals(base, CommittedEvent.chain(EventHash.GENESIS, 1, 1, ID1, 1,
                new LedgerEvent.AccountClosed("b")).hash());
    }

    @Test
    void tamperingIsDetected() {
        CommittedEvent e = CommittedEvent.chain(EventHash.GENESIS, 1, 7, ID1, 9, new LedgerEvent.Deposited("a", 5, 5));
        assertTrue(e.hashMatches());
        CommittedEvent forged = new CommittedEvent(1, 7, ID1, 9, new LedgerEvent.Deposited("a", 6, 6), e.prevHash(), e.hash());
        assertFalse(forged.hashMatches());
    }

    @Test
    void hashesMustBeLowercaseHex() {
        assertThrows(IllegalArgumentException.class, () -> EventHash.requireHash("h", FIRST.toUpperCase()));
        assertThrows(IllegalArgumentException.class, () -> EventHash.requireHash("h", "abc"));
        assertThrows(IllegalArgumentException.class, () -> EventHash.requireHash("h", "g" + FIRST.substring(1)));
        assertThrows(IllegalArgumentException.class, () -> EventHash.requireHash("h", FIRST.substring(1) + "/"));
        assertThrows(IllegalArgumentException.class, () -> EventHash.requireHash("h", null));
        assertEquals(FIRST, EventHash.requireHash("h", FIRST));
        assertEquals(EventHash.GENESIS, EventHash.requireHash("h", EventHash.GENESIS));
        assertThrows(IllegalArgumentException.class,
                () -> CommittedEvent.chain("x", 1, 1, ID1, 1, new LedgerEvent.AccountClosed("a")));
    }

    /** The definition in EventHash's comment, computed the plain way: the header string, then its bytes. */
    private static byte[] byDefinition(byte[] prev, long seq, long slot, String commandId, String type, long ms,
                                       String payload) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(prev);
        sha256.update(EventHash.header(seq, slot, commandId, type, ms, payload).getBytes(StandardCharsets.UTF_8));
        return sha256.digest();
    }

    @Test
    void digestHashesTheHeadersBytesWithoutBuildingIt() throws Exception {
        byte[] prev = HexFormat.of().parseHex(FIRST);
        // Strings that need escaping, and text beyond ASCII, in every place a string goes.
        List<String> strings = List.of(ID1, "Deposited", "a\"b\\c", "tab\there\nnew\u0001", "ünïcødé €", "😀", "");
        List<String> payloads = List.of("{}", "{\"accountId\":\"alice-01\",\"amountMinor\":100,\"balanceAfterMinor\":100}",
                "{\"owner\":\"Zoë \\\"Z\\\" 😀\"}");
        int checked = 0;
        for (String commandId : strings) {
            for (String type : strings) {
                for (String payload : payloads) {
                    for (long number : new long[] {0, 1, -7, Long.MAX_VALUE, Long.MIN_VALUE}) {
                        assertArrayEquals(byDefinition(prev, number, 3, commandId, type, number, payload),
                                EventHash.digest(prev, number, 3, commandId, type, number, payload));
                        checked++;
                    }
                }
            }
        }
        assertEquals(7 * 7 * 3 * 5, checked);
        assertEquals(FIRST, EventHash.compute(EventHash.GENESIS, 1, 7, ID1, "Deposited", 1_700_000_000_000L,
                "{\"accountId\":\"alice-01\",\"amountMinor\":100,\"balanceAfterMinor\":100}"));
    }

    @Test
    void digestNeedsThePreviousHashsThirtyTwoBytesAndRecoversFromAFailedCall() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> EventHash.digest(new byte[31], 1, 1, ID1, "T", 1, "{}"));
        assertThrows(IllegalArgumentException.class, () -> EventHash.digest(null, 1, 1, ID1, "T", 1, "{}"));
        // A call that fails after the digest has begun (no payload) leaves nothing behind for the next one.
        assertThrows(NullPointerException.class, () -> EventHash.digest(new byte[32], 1, 1, ID1, "T", 1, null));
        assertArrayEquals(byDefinition(new byte[32], 1, 1, ID1, "T", 1, "{}"),
                EventHash.digest(new byte[32], 1, 1, ID1, "T", 1, "{}"));
    }
}
