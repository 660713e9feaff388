package io.bankledger.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes command bodies from {@code bank.requests} and encodes commands in their canonical form.
 *
 * <p>Decoding never throws: every body gives a {@link DecodeResult}. Checks run in a fixed order,
 * so a body with several faults always gets the same reason: size ({@code TOO_LARGE}); UTF-8,
 * JSON syntax, duplicate keys, trailing content, object shape ({@code MALFORMED});
 * {@code commandId}; {@code type} ({@code UNKNOWN_TYPE}); then presence and JSON type of the
 * type's fields in record order ({@code MISSING_FIELD}, {@code INVALID_FIELD}); then their
 * values ({@link Fields}, {@code INVALID_FIELD}). A JSON null counts as absent. Unknown extra
 * fields are ignored. Instances are immutable and thread-safe.
 *
 * <p>The canonical form — {@code {"type":…,"commandId":…,<fields in record order, defaults
 * written out>}} in {@link CanonicalJson} — is what a Paxos batch carries, and
 * {@code decode(canonicalBytes(c))} equals {@code c}.
 */
public final class CommandCodec {
    public static final int BODY_BYTES_MAX_DEFAULT = 64 * 1024;

    private final int bodyBytesMax;

    public CommandCodec() {
        this(BODY_BYTES_MAX_DEFAULT);
    }

    public CommandCodec(int bodyBytesMax) {
        if (bodyBytesMax < 1) {
            throw new IllegalArgumentException("bodyBytesMax must be positive: " + bodyBytesMax);
        }
        this.bodyBytesMax = bodyBytesMax;
    }

    public int bodyBytesMax() {
        return bodyBytesMax;
    }

    public DecodeResult decode(String json) {
        if (json == null) {
            return new DecodeResult.Invalid(null, Reason.MALFORMED, null, "empty body");
        }
        // A UTF-16 char is at least one UTF-8 byte: skip the encoding of bodies surely too large.
        if (json.length() > bodyBytesMax
                || json.getBytes(StandardCharsets.UTF_8).length > bodyBytesMax) {
            return tooLarge();
        }
        return parse(json);
    }

    /** Decodes a UTF-8 body; bytes that are not valid UTF-8 make it {@code MALFORMED}. */
    public DecodeResult decode(byte[] utf8) {
        if (utf8 == null) {
            return new DecodeResult.Invalid(null, Reason.MALFORMED, null, "empty body");
        }
        if (utf8.length > bodyBytesMax) {
            return tooLarge();
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            return new DecodeResult.Invalid(null, Reason.MALFORMED, null, "body is not valid UTF-8");
        }
        return parse(json);
    }

    public String encode(Command command) {
        return canonicalJson(command);
    }

    /** The canonical UTF-8 bytes of a command: the Paxos payload. */
    public byte[] canonicalBytes(Command command) {
        return canonicalJson(command).getBytes(StandardCharsets.UTF_8);
    }

    static String canonicalJson(Command command) {
        CanonicalJson json = new CanonicalJson().beginObject();
        writeMembers(command, json);
        return json.endObject().toString();
    }

    /** Writes a command's members into an object the caller has opened. */
    static void writeMembers(Command command, CanonicalJson json) {
        json.field("type", command.type().wireName()).field("commandId", command.commandId());
        command.writeFieldsTo(json);
    }

    private DecodeResult tooLarge() {
        return new DecodeResult.Invalid(null, Reason.TOO_LARGE, null,
                "body is larger than " + bodyBytesMax + " bytes");
    }

    private static DecodeResult parse(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return new DecodeResult.Invalid(null, Reason.MALFORMED, null,
                    "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return new DecodeResult.Invalid(null, Reason.MALFORMED, null, "body is not a JSON object");
        }
        String commandId = null;
        try {
            commandId = Fields.commandId("commandId", Json.string(root, "commandId"));
            return new DecodeResult.Decoded(fromObject(root));
        } catch (Json.Failure f) {
            return new DecodeResult.Invalid(commandId, f.reason, f.field, f.getMessage());
        } catch (InvalidFieldException e) {
            return new DecodeResult.Invalid(commandId, Reason.INVALID_FIELD, e.field(), e.getMessage());
        }
    }

    /**
     * Reads a command from a JSON object; {@link InvalidFieldException} escapes for values that
     * break {@link Fields}' rules.
     */
    static Command fromObject(JsonNode o) throws Json.Failure {
        String commandId = Json.string(o, "commandId");
        String typeName = Json.string(o, "type");
        CommandType type = CommandType.fromWireName(typeName);
        if (type == null) {
            throw new Json.Failure(Reason.UNKNOWN_TYPE, "type", "unknown command type " + typeName);
        }
        return switch (type) {
            case OPEN_ACCOUNT -> new Command.OpenAccount(commandId,
                    Json.string(o, "accountId"), Json.string(o, "owner"), Json.string(o, "currency"));
            case DEPOSIT -> new Command.Deposit(commandId,
                    Json.string(o, "accountId"), Json.integer(o, "amountMinor"));
            case WITHDRAW -> new Command.Withdraw(commandId,
                    Json.string(o, "accountId"), Json.integer(o, "amountMinor"));
            case TRANSFER -> new Command.Transfer(commandId, Json.string(o, "fromAccountId"),
                    Json.string(o, "toAccountId"), Json.integer(o, "amountMinor"));
            case CLOSE_ACCOUNT -> new Command.CloseAccount(commandId, Json.string(o, "accountId"));
            case GET_BALANCE -> new Command.GetBalance(commandId, Json.string(o, "accountId"),
                    consistency(o));
            case GET_HISTORY -> new Command.GetHistory(commandId, Json.string(o, "accountId"),
                    Fields.afterSeq("afterSeq", orDefault(Json.optionalInteger(o, "afterSeq"), 0)),
                    Fields.historyLimit("limit",
                            orDefault(Json.optionalInteger(o, "limit"), Fields.HISTORY_LIMIT_DEFAULT)));
            case GET_STATUS -> new Command.GetStatus(commandId, Json.string(o, "ofCommandId"));
        };
    }

    private static Consistency consistency(JsonNode o) throws Json.Failure {
        String text = Json.optionalString(o, "consistency");
        if (text == null) {
            return Consistency.LINEARIZABLE;
        }
        Consistency consistency = Consistency.fromWireName(text);
        if (consistency == null) {
            throw new Json.Failure(Reason.INVALID_FIELD, "consistency",
                    "consistency must be linearizable or stale, not " + text);
        }
        return consistency;
    }

    private static long orDefault(Long value, long defaultValue) {
        return value == null ? defaultValue : value;
    }
}
