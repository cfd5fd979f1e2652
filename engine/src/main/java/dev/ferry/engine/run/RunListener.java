package dev.ferry.engine.run;

import dev.ferry.engine.state.StreamStats;

/**
 * Watches a run as it happens (progress bars, JSON output, metrics). Called from the writer thread of
 * the stream concerned; with a pipeline {@code parallelism} above 1, from several such threads at once,
 * so implementations must be thread-safe, and must keep per-stream state by the stream's name. Calls
 * about one stream come from one thread at a time, in the order documented here. Implementations must
 * be quick and must not throw.
 */
public interface RunListener {

    RunListener NONE = new RunListener() {
    };

    /**
     * The run is recorded in the state store under {@code runId} and about to open its connections;
     * called on the thread that called {@link PipelineRunner#run}, before any other method here.
     */
    default void runStarted(long runId, String pipeline) {
    }

    /** A stream begins; called before its first record is read. */
    default void streamStarted(String stream) {
    }

    /**
     * How many rows the stream is expected to read, by the source's estimate (from its catalog, so
     * possibly off by some percent, or stale); called after {@link #streamStarted}, and only when the
     * source can tell cheaply and the estimate stands for this read.
     */
    default void streamSized(String stream, long estimatedRows) {
    }

    /**
     * Counts after each written batch and after each commit; {@code stats} is a snapshot: the rows read so far, and what the
     * destination's commits so far did (rows waiting for the next commit are not in it yet).
     */
    default void progress(StreamStats stats) {
    }

    /** A stream ended, successfully or not. */
    default void streamFinished(StreamStats stats, boolean succeeded) {
    }

    /** A line of the run log; {@code stream} is null for the whole run. */
    default void log(String level, String stream, String message) {
    }
}
