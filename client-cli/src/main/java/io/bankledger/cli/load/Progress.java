package io.bankledger.cli.load;

/** What a run looks like at one moment, for a progress line. */
public record Progress(long elapsedNanos, long sent, long completed, long inFlight, long timeouts, double p99Ms) {
}
