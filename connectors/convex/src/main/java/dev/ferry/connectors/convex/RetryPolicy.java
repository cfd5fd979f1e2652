package dev.ferry.connectors.convex;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long to wait before trying a request again: exponential backoff with jitter
 * ({@code initial × 2^(try-1)}, capped, then a random point in its upper half, so clients that
 * failed together do not return together), or what the server's {@code Retry-After} asks, capped.
 *
 * @param tries         the most attempts of one request, the first included; at least 1
 * @param initial       the wait after the first failure, before jitter
 * @param maxWait       the longest wait backoff computes
 * @param maxRetryAfter the longest wait a {@code Retry-After} may impose
 */
record RetryPolicy(int tries, Duration initial, Duration maxWait, Duration maxRetryAfter) {

    /** Six tries over about a minute: long enough for a proxy's hiccup or a rate limit's window. */
    static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(2));

    RetryPolicy {
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be at least 1, was " + tries);
        }
    }

    /** The wait before try {@code failedTry + 1}: the server's {@code retryAfter} when it gave one, else backoff. */
    Duration waitAfter(int failedTry, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        }
        long cap = maxWait.toMillis();
        long base = Math.min(cap, initial.toMillis() << Math.min(failedTry - 1, 20));
        long half = base / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
    }

    /**
     * A {@code Retry-After} value: whole seconds, or an HTTP date (a date in the past is no wait).
     * Null when absent or unreadable, so backoff applies.
     */
    static Duration parseRetryAfter(String value, ZonedDateTime now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            long seconds = Long.parseLong(text);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            // an HTTP date, below
        }
        try {
            Duration until = Duration.between(now, ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
