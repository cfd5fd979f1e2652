package dev.ferry.server.ui.pages;

import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;

import java.time.Duration;
import java.time.Instant;

/**
 * A run as a row of the dashboard shows it.
 *
 * @param took how long it ran; for a running run, so far
 */
public record RunSummary(long id, String pipeline, String trigger, RunStatus status, Instant started, Instant ended,
                         Duration took, long rowsRead, long rowsWritten, String error) {

    public static RunSummary of(RunRecord run, Instant now) {
        Instant end = run.ended() == null ? now : run.ended();
        return new RunSummary(run.id(), run.pipeline(), run.trigger(), run.status(), run.started(), run.ended(),
                Duration.between(run.started(), end), run.totalRead(), run.totalWritten(), run.error());
    }

    /** The same run with these totals: a running run's, from its streams' live counts rather than the store's. */
    public RunSummary withTotals(long read, long written) {
        return new RunSummary(id, pipeline, trigger, status, started, ended, took, read, written, error);
    }

    /** The status as a word for people and for the status badge's style: running, succeeded, failed... */
    public String statusLabel() {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** "4.2 s", "3 min 5 s", "2 h 10 min". */
    public String tookText() {
        return DurationText.of(took);
    }
}
