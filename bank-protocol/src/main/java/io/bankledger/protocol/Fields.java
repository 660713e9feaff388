package io.bankledger.protocol;

import java.util.Locale;

/**
 * The value rules of the contract, in one place. Records check them in their constructors, so an
 * instance that exists is valid; the codec relies on the same checks to report
 * {@link Reason#INVALID_FIELD}.
 */
public final class Fields {
    public static final int ACCOUNT_ID_LENGTH_MAX = 64;
    public static final int OWNER_LENGTH_MAX = 200;
    public static final int HISTORY_LIMIT_DEFAULT = 100;
    public static final int HISTORY_LIMIT_MAX = 1000;

    /**
     * The textual UUID form, either case on the wire; returned in lower case, the canonical form
     * the ledger, its events and its replies use. Two spellings of one UUID are one commandId, as
     * they are one {@code uuid} in PostgreSQL: a retry may change the case and still gets the
     * first outcome.
     */
    // The rules are checked by hand rather than with regular expressions: every command and
    // every account view of every reply passes here, and a matcher per field showed in profiles.
    // UUID: [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}
    // account id: [A-Za-z0-9_.-]{1,64}; currency: [A-Z]{3}

    private Fields() {
    }

    public static String commandId(String field, String value) {
        requirePresent(field, value);
        if (!isUuidText(value)) {
            throw new InvalidFieldException(field, "not a UUID");
        }
        return lowerCase(value);
    }

    /** The UUID text in lower case; the same instance when it already is (the usual case). */
    private static String lowerCase(String uuid) {
        return anyOf(uuid, 0, uuid.length(), UPPER_HEX) ? uuid.toLowerCase(Locale.ROOT) : uuid;
    }

    public static String accountId(String field, String value) {
        requirePresent(field, value);
        if (!isAccountId(value)) {
            throw new InvalidFieldException(field, "must be 1-64 characters of [A-Za-z0-9_.-]");
        }
        return value;
    }

    public static String currency(String field, String value) {
        requirePresent(field, value);
        if (!isCurrency(value)) {
            throw new InvalidFieldException(field, "must be 3 upper-case letters (ISO 4217)");
        }
        return value;
    }

    private static boolean isUuidText(String value) {
        return value.length() == 36
                && value.charAt(8) == '-' && value.charAt(13) == '-' && value.charAt(18) == '-' && value.charAt(23) == '-'
                && allOf(value, 0, 8, HEX) && allOf(value, 9, 13, HEX) && allOf(value, 14, 18, HEX)
                && allOf(value, 19, 23, HEX) && allOf(value, 24, 36, HEX);
    }

    private static boolean isAccountId(String value) {
        return !value.isEmpty() && value.length() <= ACCOUNT_ID_LENGTH_MAX
                && allOf(value, 0, value.length(), ACCOUNT_ID);
    }

    // Character classes as tables over ASCII (1 = in the class), checked without a branch per
    // character: ids and hashes are random hex, on which a test per character range
    // mispredicts about every other character. A 64-digit hash took 320-450 ns that way and 27-140 ns
    // this way (benchmarks/HISTORY.md, session 23).
    static final byte[] HEX = charClass("0123456789abcdefABCDEF");
    static final byte[] LOWER_HEX = charClass("0123456789abcdef");
    private static final byte[] UPPER_HEX = charClass("ABCDEF");
    private static final byte[] ACCOUNT_ID =
            charClass("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    private static byte[] charClass(String members) {
        byte[] table = new byte[128];
        for (int i = 0; i < members.length(); i++) {
            table[members.charAt(i)] = 1;
        }
        return table;
    }

    /** True when every character of {@code s} from {@code from} to {@code to} (exclusive) is in the class. */
    static boolean allOf(String s, int from, int to, byte[] charClass) {
        int all = 1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            all &= c < 128 ? charClass[c] : 0;
        }
        return all != 0;
    }

    private static boolean anyOf(String s, int from, int to, byte[] charClass) {
        int any = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            any |= c < 128 ? charClass[c] : 0;
        }
        return any != 0;
    }

    private static boolean isCurrency(String value) {
        return value.length() == 3 && isUpper(value.charAt(0)) && isUpper(value.charAt(1)) && isUpper(value.charAt(2));
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    public static String owner(String field, String value) {
        requirePresent(field, value);
        if (value.isBlank()) {
            throw new InvalidFieldException(field, "must not be empty");
        }
        if (value.codePointCount(0, value.length()) > OWNER_LENGTH_MAX) {
            throw new InvalidFieldException(field, "longer than " + OWNER_LENGTH_MAX + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                // A lone surrogate has no UTF-8 form: canonical bytes could not round-trip.
                throw new InvalidFieldException(field, "contains an unpaired surrogate");
            } else if (c == '\u0000') {
                // PostgreSQL text cannot hold U+0000: the store would refuse the slot on every node.
                throw new InvalidFieldException(field, "contains U+0000 (NUL)");
            }
        }
        return value;
    }

    public static long afterSeq(String field, long value) {
        if (value < 0) {
            throw new InvalidFieldException(field, "must be >= 0");
        }
        return value;
    }

    public static int historyLimit(String field, long value) {
        if (value < 1 || value > HISTORY_LIMIT_MAX) {
            throw new InvalidFieldException(field, "must be between 1 and " + HISTORY_LIMIT_MAX);
        }
        return (int) value;
    }

    private static void requirePresent(String field, String value) {
        if (value == null) {
            throw new InvalidFieldException(field, "missing");
        }
    }
}
