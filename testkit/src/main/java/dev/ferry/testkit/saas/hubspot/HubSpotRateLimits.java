package dev.ferry.testkit.saas.hubspot;

import dev.ferry.testkit.saas.RateLimitWindow;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The documented limits per account: 110 requests per 10 s (an OAuth app's burst limit; a sliding
 * window, the strict reading), a daily limit (250,000 by default, the lowest documented, reset at
 * midnight UTC: a choice, HubSpot resets in the account's time zone), and 5 requests per second for
 * search, which is counted apart and answered without the rate-limit headers, as documented.
 *
 * <p>Every request over a limit is recorded as a violation. When enforced (the default) it is
 * answered 429 in the documented shape, with {@code policyName} {@code TEN_SECONDLY_ROLLING},
 * {@code DAILY} or {@code SECONDLY} (the last a choice, UNCONFIRMED). Choice (UNCONFIRMED): no
 * {@code Retry-After}; a client waits for the interval the headers announce.
 */
final class HubSpotRateLimits {

    static final int BURST = 110;
    static final Duration BURST_WINDOW = Duration.ofSeconds(10);
    static final int DAILY = 250_000;
    static final int SEARCH = 5;
    static final Duration SEARCH_WINDOW = Duration.ofSeconds(1);

    private final RateLimitWindow burst;
    private final RateLimitWindow daily;
    private final RateLimitWindow search;

    HubSpotRateLimits(int burstLimit, Duration burstWindow, int dailyLimit, int searchPerSecond, boolean enforced, Clock clock) {
        burst = new RateLimitWindow(burstLimit, burstWindow, RateLimitWindow.Mode.SLIDING, enforced, clock);
        daily = new RateLimitWindow(dailyLimit, Duration.ofDays(1), RateLimitWindow.Mode.FIXED, enforced, clock);
        search = new RateLimitWindow(searchPerSecond, SEARCH_WINDOW, RateLimitWindow.Mode.SLIDING, enforced, clock);
    }

    RateLimitWindow burst() {
        return burst;
    }

    RateLimitWindow daily() {
        return daily;
    }

    RateLimitWindow search() {
        return search;
    }

    /** Counts a request that is not a search and puts the documented headers into {@code headers}. */
    void count(long hubId, Map<String, String> headers) {
        String key = Long.toString(hubId);
        RateLimitWindow.Decision ten = burst.record(key);
        RateLimitWindow.Decision day = ten.allowed() ? daily.record(key) : null;
        headers.put("X-HubSpot-RateLimit-Max", Integer.toString(burst.limit()));
        headers.put("X-HubSpot-RateLimit-Remaining", Integer.toString(ten.remaining()));
        headers.put("X-HubSpot-RateLimit-Interval-Milliseconds", Long.toString(burst.window().toMillis()));
        headers.put("X-HubSpot-RateLimit-Daily", Integer.toString(daily.limit()));
        headers.put("X-HubSpot-RateLimit-Daily-Remaining",
                Integer.toString(day == null ? daily.remaining(key) : day.remaining()));
        if (!ten.allowed()) {
            throw HubSpotErrors.rateLimited("You have reached your ten_secondly_rolling limit.", "TEN_SECONDLY_ROLLING",
                    new LinkedHashMap<>(headers));
        }
        if (!day.allowed()) {
            throw HubSpotErrors.rateLimited("You have reached your daily limit.", "DAILY", new LinkedHashMap<>(headers));
        }
    }

    /** Counts a search request; no headers, as documented for search. */
    void countSearch(long hubId) {
        if (!search.record(Long.toString(hubId)).allowed()) {
            throw HubSpotErrors.rateLimited("You have reached your secondly limit.", "SECONDLY", Map.of());
        }
    }

    long violations() {
        return burst.violations() + daily.violations() + search.violations();
    }
}
