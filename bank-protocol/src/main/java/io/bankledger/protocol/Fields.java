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
        for (int i = 0; i < uuid.length(); i++) {
            char c = uuid.charAt(i);
            if (c >= 'A' && c <= 'F') {
                return uuid.toLowerCase(Locale.ROOT);
            }
        }
        return uuid;
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
        if (value.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAccountId(String value) {
        if (value.isEmpty() || value.length() > ACCOUNT_ID_LENGTH_MAX) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
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
