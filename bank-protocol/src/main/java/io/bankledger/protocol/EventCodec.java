package io.bankledger.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * JSON of events, in two forms.
 *
 * <ul>
 *   <li>The payload: the event's own fields ({@link LedgerEvent#canonicalBytes()}), stored in the
 *       event store next to seq, slot, type, commandId, timestamp and hashes, and covered by the
 *       hash. {@link #decodePayload} reads it back, for example from a jsonb column.</li>
 *   <li>The published form on topic {@code bank.events}: one flat object
 *       {@code {"seq","slot","type","commandId","timestampMs",<event fields>,"prevHash","hash"}}.
 *       Event field names never collide with these envelope names.</li>
 * </ul>
 */
public final class EventCodec {
    private EventCodec() {
    }

    public static String toJson(CommittedEvent e) {
        CanonicalJson json = new CanonicalJson().beginObject()
                .field("seq", e.seq())
                .field("slot", e.slot())
                .field("type", e.type())
                .field("commandId", e.commandId())
                .field("timestampMs", e.timestampMs());
        e.event().writeFieldsTo(json);
        return json.field("prevHash", e.prevHash())
                .field("hash", e.hash())
                .endObject()
                .toString();
    }

    /**
     * Reads the published form. The hash is taken as given; call
     * {@link CommittedEvent#hashMatches()} to check it.
     */
    public static CommittedEvent fromJson(String json) {
        JsonNode o = readObject(json);
        try {
            String type = Json.string(o, "type");
            return new CommittedEvent(Json.integer(o, "seq"), Json.integer(o, "slot"),
                    Json.string(o, "commandId"), Json.integer(o, "timestampMs"), event(type, o),
                    Json.string(o, "prevHash"), Json.string(o, "hash"));
        } catch (Json.Failure f) {
            throw new IllegalArgumentException("bad event: " + f.getMessage(), f);
        }
    }

    public static LedgerEvent decodePayload(String type, byte[] payload) {
        return decodePayload(type, new String(payload, StandardCharsets.UTF_8));
    }

    public static LedgerEvent decodePayload(String type, String payloadJson) {
        try {
            return event(type, readObject(payloadJson));
        } catch (Json.Failure f) {
            throw new IllegalArgumentException("bad " + type + " payload: " + f.getMessage(), f);
        }
    }

    private static LedgerEvent event(String type, JsonNode o) throws Json.Failure {
        return switch (type) {
            case "AccountOpened" -> new LedgerEvent.AccountOpened(
                    Json.string(o, "accountId"), Json.string(o, "owner"), Json.string(o, "currency"));
            case "Deposited" -> new LedgerEvent.Deposited(Json.string(o, "accountId"),
                    Json.integer(o, "amountMinor"), Json.integer(o, "balanceAfterMinor"));
            case "Withdrawn" -> new LedgerEvent.Withdrawn(Json.string(o, "accountId"),
                    Json.integer(o, "amountMinor"), Json.integer(o, "balanceAfterMinor"));
            case "TransferCompleted" -> new LedgerEvent.TransferCompleted(
                    Json.string(o, "fromAccountId"), Json.string(o, "toAccountId"),
                    Json.integer(o, "amountMinor"), Json.integer(o, "fromBalanceAfterMinor"),
                    Json.integer(o, "toBalanceAfterMinor"));
            case "AccountClosed" -> new LedgerEvent.AccountClosed(Json.string(o, "accountId"));
            case "CommandRejected" -> {
                JsonNode command = Json.present(o, "command");
                if (!command.isObject()) {
                    throw new Json.Failure(Reason.INVALID_FIELD, "command", "command must be an object");
                }
                yield new LedgerEvent.CommandRejected(Json.enumValue(o, "reason", Reason.class),
                        CommandCodec.fromObject(command));
            }
            default -> throw new Json.Failure(Reason.UNKNOWN_TYPE, "type", "unknown event type " + type);
        };
    }

    private static JsonNode readObject(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
