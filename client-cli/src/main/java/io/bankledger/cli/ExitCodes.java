package io.bankledger.cli;

/**
 * The exit codes of {@code bank}: one per class of outcome, so a script can tell a business
 * refusal (do not retry) from a timeout (retry with the same --command-id) from its own mistake.
 */
public final class ExitCodes {
    /** The command took effect or was answered. */
    public static final int OK = 0;
    /** The ledger refused it (REJECTED with a reason): a business outcome, recorded in the log. */
    public static final int REJECTED = 1;
    /** Bad input: a usage error caught by the CLI, or an INVALID reply from a node. */
    public static final int INVALID = 2;
    /** No answer in time, or the broker cannot be reached: the outcome is unknown, retry is safe. */
    public static final int UNAVAILABLE = 3;
    /** A bug or an unexpected answer: report it. */
    public static final int INTERNAL = 4;
    /** {@code verify}: the nodes' hash chains disagree. */
    public static final int DISAGREEMENT = 5;
    /** {@code status}: the ledger has no outcome for that command id (yet). */
    public static final int UNKNOWN = 6;

    private ExitCodes() {
    }
}
