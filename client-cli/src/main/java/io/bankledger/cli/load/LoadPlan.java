package io.bankledger.cli.load;

import java.time.Duration;

/**
 * How to send: at {@code ratePerSecond} on an open-loop schedule (null: as fast as
 * {@code concurrency} requests in flight allow), until {@code duration} has passed or
 * {@code count} commands were sent (either may be null, not both), with at most
 * {@code maxInFlight} requests awaiting replies, each given up after {@code requestTimeout}.
 */
public record LoadPlan(Double ratePerSecond, int concurrency, Duration duration, Long count, int maxInFlight,
                       Duration requestTimeout) {

    public LoadPlan {
        if (ratePerSecond != null && !(ratePerSecond > 0)) {
            throw new IllegalArgumentException("the rate must be positive: " + ratePerSecond);
        }
        if (duration == null && count == null) {
            throw new IllegalArgumentException("give a duration or a count");
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("the count must be positive: " + count);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("the duration must be positive: " + duration);
        }
        if (concurrency < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("concurrency and maxInFlight must be >= 1");
        }
        if (requestTimeout == null || requestTimeout.isZero() || requestTimeout.isNegative()) {
            throw new IllegalArgumentException("the request timeout must be positive");
        }
    }

    public boolean openLoop() {
        return ratePerSecond != null;
    }

    /** In-flight bound: the concurrency when closed-loop, maxInFlight when open-loop. */
    public int inFlightLimit() {
        return openLoop() ? maxInFlight : concurrency;
    }

    /** Nanoseconds from the start at which command {@code i} (from 0) is meant to leave. */
    public long intendedOffsetNanos(long i) {
        if (!openLoop()) {
            throw new IllegalStateException("a closed-loop plan has no schedule");
        }
        return (long) (i * 1_000_000_000.0 / ratePerSecond);
    }
}
