package io.bankledger.cli.client;

import java.time.Duration;

/** No reply to {@code commandId} arrived within the timeout; its outcome may still be decided. */
public final class ReplyTimeoutException extends Exception {
    private final String commandId;
    private final boolean read;

    public ReplyTimeoutException(String commandId, boolean read, Duration timeout) {
        super("no reply to command " + commandId + " within " + timeout.toMillis() + " ms");
        this.commandId = commandId;
        this.read = read;
    }

    /** True if the command was a read: nothing to look up, just ask again. */
    public boolean isRead() {
        return read;
    }

    public String commandId() {
        return commandId;
    }
}
