package dev.ferry.cli;

import java.time.Duration;

/**
 * When {@code ferry run --every} starts the next run: one interval after the last run started,
 * and, after failed runs in a row, a longer wait that doubles with each of them, so a pipeline that
 * cannot succeed (a server down, a table gone) is not retried at full speed. The longest wait is ten
 * intervals but no more than 15 minutes; intervals of 15 minutes or more are never stretched.
 *
 * @param interval the wait after a successful run; positive
 */
record EverySchedule(Duration interval) {
    static final Duration LONGEST_BACKOFF = Duration.ofMinutes(15);
    private static final int MOST_INTERVALS = 10;

    EverySchedule {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
    }

    /** The longest wait between runs. */
    Duration longestWait() {
        Duration tenIntervals = interval.multipliedBy(MOST_INTERVALS);
        Duration capped = tenIntervals.compareTo(LONGEST_BACKOFF) < 0 ? tenIntervals : LONGEST_BACKOFF;
        return capped.compareTo(interval) > 0 ? capped : interval;
    }

    /** The wait from the start of the last run to the start of the next, after that many failed runs in a row. */
    Duration waitAfter(int failuresInARow) {
        Duration longest = longestWait();
        Duration wait = interval;
        for (int i = 0; i < failuresInARow && wait.compareTo(longest) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(longest) < 0 ? wait : longest;
    }

    /** A wait as people write it: {@code 500 ms}, {@code 4 s}, {@code 2.5 s}, {@code 15 min}, {@code 1 h 30 min}. */
    static String describe(Duration wait) {
        if (wait.toMillis() < 1000) {
            return wait.toMillis() + " ms";
        }
        if (wait.toSeconds() < 60) {
            return wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s"
                    : String.format(java.util.Locale.ROOT, "%.1f s", wait.toMillis() / 1000.0);
        }
        StringBuilder text = new StringBuilder();
        if (wait.toHours() > 0) {
            text.append(wait.toHours()).append(" h");
        }
        if (wait.toMinutesPart() > 0) {
            text.append(text.isEmpty() ? "" : " ").append(wait.toMinutesPart()).append(" min");
        }
        if (wait.toSecondsPart() > 0) {
            text.append(text.isEmpty() ? "" : " ").append(wait.toSecondsPart()).append(" s");
        }
        return text.toString();
    }
}
