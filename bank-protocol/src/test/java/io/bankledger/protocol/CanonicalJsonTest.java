package io.bankledger.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    @Test
    void escapesAsRfc8785() {
        String s = new CanonicalJson().beginObject()
                .field("k", "q\"b\\s/\b\t\n\f\r\u0000\u001f é € 😀\u2028")
                .endObject().toString();
        assertEquals("{\"k\":\"q\\\"b\\\\s/\\b\\t\\n\\f\\r\\u0000\\u001f é € 😀\u2028\"}", s);
    }

    @Test
    void jacksonReadsBackWhatItWrites() throws Exception {
        String value = "x\u0001\"\\\ny 😀";
        String s = new CanonicalJson().beginObject().field("a", value).field("n", Long.MIN_VALUE)
                .name("arr").beginArray().beginObject().field("b", 1).endObject().beginObject().endObject().endArray()
                .endObject().toString();
        JsonNode node = Json.MAPPER.readTree(s);
        assertEquals(value, node.get("a").textValue());
        assertEquals(Long.MIN_VALUE, node.get("n").longValue());
        assertEquals("{\"a\":\"x\\u0001\\\"\\\\\\ny 😀\",\"n\":-9223372036854775808,\"arr\":[{\"b\":1},{}]}", s);
    }

    @Test
    void misuseIsAnError() {
        assertThrows(IllegalStateException.class, () -> new CanonicalJson().beginObject().toString());
        assertThrows(IllegalStateException.class, () -> new CanonicalJson().beginObject().value("x"));
        assertThrows(IllegalStateException.class, () -> new CanonicalJson().beginObject().name("a").endObject());
        assertThrows(IllegalStateException.class, () -> new CanonicalJson().beginObject().endArray());
        assertThrows(IllegalStateException.class, () -> new CanonicalJson().value(1).value(2));
    }
}
