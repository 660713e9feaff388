package io.bankledger.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON of {@link Reply}: fields in the record's order, absent fields omitted. The encoding is
 * deterministic, so a stored reply sent again is byte-identical to the first answer.
 */
public final class ReplyCodec {
    private ReplyCodec() {
    }

    public static String encode(Reply reply) {
        CanonicalJson json = new CanonicalJson();
        write(reply, json);
        return json.toString();
    }

    public static byte[] encodeBytes(Reply reply) {
        return encode(reply).getBytes(StandardCharsets.UTF_8);
    }

    /** The one answer to a batch: its id, status OK, and each command's reply in order. */
    public static String encodeBatch(BatchReply batch) {
        CanonicalJson json = new CanonicalJson();
        json.beginObject().field("commandId", batch.commandId()).field("status", Status.OK.name());
        json.name("results").beginArray();
        for (Reply result : batch.results()) {
            write(result, json);
        }
        return json.endArray().endObject().toString();
    }

    /** Reads the answer to a batch; throws {@link IllegalArgumentException} on a body that is not one. */
    public static BatchReply decodeBatch(String json) {
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("reply is not a JSON object");
            }
            JsonNode results = root.get("results");
            if (results == null || !results.isArray()) {
                throw new IllegalArgumentException("not a batch reply: no results array");
            }
            List<Reply> replies = new ArrayList<>(results.size());
            for (JsonNode result : results) {
                replies.add(read(result));
            }
            return new BatchReply(Json.string(root, "commandId"), replies);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("reply is not JSON: " + e.getOriginalMessage(), e);
        } catch (Json.Failure f) {
            throw new IllegalArgumentException("bad reply: " + f.getMessage(), f);
        }
    }

    /** Reads a reply; throws {@link IllegalArgumentException} on a body that is not one. */
    public static Reply decode(String json) {
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("reply is not a JSON object");
            }
            return read(root);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("reply is not JSON: " + e.getOriginalMessage(), e);
        } catch (Json.Failure f) {
            throw new IllegalArgumentException("bad reply: " + f.getMessage(), f);
        }
    }

    private static void write(Reply r, CanonicalJson json) {
        json.beginObject()
                .optionalField("commandId", r.commandId())
                .field("status", r.status().name())
                .optionalField("reason", r.reason() == null ? null : r.reason().name())
                .optionalField("detail", r.detail())
                .optionalField("slot", r.slot())
                .optionalField("seq", r.seq());
        if (r.account() != null) {
            json.name("account");
            r.account().writeTo(json);
        }
        if (r.toAccount() != null) {
            json.name("toAccount");
            r.toAccount().writeTo(json);
        }
        if (r.entries() != null) {
            json.name("entries").beginArray();
            for (HistoryEntry entry : r.entries()) {
                entry.writeTo(json);
            }
            json.endArray();
        }
        if (r.outcome() != null) {
            json.name("outcome");
            write(r.outcome(), json);
        }
        json.endObject();
    }

    private static Reply read(JsonNode o) throws Json.Failure {
        List<HistoryEntry> entries = null;
        JsonNode entriesNode = o.get("entries");
        if (entriesNode != null && !entriesNode.isNull()) {
            if (!entriesNode.isArray()) {
                throw new Json.Failure(Reason.INVALID_FIELD, "entries", "entries must be an array");
            }
            entries = new ArrayList<>();
            for (JsonNode e : entriesNode) {
                entries.add(new HistoryEntry(Json.integer(e, "seq"), Json.integer(e, "slot"),
                        Json.string(e, "type"), Json.integer(e, "amountMinor"), Json.integer(e, "balanceMinor"),
                        Json.optionalString(e, "counterpartyAccountId"), Json.string(e, "commandId"),
                        Json.integer(e, "timestampMs")));
            }
        }
        JsonNode outcome = o.get("outcome");
        return new Reply(
                Json.optionalString(o, "commandId"),
                Json.enumValue(o, "status", Status.class),
                o.hasNonNull("reason") ? Json.enumValue(o, "reason", Reason.class) : null,
                Json.optionalString(o, "detail"),
                Json.optionalInteger(o, "slot"),
                Json.optionalInteger(o, "seq"),
                account(o, "account"),
                account(o, "toAccount"),
                entries,
                outcome == null || outcome.isNull() ? null : read(outcome));
    }

    private static AccountView account(JsonNode o, String field) throws Json.Failure {
        JsonNode a = o.get(field);
        if (a == null || a.isNull()) {
            return null;
        }
        if (!a.isObject()) {
            throw new Json.Failure(Reason.INVALID_FIELD, field, field + " must be an object");
        }
        return new AccountView(Json.string(a, "accountId"), Json.string(a, "currency"),
                Json.integer(a, "balanceMinor"), Json.enumValue(a, "status", AccountStatus.class));
    }
}
