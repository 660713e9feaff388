package io.bankledger.protocol;

import static io.bankledger.protocol.Samples.ID1;
import static io.bankledger.protocol.Samples.ID2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Client batches on the wire: many commands in one body, each decoded and answered on its own. */
class BatchCodecTest {
    private static final String BATCH_ID = "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d";
    private final CommandCodec codec = new CommandCodec();

    private RequestBody.Batch batch(String json) {
        RequestBody body = codec.decodeRequest(json);
        return assertInstanceOf(RequestBody.Batch.class, body, () -> json + " -> " + body);
    }

    private DecodeResult.Invalid refusedWhole(String json) {
        RequestBody body = codec.decodeRequest(json);
        RequestBody.Single single = assertInstanceOf(RequestBody.Single.class, body, () -> json + " -> " + body);
        return assertInstanceOf(DecodeResult.Invalid.class, single.result(), single::toString);
    }

    private static String batchOf(String... items) {
        return "{\"type\":\"batch\",\"commandId\":\"" + BATCH_ID + "\",\"commands\":[" + String.join(",", items) + "]}";
    }

    @Test
    void aBatchRoundTripsAndKeepsItsOrder() {
        List<Command> commands = Samples.commands();
        String json = codec.encodeBatch(BATCH_ID, commands);
        RequestBody.Batch batch = batch(json);
        assertEquals(BATCH_ID, batch.batchId());
        assertEquals(commands.size(), batch.items().size());
        for (int i = 0; i < commands.size(); i++) {
            assertEquals(commands.get(i), assertInstanceOf(DecodeResult.Decoded.class, batch.items().get(i)).command());
        }
        RequestBody fromBytes = codec.decodeRequest(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(batch, fromBytes);
    }

    @Test
    void aSingleBodyDecodesExactlyAsDecodeDoes() {
        for (Command command : Samples.commands()) {
            String json = codec.encode(command);
            assertEquals(new RequestBody.Single(codec.decode(json)), codec.decodeRequest(json));
        }
        String bad = "{\"type\":\"deposit\",\"commandId\":\"" + ID1 + "\",\"accountId\":\"a\"}";
        assertEquals(new RequestBody.Single(codec.decode(bad)), codec.decodeRequest(bad));
        assertEquals(new RequestBody.Single(codec.decode("{oops")), codec.decodeRequest("{oops"));
    }

    @Test
    void aBadCommandIsRefusedAloneAndTheOthersStand() {
        String good = "{\"type\":\"deposit\",\"commandId\":\"" + ID1 + "\",\"accountId\":\"a\",\"amountMinor\":5}";
        String missing = "{\"type\":\"deposit\",\"commandId\":\"" + ID2 + "\",\"accountId\":\"a\"}";
        RequestBody.Batch batch = batch(batchOf(good, missing, "42", "{\"type\":\"mint\",\"commandId\":\"" + ID2 + "\"}"));
        assertInstanceOf(DecodeResult.Decoded.class, batch.items().get(0));
        DecodeResult.Invalid second = assertInstanceOf(DecodeResult.Invalid.class, batch.items().get(1));
        assertEquals(Reason.MISSING_FIELD, second.reason());
        assertEquals("amountMinor", second.field());
        assertEquals(ID2, second.commandId());
        assertEquals(Reason.MALFORMED, assertInstanceOf(DecodeResult.Invalid.class, batch.items().get(2)).reason());
        assertEquals(Reason.UNKNOWN_TYPE, assertInstanceOf(DecodeResult.Invalid.class, batch.items().get(3)).reason());
    }

    @Test
    void aBatchCannotHoldABatch() {
        String inner = batchOf("{\"type\":\"deposit\",\"commandId\":\"" + ID1 + "\",\"accountId\":\"a\",\"amountMinor\":5}")
                .replace(BATCH_ID, ID2);
        DecodeResult.Invalid nested = assertInstanceOf(DecodeResult.Invalid.class, batch(batchOf(inner)).items().get(0));
        assertEquals(Reason.INVALID_FIELD, nested.reason());
        assertEquals(ID2, nested.commandId());
    }

    @Test
    void aBatchThatCannotBeReadIsRefusedAsAWhole() {
        assertEquals(Reason.INVALID_FIELD, refusedWhole(batchOf()).reason());
        assertEquals(BATCH_ID, refusedWhole(batchOf()).commandId());
        assertEquals(Reason.MISSING_FIELD, refusedWhole("{\"type\":\"batch\",\"commandId\":\"" + BATCH_ID + "\"}").reason());
        DecodeResult.Invalid notArray = refusedWhole("{\"type\":\"batch\",\"commandId\":\"" + BATCH_ID + "\",\"commands\":{}}");
        assertEquals(Reason.INVALID_FIELD, notArray.reason());
        assertEquals("commands", notArray.field());
        DecodeResult.Invalid noId = refusedWhole("{\"type\":\"batch\",\"commands\":[]}");
        assertEquals(Reason.MISSING_FIELD, noId.reason());
        assertEquals("commandId", noId.field());
        DecodeResult.Invalid badId = refusedWhole("{\"type\":\"batch\",\"commandId\":\"nope\",\"commands\":[]}");
        assertEquals(Reason.INVALID_FIELD, badId.reason());
        assertNull(badId.commandId());
        assertEquals(Reason.MALFORMED, refusedWhole(batchOf("{") ).reason());
    }

    @Test
    void oversizedBatchesAreTooLarge() {
        List<Command> many = new ArrayList<>();
        for (int i = 0; i <= CommandCodec.BATCH_COMMANDS_MAX; i++) {
            many.add(new Command.Deposit(UUID.randomUUID().toString(), "a", 1));
        }
        DecodeResult.Invalid tooMany = refusedWhole(codec.encodeBatch(BATCH_ID, many));
        assertEquals(Reason.TOO_LARGE, tooMany.reason());
        assertEquals(BATCH_ID, tooMany.commandId());
        assertInstanceOf(RequestBody.Batch.class, codec.decodeRequest(codec.encodeBatch(BATCH_ID,
                many.subList(0, CommandCodec.BATCH_COMMANDS_MAX))));

        String owner = "x".repeat(200);
        List<Command> big = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            big.add(new Command.OpenAccount(UUID.randomUUID().toString(), "acct-" + i, owner, "BRL"));
        }
        String huge = codec.encodeBatch(BATCH_ID, big);
        assertEquals(Reason.TOO_LARGE, refusedWhole(huge).reason());
        RequestBody.Single fromBytes = assertInstanceOf(RequestBody.Single.class,
                codec.decodeRequest(huge.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Reason.TOO_LARGE, assertInstanceOf(DecodeResult.Invalid.class, fromBytes.result()).reason());
    }

    @Test
    void aSingleCommandKeepsItsOwnSizeLimit() {
        String body = "{\"type\":\"open-account\",\"commandId\":\"" + ID1 + "\",\"accountId\":\"a\",\"owner\":\"o\","
                + "\"currency\":\"BRL\",\"padding\":\"" + "p".repeat(CommandCodec.BODY_BYTES_MAX_DEFAULT) + "\"}";
        assertEquals(Reason.TOO_LARGE, refusedWhole(body).reason());
    }

    @Test
    void batchRepliesRoundTrip() {
        List<Reply> results = Samples.replies().stream().filter(r -> r.commandId() != null).toList();
        BatchReply reply = new BatchReply(BATCH_ID, results);
        String json = ReplyCodec.encodeBatch(reply);
        assertEquals(reply, ReplyCodec.decodeBatch(json));
        assertThrows(IllegalArgumentException.class, () -> ReplyCodec.decodeBatch(ReplyCodec.encode(results.get(0))));
        assertThrows(IllegalArgumentException.class, () -> new BatchReply(BATCH_ID, List.of()));
    }
}
