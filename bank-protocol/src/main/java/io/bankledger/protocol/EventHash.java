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
    private static final byte[] CLOSE = {'}'};
    /** One digest per thread rather than a look-up of the algorithm per event. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(EventHash::sha256);

    private EventHash() {
    }

    public static String compute(String prevHash, long seq, long slot, String commandId, String type,
                                 long timestampMs, String canonicalPayload) {
        return HEX.formatHex(digest(parse(prevHash), seq, slot, commandId, type, timestampMs, canonicalPayload));
    }

    /**
     * As {@link #compute}, from and to the hashes' 32 raw bytes, for a caller that builds a chain and
     * keeps them: the ledger, which otherwise parsed each event's previous hash back from the hex it
     * had just written. The header is hashed as its prefix, the payload and the closing brace, the
     * same bytes as {@link #header} without building that string (see {@link #headerPrefix}).
     */
    public static byte[] digest(byte[] prevHash, long seq, long slot, String commandId, String type,
                                long timestampMs, String canonicalPayload) {
        if (prevHash == null || prevHash.length != 32) {
            throw new InvalidFieldException("prevHash", "must be 32 bytes");
        }
        MessageDigest sha256 = SHA256.get();
        sha256.reset(); // in case an earlier call on this thread threw half-way (a null payload, say)
        sha256.update(prevHash);
        sha256.update(headerPrefix(seq, slot, commandId, type, timestampMs).getBytes(StandardCharsets.UTF_8));
        sha256.update(canonicalPayload.getBytes(StandardCharsets.UTF_8));
        sha256.update(CLOSE);
        return sha256.digest();
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

    /**
     * {@link #header} up to and including {@code "payload":}, written directly: the envelope's
     * fields are fixed, and its two strings are quoted by the same rule as {@link CanonicalJson}'s.
     * {@code EventHashTest} checks that prefix, payload and "}" are the header's bytes.
     */
    static String headerPrefix(long seq, long slot, String commandId, String type, long timestampMs) {
        StringBuilder out = new StringBuilder(120 + commandId.length() + type.length());
        out.append("{\"seq\":").append(seq).append(",\"slot\":").append(slot).append(",\"commandId\":");
        CanonicalJson.appendQuoted(out, commandId);
        out.append(",\"type\":");
        CanonicalJson.appendQuoted(out, type);
        return out.append(",\"timestampMs\":").append(timestampMs).append(",\"payload\":").toString();
    }

    /** Checks that a string is a hash as this chain writes it: 64 lowercase hex digits. */
    public static String requireHash(String field, String hash) {
        if (hash == null || hash.length() != 64 || !isLowerHex(hash)) {
            throw new InvalidFieldException(field, "must be 64 lowercase hex digits");
        }
        return hash;
    }

    // Not chars().allMatch: every event checks two hashes, and the stream's objects were a measurable
    // share of what the nodes allocate (benchmarks/HISTORY.md, session 16); a table rather than range tests
    // (see Fields.allOf).
    private static boolean isLowerHex(String s) {
        return Fields.allOf(s, 0, s.length(), Fields.LOWER_HEX);
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
