package io.bankledger.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void payloadsRoundTripByteForByte() {
        for (LedgerEvent event : Samples.events()) {
            byte[] payload = event.canonicalBytes();
            LedgerEvent back = EventCodec.decodePayload(event.type(), payload);
            assertEquals(event, back);
            assertArrayEquals(payload, back.canonicalBytes());
        }
    }

    @Test
    void payloadReadBackFromReorderedJsonIsTheSameCanonicalBytes() {
        // A jsonb column returns keys in its own order and spacing; the canonical form does not care.
        LedgerEvent back = EventCodec.decodePayload("TransferCompleted",
                "{\"toBalanceAfterMinor\": 70, \"amountMinor\": 70, \"toAccountId\": \"bob.2\", "
                        + "\"fromAccountId\": \"alice-01\", \"fromBalanceAfterMinor\": 0}");
        assertEquals(new LedgerEvent.TransferCompleted("alice-01", "bob.2", 70, 0, 70), back);
    }

    @Test
    void publishedFormRoundTripsAndKeepsTheChainVerifiable() {
        for (CommittedEvent e : Samples.committed()) {
            String json = EventCodec.toJson(e);
            CommittedEvent back = EventCodec.fromJson(json);
            assertEquals(e, back);
            assertTrue(back.hashMatches());
            assertEquals(json, EventCodec.toJson(back));
        }
    }

    @Test
    void publishedFormIsFlatWithEnvelopeFirst() {
        CommittedEvent e = CommittedEvent.chain(EventHash.GENESIS, 1, 7, Samples.ID1, 1_700_000_000_000L,
                new LedgerEvent.Deposited("alice-01", 100, 100));
        assertEquals("{\"seq\":1,\"slot\":7,\"type\":\"Deposited\",\"commandId\":\"" + Samples.ID1
                + "\",\"timestampMs\":1700000000000,\"accountId\":\"alice-01\",\"amountMinor\":100,"
                + "\"balanceAfterMinor\":100,\"prevHash\":\"" + EventHash.GENESIS + "\",\"hash\":\""
                + EventHashTest.FIRST + "\"}", EventCodec.toJson(e));
    }

    @Test
    void badEventsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decodePayload("Minted", "{}"));
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decodePayload("Deposited", "{\"accountId\":\"a\"}"));
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decodePayload("Deposited", "[]"));
        assertThrows(IllegalArgumentException.class,
                () -> EventCodec.decodePayload("CommandRejected", "{\"reason\":\"MALFORMED\",\"command\":{\"type\":\"close-account\","
                        + "\"commandId\":\"" + Samples.ID1 + "\",\"accountId\":\"a\"}}"));
        assertThrows(IllegalArgumentException.class,
                () -> new LedgerEvent.CommandRejected(Reason.UNKNOWN_ACCOUNT, new Command.GetBalance(Samples.ID1, "a")));
        assertThrows(IllegalArgumentException.class, () -> new LedgerEvent.Deposited("a", 0, 0));
    }
}
