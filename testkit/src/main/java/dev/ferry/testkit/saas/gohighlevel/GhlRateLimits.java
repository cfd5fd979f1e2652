package dev.ferry.testkit.saas.gohighlevel;

import dev.ferry.testkit.saas.RateLimitWindow;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The documented limits per app per location: a burst of 100 requests per 10 s (counted in a
 * sliding window, the strict reading) and 200,000 per day (a fixed window, resetting at midnight
 * UTC: a choice). Both are enforced: over either, the fake answers 429. Every answer to an
 * authenticated request carries the documented headers.
 */
final class GhlRateLimits {

    static final int BURST = 100;
    static final Duration BURST_WINDOW = Duration.ofSeconds(10);
    static final int DAILY = 200_000;

    private final RateLimitWindow burst;
    private final RateLimitWindow daily;

    GhlRateLimits(int burstLimit, Duration burstWindow, int dailyLimit, Clock clock) {
        burst = new RateLimitWindow(burstLimit, burstWindow, RateLimitWindow.Mode.SLIDING, true, clock);
        daily = new RateLimitWindow(dailyLimit, Duration.ofDays(1), RateLimitWindow.Mode.FIXED, true, clock);
    }

    RateLimitWindow burst() {
        return burst;
    }

    RateLimitWindow daily() {
        return daily;
    }

    /**
     * Counts the request for the location and puts the rate-limit headers; over a limit, throws
     * 429 with {@code Retry-After} in whole seconds, rounded up (a choice: the documentation
     * shows neither the 429 body nor that header).
     */
    void count(String locationId, Map<String, String> headers) {
        RateLimitWindow.Decision burstDecision = burst.record(locationId);
        RateLimitWindow.Decision dailyDecision = burstDecision.allowed() ? daily.record(locationId) : null;
        headers.put("X-RateLimit-Max", Integer.toString(burst.limit()));
        headers.put("X-RateLimit-Remaining", Integer.toString(burstDecision.remaining()));
        headers.put("X-RateLimit-Interval-Milliseconds", Long.toString(burst.window().toMillis()));
        headers.put("X-RateLimit-Limit-Daily", Integer.toString(daily.limit()));
        headers.put("X-RateLimit-Daily-Remaining", Integer.toString(
                dailyDecision == null ? daily.remaining(locationId) : dailyDecision.remaining()));
        RateLimitWindow.Decision refused = !burstDecision.allowed() ? burstDecision
                : !dailyDecision.allowed() ? dailyDecision : null;
        if (refused != null) {
            long seconds = Math.max(1, (refused.retryAfter().toMillis() + 999) / 1000);
            headers.put("Retry-After", Long.toString(seconds));
            throw GhlErrors.http(429, "Too many requests: the limit is " + refused.limit() + " requests per "
                    + (refused == burstDecision ? burst.window().toMillis() + " ms" : "day") + " for this location");
        }
    }

    long violations() {
        return burst.violations() + daily.violations();
    }
}
