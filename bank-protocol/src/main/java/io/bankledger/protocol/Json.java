package io.bankledger.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Strict reading of JSON trees for the codecs. Parsing goes through Jackson; writing never does
 * (see {@link CanonicalJson}). Duplicate keys and trailing content are refused, so one body has
 * exactly one meaning.
 */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    private Json() {
    }

    /** A refusal while reading a tree, carrying the contract reason. */
    static final class Failure extends Exception {
        final Reason reason;
        final String field;

        Failure(Reason reason, String field, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
            this.field = field;
        }
    }

    static JsonNode present(JsonNode object, String field) throws Failure {
        JsonNode node = object.get(field);
        // A JSON null counts as absent: "accountId": null is a missing accountId.
        if (node == null || node.isNull()) {
            throw new Failure(Reason.MISSING_FIELD, field, "missing field " + field);
        }
        return node;
    }

    static String string(JsonNode object, String field) throws Failure {
        JsonNode node = present(object, field);
        if (!node.isTextual()) {
            throw new Failure(Reason.INVALID_FIELD, field, field + " must be a JSON string");
        }
        return node.textValue();
    }

    static String optionalString(JsonNode object, String field) throws Failure {
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? null : string(object, field);
    }

    static long integer(JsonNode object, String field) throws Failure {
        return integer(field, present(object, field));
    }

    static Long optionalInteger(JsonNode object, String field) throws Failure {
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? null : integer(field, node);
    }

    private static long integer(String field, JsonNode node) throws Failure {
        if (!node.isNumber()) {
            throw new Failure(Reason.INVALID_FIELD, field, field + " must be a JSON number");
        }
        if (!node.isIntegralNumber()) {
            throw new Failure(Reason.INVALID_FIELD, field, field + " must be an integer, not " + node.asText());
        }
        if (!node.canConvertToLong()) {
            throw new Failure(Reason.INVALID_FIELD, field, field + " is outside the signed 64-bit range");
        }
        return node.longValue();
    }

    static <E extends Enum<E>> E enumValue(JsonNode object, String field, Class<E> type) throws Failure {
        String text = string(object, field);
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw new Failure(Reason.INVALID_FIELD, field, field + " has an unknown value " + text);
        }
    }
}
