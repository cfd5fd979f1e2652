package dev.ferry.engine.run;

import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StreamStats;

import java.time.Duration;
import java.util.List;

/**
 * How a run ended.
 *
 * @param runId    the run's id in the state store
 * @param status   SUCCEEDED, FAILED or CANCELLED
 * @param error    the first error, null when none
 * @param streams  counts of each stream that ran, in the order they ended (with a parallelism above 1, not
 *                 necessarily file order); streams skipped for a dependency are not among them, the run's
 *                 history in the state store records them with their reason
 * @param duration wall time of the run
 */
public record RunResult(long runId, RunStatus status, String error, List<StreamStats> streams, Duration duration) {

    public RunResult {
        streams = List.copyOf(streams);
    }

    public long totalRead() {
        return streams.stream().mapToLong(StreamStats::read).sum();
    }

    public long totalWritten() {
        return streams.stream().mapToLong(StreamStats::written).sum();
    }

    /** Every stream's counts added up, under the name {@code total}. */
    public StreamStats totals() {
        return streams.stream().reduce(StreamStats.empty("total"), StreamStats::plus);
    }
}
