package io.bankledger.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReplyCodecTest {

    @Test
    void everySampleRoundTrips() {
        for (Reply reply : Samples.replies()) {
            String json = ReplyCodec.encode(reply);
            assertEquals(reply, ReplyCodec.decode(json), json);
            assertEquals(json, ReplyCodec.encode(ReplyCodec.decode(json)));
        }
    }

    @Test
    void absentFieldsAreOmitted() {
        String json = ReplyCodec.encode(Reply.invalid(null, Reason.TOO_LARGE, "big"));
        assertEquals("{\"status\":\"INVALID\",\"reason\":\"TOO_LARGE\",\"detail\":\"big\"}", json);
        assertFalse(ReplyCodec.encode(Reply.unknown(Samples.ID1, 3)).contains("null"));
    }

    @Test
    void okReplyHasTheDocumentedShape() {
        assertEquals("{\"commandId\":\"" + Samples.ID2 + "\",\"status\":\"OK\",\"slot\":7,\"seq\":12,"
                        + "\"account\":{\"accountId\":\"alice-01\",\"currency\":\"BRL\",\"balanceMinor\":100,\"status\":\"OPEN\"}}",
                ReplyCodec.encode(Samples.replies().get(0)));
    }

    @Test
    void statusAndReasonMustAgree() {
        assertThrows(IllegalArgumentException.class,
                () -> new Reply(Samples.ID1, Status.OK, Reason.MALFORMED, null, null, null, null, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> Reply.rejected(Samples.ID1, Reason.MALFORMED, null, 1, 1L, null, null));
        assertThrows(IllegalArgumentException.class, () -> Reply.invalid(Samples.ID1, Reason.INSUFFICIENT_FUNDS, null));
        assertThrows(IllegalArgumentException.class, () -> Reply.ok(null, 1, 1L, null, null));
        assertThrows(IllegalArgumentException.class, () -> ReplyCodec.decode("{\"status\":\"MAYBE\"}"));
        assertThrows(IllegalArgumentException.class, () -> ReplyCodec.decode("nope"));
    }
}
