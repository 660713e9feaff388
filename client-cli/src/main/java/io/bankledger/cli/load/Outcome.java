package io.bankledger.cli.load;

/**
 * How one request ended: a reply's status (with its reason for REJECTED and INVALID), no reply
 * within the timeout, or a send that failed.
 */
public record Outcome(String status, String reason) {

    public static final Outcome OK = new Outcome("OK", null);
    public static final Outcome TIMEOUT = new Outcome("TIMEOUT", null);
    public static final Outcome SEND_FAILED = new Outcome("SEND_FAILED", null);

    /** True if a reply came back (whatever it said): only those have a latency. */
    public boolean answered() {
        return !this.equals(TIMEOUT) && !this.equals(SEND_FAILED);
    }
}
