package dev.ferry.testkit.saas.powerbi;

import dev.ferry.testkit.saas.RateLimitWindow;

import java.time.Clock;
import java.time.Duration;

/**
 * The documented limits: per query, at most 100,000 rows or 1,000,000 values; 120 query requests
 * per minute per user; per push, at most 10,000 rows; 1,000,000 rows added per hour and 120 push
 * requests per minute per dataset. The windows slide (the strict reading) and are enforced: over a
 * limit the fake answers 429 with {@code Retry-After} in whole seconds, rounded up, and records a
 * violation. Tests may lower them to stay small.
 */
record PowerBiLimits(int maxQueryRows, int maxQueryValues, RateLimitWindow queries, int maxRowsPerPush,
                     RateLimitWindow pushCalls, RowBudget pushRows) {

    static final int MAX_QUERY_ROWS = 100_000;
    static final int MAX_QUERY_VALUES = 1_000_000;
    static final int QUERIES_PER_MINUTE = 120;
    static final int MAX_ROWS_PER_PUSH = 10_000;
    static final int PUSH_CALLS_PER_MINUTE = 120;
    static final long PUSH_ROWS_PER_HOUR = 1_000_000;

    static PowerBiLimits documented(Clock clock) {
        return of(MAX_QUERY_ROWS, MAX_QUERY_VALUES, QUERIES_PER_MINUTE, MAX_ROWS_PER_PUSH, PUSH_CALLS_PER_MINUTE,
                PUSH_ROWS_PER_HOUR, clock);
    }

    static PowerBiLimits of(int maxQueryRows, int maxQueryValues, int queriesPerMinute, int maxRowsPerPush,
                            int pushCallsPerMinute, long pushRowsPerHour, Clock clock) {
        return new PowerBiLimits(maxQueryRows, maxQueryValues,
                new RateLimitWindow(queriesPerMinute, Duration.ofMinutes(1), RateLimitWindow.Mode.SLIDING, true, clock),
                maxRowsPerPush,
                new RateLimitWindow(pushCallsPerMinute, Duration.ofMinutes(1), RateLimitWindow.Mode.SLIDING, true, clock),
                new RowBudget(pushRowsPerHour, Duration.ofHours(1), true, clock));
    }

    long violations() {
        return queries.violations() + pushCalls.violations() + pushRows.violations();
    }

    static String retryAfter(Duration wait) {
        return Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000));
    }
}
