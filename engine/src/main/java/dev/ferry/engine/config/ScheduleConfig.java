package dev.ferry.engine.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * When the server runs a pipeline by itself. The CLI ignores it ({@code ferry run --every} has its
 * own interval); {@code ferry serve} runs the pipeline on it.
 *
 * @param every        run at this interval: the first time one interval after the server set the
 *                     schedule up, then every interval; times that pass while a run is still going
 *                     are skipped. Null when not on an interval
 * @param cron         a five-field cron expression (minute hour day-of-month month day-of-week);
 *                     null when not on a cron schedule
 * @param timezone     the zone {@code cron} is read in; never null (UTC by default)
 * @param after        run when a run of one of these pipelines succeeds; never null, maybe empty
 * @param retries      how many times a failed scheduled run is tried again before the schedule
 *                     waits for its next time; 0 for none
 * @param retryBackoff the wait before the first retry; each next one waits twice as long
 * @param catchUp      what to do about times missed while no server was running
 */
public record ScheduleConfig(Duration every, String cron, ZoneId timezone, List<String> after, int retries,
                             Duration retryBackoff, CatchUp catchUp) {

    public static final int DEFAULT_RETRIES = 3;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(30);
    /** One run for all the times missed while no server ran: the data is brought up to date once. */
    public static final CatchUp DEFAULT_CATCH_UP = CatchUp.ONE;
    /** The zone a cron expression is read in when the file names none. */
    public static final ZoneId DEFAULT_TIMEZONE = java.time.ZoneOffset.UTC;

    /** No schedule: the pipeline runs only when asked to. */
    public static final ScheduleConfig NONE = new ScheduleConfig(null, null, DEFAULT_TIMEZONE, List.of(),
            DEFAULT_RETRIES, DEFAULT_RETRY_BACKOFF, DEFAULT_CATCH_UP);

    public ScheduleConfig {
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(catchUp, "catchUp");
        after = List.copyOf(after);
        if (every != null && cron != null) {
            throw new IllegalArgumentException("A schedule has either every or cron, not both");
        }
    }

    /** Whether the pipeline runs at times of its own (every or cron), as opposed to only after others or when asked. */
    public boolean isTimed() {
        return every != null || cron != null;
    }

    /** Runs missed while no server ran: none, one catch-up run, or every one of them. */
    public enum CatchUp {
        NONE, ONE, ALL
    }
}
