package dev.ferry.server.notify;

import dev.ferry.engine.state.RunStatus;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One notice: a pipeline's runs started failing, or succeeded again. Immutable.
 *
 * @param event            failure or recovery
 * @param pipeline         the pipeline's name
 * @param runId            the run that failed (failure) or succeeded (recovery)
 * @param status           that run's status
 * @param trigger          what started that run
 * @param failedStreams    the streams that failed in that run; empty for a recovery, or when the run
 *                         failed before any stream (the source could not be reached, say)
 * @param error            that run's error; null for a recovery
 * @param url              the link to the run
 * @param at               when the run ended
 * @param firstFailedRunId the first failed run of the streak
 * @param failedRuns       how many runs of the streak failed (1 in a failure notice)
 */
public record Notice(Event event, String pipeline, long runId, RunStatus status, String trigger, List<String> failedStreams,
                     String error, String url, Instant at, long firstFailedRunId, int failedRuns) {

    public Notice {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(pipeline, "pipeline");
        failedStreams = List.copyOf(failedStreams);
    }

    /** What a notice is about. */
    public enum Event {
        FAILURE, RECOVERY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
