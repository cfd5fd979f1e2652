package dev.ferry.server.schedule;

import dev.ferry.engine.config.ScheduleConfig;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A pipeline's schedule as the API shows it.
 *
 * @param every         the interval as an ISO-8601 duration ({@code PT15M}); null when not on an interval
 * @param cron          the cron expression; null when not on cron
 * @param timezone      the zone cron is read in
 * @param after         the pipelines whose successful runs start this one
 * @param retryBackoff  the wait before the first retry, as an ISO-8601 duration
 * @param catchUp       {@code none}, {@code one} or {@code all}
 * @param nextDue       when the next timed run is due (a retry's time while retrying); null for none
 * @param running       whether a node is running its timed execution now
 * @param attempt       0, or which retry the next timed run is
 * @param queued        runs queued by the trigger endpoint or by {@code after:}, not yet ended
 */
public record ScheduleView(String pipeline, String every, String cron, String timezone, List<String> after, int retries,
                           String retryBackoff, String catchUp, boolean paused, Instant nextDue, boolean running,
                           int attempt, int queued) {

    static ScheduleView of(String pipeline, ScheduleConfig schedule, boolean paused, Instant nextDue, boolean running,
                           int attempt, int queued) {
        return new ScheduleView(pipeline, schedule.every() == null ? null : schedule.every().toString(), schedule.cron(),
                schedule.timezone().getId(), schedule.after(), schedule.retries(), schedule.retryBackoff().toString(),
                schedule.catchUp().name().toLowerCase(Locale.ROOT), paused, nextDue, running, attempt, queued);
    }
}
