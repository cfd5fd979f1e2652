package dev.ferry.testkit.saas.powerbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows added per key (a dataset) in a sliding window, for a limit counted in rows rather than
 * requests ("1,000,000 rows added per hour per dataset"), which {@link dev.ferry.testkit.saas.RateLimitWindow}
 * does not count. A call that would take the window over the limit is a violation; when enforced it
 * is refused and its rows do not count. Thread-safe.
 */
final class RowBudget {

    record Violation(String key, Instant at, long rowsInWindow) {
    }

    /** @param retryAfter when refused, how long until the call's rows fit; else zero */
    record Decision(boolean allowed, Duration retryAfter) {
    }

    private record Added(Instant at, int rows) {
    }

    private final long limit;
    private final Duration window;
    private final boolean enforced;
    private final Clock clock;
    private final Map<String, ArrayDeque<Added>> added = new HashMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private long rows;

    RowBudget(long limit, Duration window, boolean enforced, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.enforced = enforced;
        this.clock = clock;
    }

    synchronized Decision add(String key, int count) {
        Instant now = clock.instant();
        ArrayDeque<Added> entries = added.computeIfAbsent(key, k -> new ArrayDeque<>());
        Instant horizon = now.minus(window);
        while (!entries.isEmpty() && !entries.peekFirst().at().isAfter(horizon)) {
            entries.pollFirst();
        }
        long inWindow = entries.stream().mapToLong(Added::rows).sum() + count;
        if (inWindow > limit) {
            violations.add(new Violation(key, now, inWindow));
            if (enforced) {
                long excess = inWindow - limit;
                Instant fits = now;
                for (Added entry : entries) {
                    excess -= entry.rows();
                    fits = entry.at().plus(window);
                    if (excess <= 0) {
                        break;
                    }
                }
                return new Decision(false, Duration.between(now, fits));
            }
        }
        entries.addLast(new Added(now, count));
        rows += count;
        return new Decision(true, Duration.ZERO);
    }

    synchronized long violations() {
        return violations.size();
    }

    synchronized List<Violation> violationLog() {
        return List.copyOf(violations);
    }

    /** Rows accepted in all. */
    synchronized long rows() {
        return rows;
    }

    long limit() {
        return limit;
    }
}
