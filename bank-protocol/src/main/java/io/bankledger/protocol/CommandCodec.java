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
    /** The wire name of a client batch: {@code {"type":"batch","commandId":…,"commands":[…]}}. */
    public static final String BATCH_TYPE = "batch";
    /** The most commands one batch body may hold. */
    public static final int BATCH_COMMANDS_MAX = 1_000;
    /** The largest batch body, in UTF-8 bytes. */
    public static final int BATCH_BYTES_MAX = 1 << 20;

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
            json = utf8Text(utf8);
        } catch (CharacterCodingException e) {
            return new DecodeResult.Invalid(null, Reason.MALFORMED, null, "body is not valid UTF-8");
        }
        return parse(json);
    }

    public String encode(Command command) {
        return canonicalJson(command);
    }

    /** The largest body {@link #decodeRequest} reads: a batch may be larger than one command. */
    public int requestBytesMax() {
        return Math.max(bodyBytesMax, BATCH_BYTES_MAX);
    }

    /**
     * Decodes a body from {@code bank.requests}: a single command exactly as {@link #decode}, or a
     * batch. A batch is refused as a whole (a {@link RequestBody.Single} with an
     * {@link DecodeResult.Invalid}) when it is larger than {@link #BATCH_BYTES_MAX} or holds more
     * than {@link #BATCH_COMMANDS_MAX} commands ({@code TOO_LARGE}), when it is not JSON
     * ({@code MALFORMED}), when its own {@code commandId} is missing or bad, or when
     * {@code commands} is missing, not an array or empty. Otherwise each command in it is decoded
     * on its own, with the same checks as a single body; a command that is itself a batch is
     * {@code INVALID_FIELD}.
     */
    public RequestBody decodeRequest(String json) {
        if (json == null) {
            return new RequestBody.Single(decode((String) null));
        }
        // A UTF-16 char is at least one UTF-8 byte: skip the encoding of bodies surely too large.
        int utf8Length = json.length() > requestBytesMax() ? Integer.MAX_VALUE
                : json.getBytes(StandardCharsets.UTF_8).length;
        if (utf8Length > requestBytesMax()) {
            return new RequestBody.Single(tooLarge(requestBytesMax()));
        }
        return parseRequest(json, utf8Length);
    }

    /** {@link #decodeRequest(String)} for a UTF-8 body. */
    public RequestBody decodeRequest(byte[] utf8) {
        if (utf8 == null || utf8.length > requestBytesMax()) {
            return new RequestBody.Single(utf8 == null ? decode((byte[]) null) : tooLarge(requestBytesMax()));
        }
        try {
            return parseRequest(utf8Text(utf8), utf8.length);
        } catch (CharacterCodingException e) {
            return new RequestBody.Single(new DecodeResult.Invalid(null, Reason.MALFORMED, null, "body is not valid UTF-8"));
        }
    }

    /** The batch body of {@code batchId} holding {@code commands} in their canonical form. */
    public String encodeBatch(String batchId, java.util.List<Command> commands) {
        CanonicalJson json = new CanonicalJson().beginObject()
                .field("type", BATCH_TYPE).field("commandId", batchId);
        json.name("commands").beginArray();
        for (Command command : commands) {
            json.beginObject();
            writeMembers(command, json);
            json.endObject();
        }
        return json.endArray().endObject().toString();
    }

    /** {@code utf8Length}: the body's size in UTF-8 bytes, already known to the caller. */
    private RequestBody parseRequest(String json, int utf8Length) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return new RequestBody.Single(new DecodeResult.Invalid(null, Reason.MALFORMED, null,
                    "not JSON: " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject() || !BATCH_TYPE.equals(root.path("type").asText(null))) {
            return new RequestBody.Single(utf8Length > bodyBytesMax ? tooLarge() : decodeTree(root));
        }
        String batchId = null;
        try {
            batchId = Fields.commandId("commandId", Json.string(root, "commandId"));
            JsonNode commands = root.get("commands");
            if (commands == null || commands.isNull()) {
                throw new Json.Failure(Reason.MISSING_FIELD, "commands", "commands is required");
            }
            if (!commands.isArray()) {
                throw new Json.Failure(Reason.INVALID_FIELD, "commands", "commands must be an array");
            }
            if (commands.isEmpty()) {
                throw new Json.Failure(Reason.INVALID_FIELD, "commands", "a batch holds at least one command");
            }
            if (commands.size() > BATCH_COMMANDS_MAX) {
                throw new Json.Failure(Reason.TOO_LARGE, "commands",
                        "a batch holds at most " + BATCH_COMMANDS_MAX + " commands, not " + commands.size());
            }
            java.util.List<DecodeResult> items = new java.util.ArrayList<>(commands.size());
            for (JsonNode item : commands) {
                if (item.isObject() && BATCH_TYPE.equals(item.path("type").asText(null))) {
                    String innerId = item.path("commandId").asText(null);
                    items.add(new DecodeResult.Invalid(validIdOrNull(innerId), Reason.INVALID_FIELD, "type",
                            "a batch cannot hold a batch"));
                } else {
                    items.add(decodeTree(item));
                }
            }
            return new RequestBody.Batch(batchId, items);
        } catch (Json.Failure f) {
            return new RequestBody.Single(new DecodeResult.Invalid(batchId, f.reason, f.field, f.getMessage()));
        } catch (InvalidFieldException e) {
            return new RequestBody.Single(new DecodeResult.Invalid(batchId, Reason.INVALID_FIELD, e.field(), e.getMessage()));
        }
    }

    private static String validIdOrNull(String id) {
        try {
            return id == null ? null : Fields.commandId("commandId", id);
        } catch (InvalidFieldException e) {
            return null;
        }
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

    private static String utf8Text(byte[] utf8) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(utf8))
                .toString();
    }

    private DecodeResult tooLarge() {
        return tooLarge(bodyBytesMax);
    }

    private static DecodeResult tooLarge(int max) {
        return new DecodeResult.Invalid(null, Reason.TOO_LARGE, null, "body is larger than " + max + " bytes");
    }

    private static DecodeResult parse(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return new DecodeResult.Invalid(null, Reason.MALFORMED, null,
                    "not JSON: " + e.getOriginalMessage());
        }
        return decodeTree(root);
    }

    /** The checks of {@link #decode} after JSON syntax, on an already parsed body. */
    private static DecodeResult decodeTree(JsonNode root) {
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
