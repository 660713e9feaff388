package io.bankledger.protocol;

/** How fresh a {@code get-balance} answer must be. Wire values are lower case. */
public enum Consistency {
    /** The read goes through the log as a read marker: it reflects every command ordered before it. */
    LINEARIZABLE("linearizable"),
    /** The node answers from its local projection at once and says which slot the answer reflects. */
    STALE("stale");

    private final String wireName;

    Consistency(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Returns the value for a wire name, or null when there is none. */
    public static Consistency fromWireName(String wireName) {
        for (Consistency c : values()) {
            if (c.wireName.equals(wireName)) {
                return c;
            }
        }
        return null;
    }
}
