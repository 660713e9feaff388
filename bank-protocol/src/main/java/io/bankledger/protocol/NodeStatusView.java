package io.bankledger.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A node's answer on its admin queue ({@link Destinations#adminQueue(int)}): its role and how far
 * its log has come. Request body: {@code {"type":"node-status"}}, optionally with
 * {@code "hashAtSeq": N} to also get the hash of its event N (absent if it has no such event),
 * which is how {@code bank verify} compares nodes at a common point of their chains.
 *
 * @param role       {@code LEADER}, {@code FOLLOWER} or {@code FAILED}
 * @param leaderId   the leader this node knows, or -1
 * @param hashAt     the hash of event {@code hashAtSeq}, or null
 */
public record NodeStatusView(int nodeId, String role, String ballot, int leaderId, long commitIndex,
                             long appliedSlot, long lastSeq, String lastHash, int pendingCommands,
                             Long hashAtSeq, String hashAt) {

    public static final String REQUEST_TYPE = "node-status";

    public String toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("nodeId", nodeId);
        json.put("role", role);
        json.put("ballot", ballot);
        json.put("leaderId", leaderId);
        json.put("commitIndex", commitIndex);
        json.put("appliedSlot", appliedSlot);
        json.put("lastSeq", lastSeq);
        json.put("lastHash", lastHash);
        json.put("pendingCommands", pendingCommands);
        if (hashAtSeq != null) {
            json.put("hashAtSeq", hashAtSeq);
        }
        if (hashAt != null) {
            json.put("hashAt", hashAt);
        }
        return json.toString();
    }

    public static NodeStatusView fromJson(String text) {
        try {
            JsonNode json = Json.MAPPER.readTree(text);
            return new NodeStatusView(json.path("nodeId").asInt(), json.path("role").asText(),
                    json.path("ballot").asText(), json.path("leaderId").asInt(-1), json.path("commitIndex").asLong(),
                    json.path("appliedSlot").asLong(), json.path("lastSeq").asLong(), json.path("lastHash").asText(),
                    json.path("pendingCommands").asInt(),
                    json.hasNonNull("hashAtSeq") ? json.get("hashAtSeq").asLong() : null,
                    json.hasNonNull("hashAt") ? json.get("hashAt").asText() : null);
        } catch (IOException e) {
            throw new UncheckedIOException("not a node status: " + e.getMessage(), e);
        }
    }

    /** The request body asking for a node's status, and its hash at {@code hashAtSeq} if not null. */
    public static String request(Long hashAtSeq) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("type", REQUEST_TYPE);
        if (hashAtSeq != null) {
            json.put("hashAtSeq", hashAtSeq);
        }
        return json.toString();
    }

    /** The {@code hashAtSeq} of a request body, or null; throws IllegalArgumentException if unreadable. */
    public static Long requestedSeq(String body) {
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            if (!json.isObject() || !REQUEST_TYPE.equals(json.path("type").asText())) {
                throw new IllegalArgumentException("not a node-status request");
            }
            return json.hasNonNull("hashAtSeq") ? json.get("hashAtSeq").asLong() : null;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }
}
