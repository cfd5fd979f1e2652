package dev.ferry.engine.run;

import java.time.Duration;

/**
 * How often a stream that failed with a retriable error is tried again, and how long to wait
 * between tries: {@code initialDelay}, doubled each time.
 *
 * @param attempts     total tries, at least 1
 * @param initialDelay the wait before the second try
 */
public record RetryPolicy(int attempts, Duration initialDelay) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofSeconds(1));
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO);

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("RetryPolicy: attempts must be at least 1, was " + attempts);
        }
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("RetryPolicy: initialDelay must not be negative");
        }
    }

    /** The wait after failed try number {@code attempt} (1-based). */
    public Duration delayAfter(int attempt) {
        return initialDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
    }
}
