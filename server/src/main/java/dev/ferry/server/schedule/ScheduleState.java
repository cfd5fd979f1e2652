package dev.ferry.server.schedule;

import java.time.Instant;
import java.util.Objects;

/**
 * What the scheduler keeps with a pipeline's pending execution (as JSON in db-scheduler's
 * {@code task_data}), so that any node that picks it knows what it stands for.
 *
 * @param regularDue   the regular time this execution belongs to; a retry or a catch-up keeps the
 *                     time of the run it repeats
 * @param attempt      0 for a regular run, n for the n-th retry of a failed one
 * @param catchUpsLeft with {@code catch_up: all}, how many missed runs remain to be run after this one
 * @param definition   the schedule the times were computed from ({@link ScheduleTimes#definition}),
 *                     so that a changed schedule is noticed
 */
public record ScheduleState(Instant regularDue, int attempt, int catchUpsLeft, String definition) {
    public ScheduleState {
        Objects.requireNonNull(regularDue, "regularDue");
        Objects.requireNonNull(definition, "definition");
    }

    /** A regular run at {@code due}. */
    public static ScheduleState regular(Instant due, String definition) {
        return new ScheduleState(due, 0, 0, definition);
    }

    /** Whether neither a retry nor a further catch-up run is pending: the execution follows the regular times. */
    public boolean isRegular() {
        return attempt == 0 && catchUpsLeft == 0;
    }
}
