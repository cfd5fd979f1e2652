package dev.ferry.server.limits;

import dev.ferry.server.ServerSettings.RateLimit;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-token rate limit: one {@link TokenBucket} per token name, refilled at
 * {@code perMinute / 60} requests a second and holding up to {@code burst}.
 *
 * <p>Why not Resilience4j's RateLimiter, which the SPEC prefers: it grants {@code limitForPeriod}
 * permits per {@code limitRefreshPeriod} and forgets unused ones, so it cannot say "60 a minute on
 * average, 10 at once": 1 per second allows no burst, and 10 per 10 s lets a client send 20 within
 * a moment across a period boundary and then wait up to 10 s. It also reads the system's nano
 * clock, which a test cannot move. A token bucket is these twenty lines.
 *
 * <p>Only authenticated requests reach it, so the number of buckets is bounded by the number of
 * tokens an admin created; an unauthenticated flood adds none. Buckets that are full again hold no
 * information and are dropped when the map grows.
 *
 * <p>Thread-safe.
 */
public final class RateLimiter {
    /** Above this many buckets, full ones are swept out. */
    private static final int SWEEP_ABOVE = 1024;

    private final RateLimit limit;
    private final Clock clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(RateLimit limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Counts one request of the token named {@code tokenName}. */
    public RateDecision take(String tokenName) {
        long now = clock.millis();
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        return buckets.computeIfAbsent(tokenName, name -> new TokenBucket(limit.burst(), limit.perMinute() / 60.0, now))
                .take(now);
    }

    /** Drops a revoked token's bucket. */
    public void forget(String tokenName) {
        buckets.remove(tokenName);
    }

    public RateLimit limit() {
        return limit;
    }
}
