package io.bankledger.protocol;

import static io.bankledger.protocol.Samples.ID1;
import static io.bankledger.protocol.Samples.ID2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandCodecTest {
    private final CommandCodec codec = new CommandCodec();

    private Command decoded(String json) {
        DecodeResult result = codec.decode(json);
        return assertInstanceOf(DecodeResult.Decoded.class, result, () -> json + " -> " + result).command();
    }

    private DecodeResult.Invalid invalid(String json) {
        DecodeResult result = codec.decode(json);
        return assertInstanceOf(DecodeResult.Invalid.class, result, () -> json + " -> " + result);
    }

    private void assertInvalid(String json, Reason reason, String field) {
        DecodeResult.Invalid invalid = invalid(json);
        assertEquals(reason, invalid.reason(), () -> json + " -> " + invalid);
        assertEquals(field, invalid.field(), () -> json + " -> " + invalid);
    }

    @Test
    void aCommandIdInUpperCaseIsTheSameCommandIdInLowerCase() {
        String lower = "0f8fad5b-d9cb-469f-a165-70867728950e";
        String upper = lower.toUpperCase(java.util.Locale.ROOT);
        Command fromUpper = decoded("{\"type\":\"deposit\",\"commandId\":\"" + upper
                + "\",\"accountId\":\"a\",\"amountMinor\":5}");
        Command fromLower = decoded("{\"type\":\"deposit\",\"commandId\":\"" + lower
                + "\",\"accountId\":\"a\",\"amountMinor\":5}");
        assertEquals(lower, fromUpper.commandId());
        assertEquals(fromLower, fromUpper);
        assertArrayEquals(codec.canonicalBytes(fromLower), codec.canonicalBytes(fromUpper));
        Command status = decoded("{\"type\":\"get-status\",\"commandId\":\"" + upper
                + "\",\"ofCommandId\":\"" + upper + "\"}");
        assertEquals(new Command.GetStatus(lower, lower), status);
        RequestBody.Batch batch = assertInstanceOf(RequestBody.Batch.class, codec.decodeRequest(
                "{\"type\":\"batch\",\"commandId\":\"" + upper + "\",\"commands\":[{\"type\":\"deposit\","
                        + "\"commandId\":\"" + upper + "\",\"accountId\":\"a\",\"amountMinor\":5}]}"));
        assertEquals(lower, batch.batchId());
    }

    @Test
    void everySampleRoundTripsThroughCanonicalBytesAndString() {
        for (Command command : Samples.commands()) {
            byte[] canonical = codec.canonicalBytes(command);
            assertEquals(command, assertInstanceOf(DecodeResult.Decoded.class, codec.decode(canonical)).command());
            assertEquals(command, decoded(codec.encode(command)));
            assertArrayEquals(canonical, codec.canonicalBytes(decoded(new String(canonical, StandardCharsets.UTF_8))));
        }
    }

    @Test
    void canonicalFormHasFixedOrderNoWhitespaceAndExplicitDefaults() {
        assertEquals("{\"type\":\"transfer\",\"commandId\":\"" + ID1
                        + "\",\"fromAccountId\":\"a\",\"toAccountId\":\"b\",\"amountMinor\":5}",
                codec.encode(new Command.Transfer(ID1, "a", "b", 5)));
        assertEquals("{\"type\":\"get-history\",\"commandId\":\"" + ID1
                        + "\",\"accountId\":\"a\",\"afterSeq\":0,\"limit\":100}",
                codec.encode(decoded("{\"commandId\":\"" + ID1 + "\",\"type\":\"get-history\",\"accountId\":\"a\"}")));
        assertEquals("{\"type\":\"get-balance\",\"commandId\":\"" + ID1
                        + "\",\"accountId\":\"a\",\"consistency\":\"linearizable\"}",
                codec.encode(decoded("{\"accountId\":\"a\",\"type\":\"get-balance\",\"commandId\":\"" + ID1 + "\"}")));
    }

    @Test
    void everyWireTypeDecodes() {
        Set<String> types = Samples.commands().stream().map(c -> c.type().wireName()).collect(Collectors.toSet());
        assertEquals(Set.of("open-account", "deposit", "withdraw", "transfer", "close-account", "get-balance",
                "get-history", "get-status"), types);
    }

    @Test
    void readsAndMutationsAreTold() {
        for (Command c : Samples.commands()) {
            assertEquals(c.type().wireName().startsWith("get-"), c.isRead(), c::toString);
            assertEquals(!c.isRead(), c.isMutation());
        }
    }

    @Test
    void unknownExtraFieldsAreIgnored() {
        Command c = decoded("{\"type\":\"deposit\",\"commandId\":\"" + ID1
                + "\",\"accountId\":\"a\",\"amountMinor\":5,\"memo\":{\"x\":[1,2]},\"z\":null}");
        assertEquals(new Command.Deposit(ID1, "a", 5), c);
    }

    @Test
    void zeroAndNegativeAmountsAreNotDecodeErrors() {
        assertEquals(new Command.Deposit(ID1, "a", 0),
                decoded("{\"type\":\"deposit\",\"commandId\":\"" + ID1 + "\",\"accountId\":\"a\",\"amountMinor\":0}"));
        assertEquals(new Command.Transfer(ID1, "a", "b", -9),
                decoded("{\"type\":\"transfer\",\"commandId\":\"" + ID1
                        + "\",\"fromAccountId\":\"a\",\"toAccountId\":\"b\",\"amountMinor\":-9}"));
        assertEquals(new Command.Withdraw(ID1, "a", Long.MIN_VALUE),
                decoded("{\"type\":\"withdraw\",\"commandId\":\"" + ID1
                        + "\",\"accountId\":\"a\",\"amountMinor\":-9223372036854775808}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "nope", "{", "{\"type\":\"deposit\",}", "{\"a\":1} {\"b\":2}",
            "{\"a\":1,\"a\":2}", "// c\n{}", "[1,2]", "\"text\"", "42", "null", "true"})
    void malformedBodies(String body) {
        DecodeResult.Invalid invalid = invalid(body);
        assertEquals(Reason.MALFORMED, invalid.reason());
        assertNull(invalid.commandId());
        assertEquals(Status.INVALID, invalid.toReply().status());
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] body = ("{\"type\":\"open-account\",\"commandId\":\"" + ID1
                + "\",\"accountId\":\"a\",\"owner\":\"X\",\"currency\":\"BRL\"}").getBytes(StandardCharsets.UTF_8);
        body[body.length - 25] = (byte) 0xC3; // a lead byte followed by ASCII
        assertEquals(Reason.MALFORMED, assertInstanceOf(DecodeResult.Invalid.class, codec.decode(body)).reason());
    }

    @Test
    void unknownTypeKeepsTheCommandId() {
        DecodeResult.Invalid invalid = invalid("{\"type\":\"mint-money\",\"commandId\":\"" + ID1 + "\"}");
        assertEquals(Reason.UNKNOWN_TYPE, invalid.reason());
        assertEquals(ID1, invalid.commandId());
        assertEquals(ID1, invalid.toReply().commandId());
        assertInvalid("{\"type\":\"Deposit\",\"commandId\":\"" + ID1 + "\"}", Reason.UNKNOWN_TYPE, "type");
    }

    static Stream<Arguments> missingFields() {
        String id = "\"commandId\":\"" + ID1 + "\"";
        return Stream.of(
                Arguments.of("{\"type\":\"deposit\",\"accountId\":\"a\",\"amountMinor\":1}", "commandId"),
                Arguments.of("{\"type\":\"deposit\",\"commandId\":null,\"accountId\":\"a\",\"amountMinor\":1}", "commandId"),
                Arguments.of("{" + id + ",\"accountId\":\"a\"}", "type"),
                Arguments.of("{" + id + ",\"type\":\"open-account\",\"owner\":\"o\",\"currency\":\"BRL\"}", "accountId"),
                Arguments.of("{" + id + ",\"type\":\"open-account\",\"accountId\":\"a\",\"currency\":\"BRL\"}", "owner"),
                Arguments.of("{" + id + ",\"type\":\"open-account\",\"accountId\":\"a\",\"owner\":\"o\"}", "currency"),
                Arguments.of("{" + id + ",\"type\":\"deposit\",\"amountMinor\":1}", "accountId"),
                Arguments.of("{" + id + ",\"type\":\"deposit\",\"accountId\":\"a\"}", "amountMinor"),
                Arguments.of("{" + id + ",\"type\":\"withdraw\",\"amountMinor\":1}", "accountId"),
                Arguments.of("{" + id + ",\"type\":\"withdraw\",\"accountId\":\"a\",\"amountMinor\":null}", "amountMinor"),
                Arguments.of("{" + id + ",\"type\":\"transfer\",\"toAccountId\":\"b\",\"amountMinor\":1}", "fromAccountId"),
                Arguments.of("{" + id + ",\"type\":\"transfer\",\"fromAccountId\":\"a\",\"amountMinor\":1}", "toAccountId"),
                Arguments.of("{" + id + ",\"type\":\"transfer\",\"fromAccountId\":\"a\",\"toAccountId\":\"b\"}", "amountMinor"),
                Arguments.of("{" + id + ",\"type\":\"close-account\"}", "accountId"),
                Arguments.of("{" + id + ",\"type\":\"get-balance\"}", "accountId"),
                Arguments.of("{" + id + ",\"type\":\"get-history\",\"limit\":5}", "accountId"),
                Arguments.of("{" + id + ",\"type\":\"get-status\"}", "ofCommandId"));
    }

    @ParameterizedTest
    @MethodSource("missingFields")
    void eachMissingField(String body, String field) {
        assertInvalid(body, Reason.MISSING_FIELD, field);
    }

    static Stream<Arguments> invalidFields() {
        String id = "\"commandId\":\"" + ID1 + "\"";
        String open = "{" + id + ",\"type\":\"open-account\",";
        String deposit = "{" + id + ",\"type\":\"deposit\",\"accountId\":\"a\",\"amountMinor\":";
        return Stream.of(
                Arguments.of("{\"commandId\":\"not-a-uuid\",\"type\":\"deposit\"}", "commandId"),
                Arguments.of("{\"commandId\":\"5b1f2c3e8d4a4c1b9e2f0a1b2c3d4e5f\",\"type\":\"deposit\"}", "commandId"),
                Arguments.of("{\"commandId\":12,\"type\":\"deposit\"}", "commandId"),
                Arguments.of("{" + id + ",\"type\":7}", "type"),
                Arguments.of(open + "\"accountId\":\"\",\"owner\":\"o\",\"currency\":\"BRL\"}", "accountId"),
                Arguments.of(open + "\"accountId\":\"" + "a".repeat(65) + "\",\"owner\":\"o\",\"currency\":\"BRL\"}", "accountId"),
                Arguments.of(open + "\"accountId\":\"a b\",\"owner\":\"o\",\"currency\":\"BRL\"}", "accountId"),
                Arguments.of(open + "\"accountId\":\"á\",\"owner\":\"o\",\"currency\":\"BRL\"}", "accountId"),
                Arguments.of(open + "\"accountId\":5,\"owner\":\"o\",\"currency\":\"BRL\"}", "accountId"),
                Arguments.of(open + "\"accountId\":\"a\",\"owner\":\"\",\"currency\":\"BRL\"}", "owner"),
                Arguments.of(open + "\"accountId\":\"a\",\"owner\":\"   \",\"currency\":\"BRL\"}", "owner"),
                Arguments.of(open + "\"accountId\":\"a\",\"owner\":\"" + "o".repeat(201) + "\",\"currency\":\"BRL\"}", "owner"),
                Arguments.of(open + "\"accountId\":\"a\",\"owner\":\"\\ud800x\",\"currency\":\"BRL\"}", "owner"),
                Arguments.of(open + "\"accountId\":\"a\",\"owner\":\"a\\u0000b\",\"currency\":\"BRL\"}", "owner"),
                Arguments.of(open + "\"accountId\":\"a\",\"owner\":[\"o\"],\"currency\":\"BRL\"}", "owner"),
                Arguments.of(open + "\"accountId\":\"a\",\"owner\":\"o\",\"currency\":\"brl\"}", "currency"),
                Arguments.of(open + "\"accountId\":\"a\",\"owner\":\"o\",\"currency\":\"BRLX\"}", "currency"),
                Arguments.of(deposit + "1.5}", "amountMinor"),
                Arguments.of(deposit + "1.0}", "amountMinor"),
                Arguments.of(deposit + "1e3}", "amountMinor"),
                Arguments.of(deposit + "\"100\"}", "amountMinor"),
                Arguments.of(deposit + "true}", "amountMinor"),
                Arguments.of(deposit + "9223372036854775808}", "amountMinor"),
                Arguments.of(deposit + "-9223372036854775809}", "amountMinor"),
                Arguments.of(deposit + "123456789012345678901234567890}", "amountMinor"),
                Arguments.of("{" + id + ",\"type\":\"transfer\",\"fromAccountId\":\"a\",\"toAccountId\":\"b/c\",\"amountMinor\":1}", "toAccountId"),
                Arguments.of("{" + id + ",\"type\":\"get-balance\",\"accountId\":\"a\",\"consistency\":\"eventual\"}", "consistency"),
                Arguments.of("{" + id + ",\"type\":\"get-balance\",\"accountId\":\"a\",\"consistency\":\"STALE\"}", "consistency"),
                Arguments.of("{" + id + ",\"type\":\"get-history\",\"accountId\":\"a\",\"afterSeq\":-1}", "afterSeq"),
                Arguments.of("{" + id + ",\"type\":\"get-history\",\"accountId\":\"a\",\"limit\":0}", "limit"),
                Arguments.of("{" + id + ",\"type\":\"get-history\",\"accountId\":\"a\",\"limit\":1001}", "limit"),
                Arguments.of("{" + id + ",\"type\":\"get-history\",\"accountId\":\"a\",\"limit\":2.5}", "limit"),
                Arguments.of("{" + id + ",\"type\":\"get-status\",\"ofCommandId\":\"x\"}", "ofCommandId"));
    }

    @ParameterizedTest
    @MethodSource("invalidFields")
    void eachInvalidField(String body, String field) {
        assertInvalid(body, Reason.INVALID_FIELD, field);
    }

    @Test
    void commandIdIsEchoedOnlyWhenValid() {
        assertNull(invalid("{\"commandId\":\"nope\",\"type\":\"deposit\"}").commandId());
        assertEquals(ID1, invalid("{\"commandId\":\"" + ID1 + "\",\"type\":\"deposit\"}").commandId());
    }

    @Test
    void tooLargeBodyIsRefusedBeforeParsing() {
        String padding = "x".repeat(CommandCodec.BODY_BYTES_MAX_DEFAULT);
        String body = "{\"type\":\"deposit\",\"commandId\":\"" + ID1
                + "\",\"accountId\":\"a\",\"amountMinor\":1,\"pad\":\"" + padding + "\"}";
        assertEquals(Reason.TOO_LARGE, invalid(body).reason());
        assertEquals(Reason.TOO_LARGE, assertInstanceOf(DecodeResult.Invalid.class,
                codec.decode(body.getBytes(StandardCharsets.UTF_8))).reason());
        assertEquals(Reason.TOO_LARGE, invalid("{" + " ".repeat(CommandCodec.BODY_BYTES_MAX_DEFAULT) + "}").reason());
    }

    @Test
    void theByteLimitIsConfigurableAndCountsUtf8Bytes() {
        String body = "{\"type\":\"close-account\",\"commandId\":\"" + ID1 + "\",\"accountId\":\"a\",\"n\":\"ééé\"}";
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes > body.length());
        assertInstanceOf(DecodeResult.Decoded.class, new CommandCodec(bytes).decode(body));
        assertEquals(Reason.TOO_LARGE,
                assertInstanceOf(DecodeResult.Invalid.class, new CommandCodec(bytes - 1).decode(body)).reason());
        assertEquals(Reason.TOO_LARGE, assertInstanceOf(DecodeResult.Invalid.class,
                new CommandCodec(bytes - 1).decode(body.getBytes(StandardCharsets.UTF_8))).reason());
    }

    @Test
    void checksRunInTheDocumentedOrder() {
        // commandId before type, type before fields.
        assertInvalid("{\"type\":\"mint\"}", Reason.MISSING_FIELD, "commandId");
        assertInvalid("{\"commandId\":\"" + ID2 + "\",\"type\":\"mint\",\"accountId\":5}", Reason.UNKNOWN_TYPE, "type");
        // Presence and JSON type of every field before their values.
        assertInvalid("{\"commandId\":\"" + ID2 + "\",\"type\":\"open-account\",\"accountId\":\"bad id\",\"currency\":\"BRL\"}",
                Reason.MISSING_FIELD, "owner");
    }

    @Test
    void decodeNeverThrowsOnGarbage() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            assertInstanceOf(DecodeResult.Invalid.class, codec.decode(noise));
        }
        assertFalse(codec.decode((String) null) instanceof DecodeResult.Decoded);
    }
}
