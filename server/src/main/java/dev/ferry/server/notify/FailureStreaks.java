package dev.ferry.server.notify;

import dev.ferry.engine.state.RunStatus;
import dev.ferry.server.runs.RunEvent;
import dev.ferry.server.store.Sql;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Follows each pipeline's failure streak in {@code ferry_notify_streak}, so that a streak gives one
 * failure notice when it starts and one recovery notice when it ends, however many runs fail (or are
 * retried) in between, and so that a restart neither sends a notice again nor forgets a streak.
 *
 * <p>The rules:
 * <ul>
 *   <li>a FAILED run starts a streak when none is going on, and is only counted otherwise;</li>
 *   <li>the streak keeps the set of streams still failing: those that failed in its runs, less those
 *       that have run successfully since; a run that failed before or outside its streams (its source
 *       unreachable, say) adds the whole run, which only a SUCCEEDED run clears;</li>
 *   <li>a SUCCEEDED run ends the streak when, without the streams it ran, none is left failing: a
 *       run of other streams only says nothing about the broken one;</li>
 *   <li>CANCELLED and INTERRUPTED runs neither start nor end a streak: they were stopped, so they say
 *       nothing about whether the pipeline works;</li>
 *   <li>a run whose id is not newer than the last one counted is ignored, so an event seen twice
 *       (or late) changes nothing.</li>
 * </ul>
 * Each change is a compare-and-set on the row's {@code last_run_id}, so nodes sharing one store agree.
 *
 * <p>Thread-safe.
 */
public final class FailureStreaks {
    /** Stands, among the failing streams, for a run that failed before or outside its streams. */
    static final String WHOLE_RUN = "*";

    private final Sql sql;
    private final Clock clock;

    public FailureStreaks(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /** Counts a finished run; returns the notice it calls for, if any, with the streak as it is now. */
    public Optional<Transition> record(RunEvent.Finished run) {
        if (run.status() != RunStatus.FAILED && run.status() != RunStatus.SUCCEEDED || run.isQuarantineRetry()) {
            return Optional.empty();
        }
        for (int attempt = 0; attempt < 10; attempt++) {
            Optional<Streak> current = find(run.pipeline());
            if (current.isEmpty()) {
                boolean failed = run.status() == RunStatus.FAILED;
                int inserted = sql.update("start the failure streak of " + run.pipeline(),
                        "INSERT INTO ferry_notify_streak (pipeline, failing, first_failed_run, failed_runs, failed_streams, "
                                + "last_run_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pipeline) DO NOTHING",
                        run.pipeline(), failed ? 1 : 0, failed ? run.runId() : null, failed ? 1 : 0,
                        failed ? join(run.failedStreams().isEmpty() ? List.of(WHOLE_RUN) : run.failedStreams()) : null,
                        run.runId(), clock.millis());
                if (inserted == 1) {
                    return failed ? Optional.of(new Transition(Notice.Event.FAILURE, new Streak(true, run.runId(), 1,
                            run.failedStreams(), run.runId()))) : Optional.empty();
                }
                continue;
            }
            Streak streak = current.get();
            if (run.runId() <= streak.lastRunId()) {
                return Optional.empty();
            }
            Change change = change(streak, run);
            int updated = sql.update("count a run in the failure streak of " + run.pipeline(),
                    "UPDATE ferry_notify_streak SET failing = ?, first_failed_run = ?, failed_runs = ?, failed_streams = ?, "
                            + "last_run_id = ?, updated_at = ? WHERE pipeline = ? AND last_run_id = ?",
                    change.after().failing() ? 1 : 0, change.after().firstFailedRun(), change.after().failedRuns(),
                    change.after().failedStreams() == null ? null : join(change.after().failedStreams()),
                    run.runId(), clock.millis(), run.pipeline(), streak.lastRunId());
            if (updated == 1) {
                return change.notice() == null ? Optional.empty() : Optional.of(new Transition(change.notice(), change.after()));
            }
        }
        throw new IllegalStateException("The failure streak of " + run.pipeline() + " kept changing under this node");
    }

    /** The streak of a pipeline as stored; empty before its first counted run. */
    public Optional<Streak> find(String pipeline) {
        return sql.queryOne("read the failure streak of " + pipeline,
                "SELECT failing, first_failed_run, failed_runs, failed_streams, last_run_id FROM ferry_notify_streak "
                        + "WHERE pipeline = ?",
                row -> {
                    long first = row.getLong("first_failed_run");
                    Long firstFailedRun = row.wasNull() ? null : first;
                    String streams = row.getString("failed_streams");
                    return new Streak(row.getInt("failing") == 1, firstFailedRun, row.getInt("failed_runs"),
                            streams == null ? null : split(streams), row.getLong("last_run_id"));
                }, pipeline);
    }

    private static Change change(Streak streak, RunEvent.Finished run) {
        Set<String> ran = new LinkedHashSet<>();
        run.streams().forEach(stats -> ran.add(stats.stream()));
        if (run.status() == RunStatus.FAILED) {
            Set<String> failing = new LinkedHashSet<>(run.failedStreams().isEmpty() ? List.of(WHOLE_RUN) : run.failedStreams());
            if (!streak.failing()) {
                return new Change(new Streak(true, run.runId(), 1, List.copyOf(failing), run.runId()), Notice.Event.FAILURE);
            }
            Set<String> still = new LinkedHashSet<>(streak.failedStreams());
            ran.stream().filter(stream -> !run.failedStreams().contains(stream)).forEach(still::remove);
            still.addAll(failing);
            return new Change(new Streak(true, streak.firstFailedRun(), streak.failedRuns() + 1, List.copyOf(still),
                    run.runId()), null);
        }
        if (!streak.failing()) {
            return new Change(new Streak(false, streak.firstFailedRun(), streak.failedRuns(), null, run.runId()), null);
        }
        Set<String> still = new LinkedHashSet<>(streak.failedStreams());
        still.removeAll(ran);
        still.remove(WHOLE_RUN);
        if (still.isEmpty()) {
            return new Change(new Streak(false, streak.firstFailedRun(), streak.failedRuns(), null, run.runId()),
                    Notice.Event.RECOVERY);
        }
        return new Change(new Streak(true, streak.firstFailedRun(), streak.failedRuns(), List.copyOf(still), run.runId()), null);
    }

    // Stream names are identifiers (letters, digits, _, ., -), never holding a line break.
    private static String join(List<String> streams) {
        return String.join("\n", streams);
    }

    private static List<String> split(String streams) {
        return streams.isEmpty() ? List.of() : Arrays.asList(streams.split("\n"));
    }

    /**
     * A pipeline's streak.
     *
     * @param failing        whether a failure notice was sent and no recovery yet
     * @param firstFailedRun the streak's first failed run; kept after a recovery for its notice
     * @param failedRuns     how many runs of the streak failed
     * @param failedStreams  the streams still failing ({@value #WHOLE_RUN} for the whole run); null when not failing
     * @param lastRunId      the newest run counted
     */
    public record Streak(boolean failing, Long firstFailedRun, int failedRuns, List<String> failedStreams, long lastRunId) {
    }

    /** A streak that starts (failure) or ends (recovery), as it is after the run. */
    public record Transition(Notice.Event event, Streak streak) {
    }

    private record Change(Streak after, Notice.Event notice) {
    }
}
