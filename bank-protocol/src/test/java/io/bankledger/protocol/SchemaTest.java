package io.bankledger.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schemas agree with the codecs: every encoded sample conforms, and bodies the
 * codec refuses for a field reason are refused by the schema too (except the few rules a schema
 * cannot express, listed in command.schema.json's description).
 */
class SchemaTest {
    private static final JsonSchema COMMAND = load("command");
    private static final JsonSchema REPLY = load("reply");
    private static final JsonSchema EVENT = load("event");
    private static final JsonSchema BATCH = load("batch");

    private static JsonSchema load(String name) {
        if (SchemaTest.class.getResource("/schemas/" + name + ".schema.json") == null) {
            throw new IllegalStateException("schema not on the classpath: " + name);
        }
        // The schemas refer to each other by their $id: read those from the classpath, never the net.
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                        .schemaMappers(mappers -> mappers.mapPrefix("https://bankledger.io/schemas/", "classpath:schemas/")))
                .getSchema(SchemaLocation.of("https://bankledger.io/schemas/" + name + ".schema.json"));
    }

    private static Set<ValidationMessage> errors(JsonSchema schema, String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return schema.validate(node);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }

    private static void assertConforms(JsonSchema schema, String json) {
        Set<ValidationMessage> errors = errors(schema, json);
        assertTrue(errors.isEmpty(), () -> json + " -> " + errors);
    }

    private static void assertRefused(JsonSchema schema, String json) {
        assertFalse(errors(schema, json).isEmpty(), () -> "schema accepted " + json);
    }

    @Test
    void everyCommandSampleConforms() {
        CommandCodec codec = new CommandCodec();
        for (Command c : Samples.commands()) {
            assertConforms(COMMAND, codec.encode(c));
        }
        assertConforms(COMMAND, "{\"type\":\"deposit\",\"commandId\":\"" + Samples.ID1
                + "\",\"accountId\":\"a\",\"amountMinor\":5,\"futureField\":[1]}");
    }

    @Test
    void everyReplySampleConforms() {
        for (Reply r : Samples.replies()) {
            assertConforms(REPLY, ReplyCodec.encode(r));
        }
    }

    @Test
    void batchesAndTheirRepliesConform() {
        CommandCodec codec = new CommandCodec();
        String batch = codec.encodeBatch(Samples.ID2, Samples.commands());
        assertConforms(BATCH, batch);
        assertRefused(BATCH, "{\"type\":\"batch\",\"commandId\":\"" + Samples.ID2 + "\",\"commands\":[]}");
        assertRefused(BATCH, "{\"type\":\"batch\",\"commandId\":\"" + Samples.ID2 + "\"}");
        assertRefused(BATCH, batch.replace("\"type\":\"deposit\"", "\"type\":\"mint\""));
        assertRefused(COMMAND, batch);
        List<Reply> results = Samples.replies().stream().filter(r -> r.commandId() != null).toList();
        assertConforms(REPLY, ReplyCodec.encodeBatch(new BatchReply(Samples.ID2, results)));
        assertRefused(REPLY, "{\"commandId\":\"" + Samples.ID2 + "\",\"status\":\"OK\",\"results\":[{\"status\":\"OK\"}]}");
    }

    @Test
    void everyEventSampleConforms() {
        for (CommittedEvent e : Samples.committed()) {
            assertConforms(EVENT, EventCodec.toJson(e));
        }
    }

    @ParameterizedTest
    @MethodSource("io.bankledger.protocol.CommandCodecTest#missingFields")
    void schemaRefusesEachMissingField(String body, String field) {
        assertRefused(COMMAND, body);
    }

    @ParameterizedTest
    @MethodSource("io.bankledger.protocol.CommandCodecTest#invalidFields")
    void schemaRefusesEachInvalidField(String body, String field) {
        // Rules JSON Schema cannot express: 1.0 and 1e3 are integers to JSON Schema (the contract
        // wants integer literals), and a lone surrogate is a valid JSON string escape.
        if (body.contains("\"amountMinor\":1.0") || body.contains("\"amountMinor\":1e3")
                || body.contains("\\ud800")) {
            assertInstanceOf(DecodeResult.Invalid.class, new CommandCodec().decode(body));
            return;
        }
        assertRefused(COMMAND, body);
    }

    @Test
    void schemaRefusesUnknownTypesAndNonObjects() {
        assertRefused(COMMAND, "{\"type\":\"mint\",\"commandId\":\"" + Samples.ID1 + "\"}");
        assertRefused(COMMAND, "[]");
        assertRefused(COMMAND, "42");
    }

    @Test
    void schemaRefusesBadReplies() {
        List<String> bad = List.of(
                "{\"commandId\":\"" + Samples.ID1 + "\"}",
                "{\"commandId\":\"" + Samples.ID1 + "\",\"status\":\"REJECTED\"}",
                "{\"commandId\":\"" + Samples.ID1 + "\",\"status\":\"REJECTED\",\"reason\":\"MALFORMED\"}",
                "{\"status\":\"INVALID\",\"reason\":\"INSUFFICIENT_FUNDS\"}",
                "{\"status\":\"OK\"}",
                "{\"commandId\":\"" + Samples.ID1 + "\",\"status\":\"OK\",\"slot\":1.5}",
                "{\"commandId\":\"" + Samples.ID1 + "\",\"status\":\"OK\",\"account\":{\"accountId\":\"a\"}}",
                "{\"commandId\":\"" + Samples.ID1 + "\",\"status\":\"OK\",\"outcome\":{\"status\":\"MAYBE\"}}");
        for (String json : bad) {
            assertRefused(REPLY, json);
        }
    }

    @Test
    void schemaRefusesBadEvents() {
        String good = EventCodec.toJson(Samples.committed().get(1));
        assertConforms(EVENT, good);
        assertRefused(EVENT, good.replace("\"amountMinor\":100", "\"amountMinor\":0"));
        assertRefused(EVENT, good.replace("\"type\":\"Deposited\"", "\"type\":\"Minted\""));
        assertRefused(EVENT, good.replace("\"accountId\":\"alice-01\",", ""));
        assertRefused(EVENT, good.replace("\"hash\":\"", "\"hash\":\"X"));
        String rejected = EventCodec.toJson(Samples.committed().get(5));
        assertConforms(EVENT, rejected);
        assertRefused(EVENT, rejected.replace("INSUFFICIENT_FUNDS", "MALFORMED"));
        assertEquals(7, Samples.committed().size());
    }
}
