package io.bankledger.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain over committed events. For the event with sequence number {@code seq}:
 *
 * <pre>
 *   hash(seq) = lowercase-hex( SHA-256( bytes(prevHash) || UTF-8(header) ) )
 *   header    = {"seq":S,"slot":L,"commandId":"C","type":"T","timestampMs":M,"payload":P}
 * </pre>
 *
 * where {@code bytes(prevHash)} is the 32 raw bytes of the previous event's hash (for the first
 * event: {@link #GENESIS}, 32 zero bytes), {@code header} is written in {@link CanonicalJson} with
 * exactly that field order, and {@code P} is the event's canonical payload
 * ({@link LedgerEvent#canonicalBytes()}) inserted verbatim. Everything that identifies the event
 * is covered; nothing the store adds (jsonb key order, column types) is.
 */
public final class EventHash {
    /** The prevHash of the first event: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();

    private EventHash() {
    }

    public static String compute(String prevHash, long seq, long slot, String commandId, String type,
                                 long timestampMs, String canonicalPayload) {
        MessageDigest sha256 = sha256();
        sha256.update(parse(prevHash));
        sha256.update(header(seq, slot, commandId, type, timestampMs, canonicalPayload)
                .getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(sha256.digest());
    }

    /** The header string that is hashed after the previous hash; exposed for tests and for followers. */
    public static String header(long seq, long slot, String commandId, String type, long timestampMs,
                                String canonicalPayload) {
        // The fixed fields take under 200 characters: one buffer, never grown.
        return new CanonicalJson(canonicalPayload.length() + 200).beginObject()
                .field("seq", seq)
                .field("slot", slot)
                .field("commandId", commandId)
                .field("type", type)
                .field("timestampMs", timestampMs)
                .name("payload").rawValue(canonicalPayload)
                .endObject()
                .toString();
    }

    /** Checks that a string is a hash as this chain writes it: 64 lowercase hex digits. */
    public static String requireHash(String field, String hash) {
        if (hash == null || hash.length() != 64 || !isLowerHex(hash)) {
            throw new InvalidFieldException(field, "must be 64 lowercase hex digits");
        }
        return hash;
    }

    // A loop rather than chars().allMatch: every event checks two hashes, and the stream's objects were
    // a measurable share of what the nodes allocate (BENCHMARKS.md, session 16).
    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] parse(String hash) {
        return HEX.parseHex(requireHash("prevHash", hash));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
