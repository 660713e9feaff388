package io.bankledger.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes the canonical JSON form used for Paxos payloads, event payloads and the event hash
 * chain: fields in the order the caller writes them (each record documents its order), no
 * whitespace, integers in plain decimal, strings escaped as in RFC 8785 (JCS) §3.2.2.2 —
 * {@code \"}, {@code \\}, {@code \b \t \n \f \r}, other code points below U+0020 as
 * {@code \}{@code u00xx} with lowercase hex, everything else verbatim in UTF-8.
 *
 * <p>It is hand-written rather than delegated to Jackson so that the bytes that get hashed
 * cannot change with a library upgrade, and so that a service in another language can
 * reproduce them from this description alone.
 */
public final class CanonicalJson {
    private final StringBuilder out;
    /** One frame per open container, innermost first. */
    private final Deque<Frame> open = new ArrayDeque<>();
    private boolean afterName;

    public CanonicalJson() {
        this(128);
    }

    /** A writer with room for {@code capacity} characters before its buffer has to grow. */
    public CanonicalJson(int capacity) {
        out = new StringBuilder(capacity);
    }

    private static final class Frame {
        final boolean array;
        boolean empty = true;

        Frame(boolean array) {
            this.array = array;
        }
    }

    public CanonicalJson beginObject() {
        beforeValue();
        out.append('{');
        open.push(new Frame(false));
        return this;
    }

    public CanonicalJson endObject() {
        closeContainer(false);
        out.append('}');
        return this;
    }

    public CanonicalJson beginArray() {
        beforeValue();
        out.append('[');
        open.push(new Frame(true));
        return this;
    }

    public CanonicalJson endArray() {
        closeContainer(true);
        out.append(']');
        return this;
    }

    /** Writes a member name; the next call must write its value. */
    public CanonicalJson name(String name) {
        if (afterName) {
            throw new IllegalStateException("name without value before " + name);
        }
        separate();
        appendString(name);
        out.append(':');
        afterName = true;
        return this;
    }

    public CanonicalJson value(String value) {
        beforeValue();
        appendString(value);
        return this;
    }

    public CanonicalJson value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** Inserts an already canonical JSON value (for example a nested payload) verbatim. */
    public CanonicalJson rawValue(String canonicalJson) {
        beforeValue();
        out.append(canonicalJson);
        return this;
    }

    public CanonicalJson field(String name, String value) {
        return name(name).value(value);
    }

    public CanonicalJson field(String name, long value) {
        return name(name).value(value);
    }

    /** Writes the member only when the value is present: absent fields are omitted, never null. */
    public CanonicalJson optionalField(String name, String value) {
        return value == null ? this : field(name, value);
    }

    public CanonicalJson optionalField(String name, Long value) {
        return value == null ? this : field(name, value.longValue());
    }

    @Override
    public String toString() {
        if (!open.isEmpty() || afterName) {
            throw new IllegalStateException("unfinished JSON: " + out);
        }
        return out.toString();
    }

    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        Frame top = open.peek();
        if (top == null) {
            if (out.length() > 0) {
                throw new IllegalStateException("a second top-level value: " + out);
            }
            return;
        }
        if (!top.array) {
            throw new IllegalStateException("a value without a name inside an object: " + out);
        }
        separate(top);
    }

    private void separate() {
        Frame top = open.peek();
        if (top == null || top.array) {
            throw new IllegalStateException("a name outside an object: " + out);
        }
        separate(top);
    }

    private void separate(Frame top) {
        if (!top.empty) {
            out.append(',');
        }
        top.empty = false;
    }

    private void closeContainer(boolean array) {
        Frame top = open.peek();
        if (top == null || top.array != array || afterName) {
            throw new IllegalStateException("unbalanced JSON: " + out);
        }
        open.pop();
    }

    private void appendString(String s) {
        appendQuoted(out, s);
    }

    /** Appends {@code s} as a JSON string by the rule of this class's comment; for {@link EventHash}'s header too. */
    static void appendQuoted(StringBuilder out, String s) {
        out.append('"');
        if (!needsEscape(s)) {
            // Ids, account ids, currencies, hashes: nearly every string; appended in bulk.
            out.append(s).append('"');
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean needsEscape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }
}
