package dev.ferry.testkit.saas;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts requests per key (an API key, a location) in windows of {@code window}, and records a
 * {@link Violation} for every request beyond {@code limit} in one window, so a test can assert
 * {@code violations() == 0} for a connector that must keep to a documented limit.
 *
 * <p>A {@link Mode#SLIDING} window counts the requests of the last {@code window} before each
 * request (the strict reading of "100 per 10 s"); a {@link Mode#FIXED} one counts from window
 * boundaries that are multiples of {@code window} since the epoch (a daily limit resets at
 * midnight UTC).
 *
 * <p>When {@code enforced}, a request over the limit is refused by the fake (429) and, since it
 * was not served, does not count in the window; otherwise it is served and counts, and only the
 * violation tells. Thread-safe.
 */
public final class RateLimitWindow {

    public enum Mode { SLIDING, FIXED }

    /** A request over the limit: the key, when, and how many requests its window held with it. */
    public record Violation(String key, Instant at, int countInWindow) {
    }

    /**
     * The outcome for one request.
     *
     * @param allowed false only when the window is enforced and the request is over the limit
     * @param remaining requests still allowed in the current window after this one (0 at least)
     * @param retryAfter when over the limit, how long until one more request fits; else zero
     */
    public record Decision(boolean allowed, boolean overLimit, int limit, int remaining, Duration retryAfter) {
    }

    private final int limit;
    private final Duration window;
    private final Mode mode;
    private final boolean enforced;
    private final Clock clock;
    private final Map<String, ArrayDeque<Instant>> sliding = new HashMap<>();
    private final Map<String, long[]> fixed = new HashMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private long requests;
    private int highestCount;

    public RateLimitWindow(int limit, Duration window, Mode mode, boolean enforced, Clock clock) {
        if (limit < 1 || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("RateLimitWindow needs a limit of at least 1 and a positive window, got "
                    + limit + " per " + window);
        }
        this.limit = limit;
        this.window = window;
        this.mode = mode;
        this.enforced = enforced;
        this.clock = clock;
    }

    /** Counts one request for the key at the clock's time. */
    public synchronized Decision record(String key) {
        requests++;
        Instant now = clock.instant();
        return mode == Mode.SLIDING ? recordSliding(key, now) : recordFixed(key, now);
    }

    private Decision recordSliding(String key, Instant now) {
        ArrayDeque<Instant> times = sliding.computeIfAbsent(key, k -> new ArrayDeque<>());
        Instant horizon = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
            times.pollFirst();
        }
        int count = times.size() + 1;
        boolean over = count > limit;
        if (over) {
            violations.add(new Violation(key, now, count));
        }
        if (over && enforced) {
            // One more fits once the oldest counted request leaves the window.
            Duration wait = Duration.between(now, times.peekFirst().plus(window));
            return new Decision(false, true, limit, 0, wait);
        }
        times.addLast(now);
        highestCount = Math.max(highestCount, times.size());
        return new Decision(true, over, limit, Math.max(0, limit - times.size()), Duration.ZERO);
    }

    private Decision recordFixed(String key, Instant now) {
        long windowMillis = window.toMillis();
        long start = Math.floorDiv(now.toEpochMilli(), windowMillis) * windowMillis;
        long[] state = fixed.computeIfAbsent(key, k -> new long[] {start, 0});
        if (state[0] != start) {
            state[0] = start;
            state[1] = 0;
        }
        int count = (int) state[1] + 1;
        boolean over = count > limit;
        if (over) {
            violations.add(new Violation(key, now, count));
        }
        if (over && enforced) {
            return new Decision(false, true, limit, 0, Duration.ofMillis(start + windowMillis - now.toEpochMilli()));
        }
        state[1] = count;
        highestCount = Math.max(highestCount, count);
        return new Decision(true, over, limit, Math.max(0, limit - count), Duration.ZERO);
    }

    public synchronized long violations() {
        return violations.size();
    }

    public synchronized List<Violation> violationLog() {
        return List.copyOf(violations);
    }

    /** Every request counted, over the limit or not. */
    public synchronized long requests() {
        return requests;
    }

    /** The most requests one key had in one window, served ones only: how close a client came to the limit. */
    public synchronized int highestCountInWindow() {
        return highestCount;
    }

    /** Requests the key may still send in its current window, without counting one. */
    public synchronized int remaining(String key) {
        Instant now = clock.instant();
        if (mode == Mode.SLIDING) {
            ArrayDeque<Instant> times = sliding.get(key);
            if (times == null) {
                return limit;
            }
            Instant horizon = now.minus(window);
            return (int) Math.max(0, limit - times.stream().filter(time -> time.isAfter(horizon)).count());
        }
        long[] state = fixed.get(key);
        long windowMillis = window.toMillis();
        long start = Math.floorDiv(now.toEpochMilli(), windowMillis) * windowMillis;
        return state == null || state[0] != start ? limit : (int) Math.max(0, limit - state[1]);
    }

    public int limit() {
        return limit;
    }

    public Duration window() {
        return window;
    }

    public boolean enforced() {
        return enforced;
    }

    /** Forgets every count and violation (between phases of one test). */
    public synchronized void reset() {
        sliding.clear();
        fixed.clear();
        violations.clear();
        requests = 0;
        highestCount = 0;
    }
}
