package dev.ferry.engine.state;

import java.time.Instant;
import java.util.List;

/**
 * One run of a pipeline as the history keeps it.
 *
 * @param id         the run's id, increasing
 * @param pipeline   the pipeline's name
 * @param trigger    what started it: {@code cli}, {@code every}, {@code demo}, ...
 * @param started    when it started
 * @param ended      when it ended (for an interrupted run, its last log line); null while running
 * @param status     its state
 * @param error      the error that failed it, or why it was interrupted; null otherwise
 * @param streams    per-stream counts, in the order the streams ran
 * @param process    the process that ran it; null for runs recorded before processes were
 * @param streamRuns the same streams in the same order, each with its timings and error
 */
public record RunRecord(long id, String pipeline, String trigger, Instant started, Instant ended,
                        RunStatus status, String error, List<StreamStats> streams, RunProcess process,
                        List<StreamRun> streamRuns) {

    public RunRecord {
        streams = List.copyOf(streams);
        streamRuns = List.copyOf(streamRuns);
        if (!streams.equals(streamRuns.stream().map(StreamRun::stats).toList())) {
            throw new IllegalArgumentException("The stream runs of run " + id + " must hold the same counts as its streams");
        }
    }

    /** A run whose streams have no timings. */
    public RunRecord(long id, String pipeline, String trigger, Instant started, Instant ended,
                     RunStatus status, String error, List<StreamStats> streams, RunProcess process) {
        this(id, pipeline, trigger, started, ended, status, error, streams, process,
                streams.stream().map(StreamRun::untimed).toList());
    }

    /** A run with its streams' timings; {@link #streams()} holds their counts. */
    public static RunRecord withStreamRuns(long id, String pipeline, String trigger, Instant started, Instant ended,
                                           RunStatus status, String error, RunProcess process, List<StreamRun> streamRuns) {
        return new RunRecord(id, pipeline, trigger, started, ended, status, error,
                streamRuns.stream().map(StreamRun::stats).toList(), process, streamRuns);
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
