package dev.ferry.server.schedule;

import dev.ferry.engine.config.ScheduleConfig;
import dev.ferry.engine.schedule.CronExpression;

import java.time.Duration;
import java.time.Instant;

/**
 * The schedule's arithmetic, as pure functions of the schedule and given instants (no clock, no
 * database), so every decision the scheduler takes can be tested with fixed times:
 * <ul>
 *   <li>{@code every: 15m}: regular times are 15 minutes apart, the first one interval after the
 *       schedule is set up; a run that lasts longer than the interval skips the times that passed
 *       while it ran.</li>
 *   <li>{@code cron}: the expression's times in its zone, daylight saving changes handled as
 *       {@link CronExpression} describes.</li>
 *   <li>Missed runs: an execution picked after its following regular time had already come, or
 *       more than {@link #LATE_LIMIT} late, was missed (no server was running, or none could take
 *       it). {@code catch_up: none} skips it and waits for the next regular time; {@code one} runs
 *       once now; {@code all} runs once for every missed time, one after another (at most
 *       {@link #MAX_CATCH_UPS}).</li>
 *   <li>Retries: a failed run is tried again after {@code retry_backoff}, then twice that, four
 *       times that, ... up to {@code retries} times; after the last one the schedule waits for
 *       its next regular time.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class ScheduleTimes {
    /** How late a regular run may start and still count as on time. */
    public static final Duration LATE_LIMIT = Duration.ofMinutes(1);
    /** The most missed runs {@code catch_up: all} runs. */
    public static final int MAX_CATCH_UPS = 1000;
    /** Backoff doubles at most this many times, so a long series of retries never overflows. */
    private static final int MAX_DOUBLINGS = 20;

    private ScheduleTimes() {
    }

    /** What an execution does when it is picked. */
    public sealed interface Decision {
    }

    /** Start a run recorded with {@code trigger}; the execution then carries {@code state}. */
    public record Run(String trigger, ScheduleState state) implements Decision {
    }

    /** No run: the execution moves to {@code at} with {@code state}. */
    public record Skip(Instant at, ScheduleState state) implements Decision {
    }

    /** Where an execution goes next. */
    public record Next(Instant at, ScheduleState state) {
    }

    /** A short text of the schedule's times, stored with its executions to notice when it changes. */
    public static String definition(ScheduleConfig schedule) {
        if (schedule.every() != null) {
            return "every " + schedule.every();
        }
        if (schedule.cron() != null) {
            return "cron " + schedule.cron() + " " + schedule.timezone().getId();
        }
        return "none";
    }

    /** The first regular time of a schedule set up at {@code now}. */
    public static Instant first(ScheduleConfig schedule, Instant now) {
        return nextAfter(schedule, now);
    }

    /** The regular time that follows {@code due}. */
    public static Instant nextAfter(ScheduleConfig schedule, Instant due) {
        if (schedule.every() != null) {
            return due.plus(schedule.every());
        }
        if (schedule.cron() != null) {
            return CronExpression.parse(schedule.cron()).next(due, schedule.timezone());
        }
        throw new IllegalArgumentException("the schedule has no times of its own (neither every nor cron)");
    }

    /** The first regular time of the series through {@code due} that is later than both {@code due} and {@code now}. */
    public static Instant nextRegular(ScheduleConfig schedule, Instant due, Instant now) {
        if (!now.isAfter(due)) {
            return nextAfter(schedule, due);
        }
        if (schedule.every() != null) {
            long passed = Duration.between(due, now).dividedBy(schedule.every());
            return due.plus(schedule.every().multipliedBy(passed + 1));
        }
        return nextAfter(schedule, now);
    }

    /** Whether an execution due at {@code due} and picked at {@code now} was missed rather than merely late. */
    public static boolean isMissed(ScheduleConfig schedule, Instant due, Instant now) {
        return !now.isBefore(nextAfter(schedule, due)) || Duration.between(due, now).compareTo(LATE_LIMIT) > 0;
    }

    /** How many regular times fall from {@code due} to {@code now}, both included; at most {@link #MAX_CATCH_UPS}. */
    public static int missedCount(ScheduleConfig schedule, Instant due, Instant now) {
        if (now.isBefore(due)) {
            return 0;
        }
        if (schedule.every() != null) {
            long count = Duration.between(due, now).dividedBy(schedule.every()) + 1;
            return (int) Math.min(count, MAX_CATCH_UPS);
        }
        int count = 1;
        Instant time = nextAfter(schedule, due);
        while (!time.isAfter(now) && count < MAX_CATCH_UPS) {
            count++;
            time = nextAfter(schedule, time);
        }
        return count;
    }

    /** What an execution due at {@code due}, carrying {@code state}, does when picked at {@code now}. */
    public static Decision onPick(ScheduleConfig schedule, ScheduleState state, Instant due, Instant now) {
        if (state.attempt() > 0) {
            return new Run("retry", state);
        }
        if (!state.isRegular() || !isMissed(schedule, due, now)) {
            return new Run("schedule", state);
        }
        return switch (schedule.catchUp()) {
            case NONE -> new Skip(nextRegular(schedule, due, now),
                    ScheduleState.regular(nextRegular(schedule, due, now), definition(schedule)));
            case ONE -> new Run("schedule", state);
            case ALL -> new Run("schedule", new ScheduleState(state.regularDue(), 0,
                    missedCount(schedule, due, now) - 1, state.definition()));
        };
    }

    /** Where the execution goes after its run ended at {@code ended}, failed or not. */
    public static Next afterRun(ScheduleConfig schedule, ScheduleState state, boolean failed, Instant ended) {
        if (failed && state.attempt() < schedule.retries()) {
            return new Next(ended.plus(retryDelay(schedule, state.attempt())),
                    new ScheduleState(state.regularDue(), state.attempt() + 1, state.catchUpsLeft(), state.definition()));
        }
        if (state.catchUpsLeft() > 0) {
            return new Next(ended, new ScheduleState(state.regularDue(), 0, state.catchUpsLeft() - 1, state.definition()));
        }
        Instant next = nextRegular(schedule, state.regularDue(), ended);
        return new Next(next, ScheduleState.regular(next, definition(schedule)));
    }

    /** The wait before retry number {@code attempt + 1}: the backoff, doubled {@code attempt} times. */
    public static Duration retryDelay(ScheduleConfig schedule, int attempt) {
        return schedule.retryBackoff().multipliedBy(1L << Math.min(attempt, MAX_DOUBLINGS));
    }
}
