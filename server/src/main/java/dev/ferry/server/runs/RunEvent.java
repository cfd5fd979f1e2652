package dev.ferry.server.runs;

import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StreamStats;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What happens to a run, as one stream of typed events that the audit log, notifications, metrics,
 * schedules and live views all listen to.
 */
public sealed interface RunEvent {

    long runId();

    String pipeline();

    /** A run began. {@code trigger} says what started it: {@code api}, {@code schedule}, {@code after:P}, ... */
    record Started(long runId, String pipeline, String trigger, Instant at) implements RunEvent {
    }

    /** A line of the run's log, as it was written to the state store. */
    record Logged(long runId, String pipeline, Instant at, String level, String stream, String message) implements RunEvent {
    }

    /** Counts of a stream after a written batch. */
    record Progress(long runId, String pipeline, StreamStats stats) implements RunEvent {
    }

    /**
     * A run ended.
     *
     * @param failedStreams the streams that failed, in run order; empty when none did
     */
    record Finished(long runId, String pipeline, String trigger, RunStatus status, String error,
                    List<StreamStats> streams, List<String> failedStreams, Duration duration, Instant at) implements RunEvent {
        public Finished {
            streams = List.copyOf(streams);
            failedStreams = List.copyOf(failedStreams);
        }

        /**
         * Whether the run retried quarantined rows rather than ran the pipeline: it neither starts the
         * pipelines that run after this one nor ends or extends a streak of failures.
         */
        public boolean isQuarantineRetry() {
            return dev.ferry.engine.run.QuarantineRetry.TRIGGER.equals(trigger);
        }
    }
}
