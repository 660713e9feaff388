package io.bankledger.protocol;

/** The JSON {@code type} of each command. The wire names are the contract: never rename them. */
public enum CommandType {
    OPEN_ACCOUNT("open-account", false),
    DEPOSIT("deposit", false),
    WITHDRAW("withdraw", false),
    TRANSFER("transfer", false),
    CLOSE_ACCOUNT("close-account", false),
    GET_BALANCE("get-balance", true),
    GET_HISTORY("get-history", true),
    GET_STATUS("get-status", true);

    private final String wireName;
    private final boolean read;

    CommandType(String wireName, boolean read) {
        this.wireName = wireName;
        this.read = read;
    }

    public String wireName() {
        return wireName;
    }

    /** Reads answer from state and leave no event; mutations always leave exactly one event. */
    public boolean isRead() {
        return read;
    }

    /** Returns the type for a wire name, or null when there is none. */
    public static CommandType fromWireName(String wireName) {
        for (CommandType t : values()) {
            if (t.wireName.equals(wireName)) {
                return t;
            }
        }
        return null;
    }
}
