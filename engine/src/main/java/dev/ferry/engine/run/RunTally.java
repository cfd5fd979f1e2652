package dev.ferry.engine.run;

import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.run.PipelineRunner.StreamOutcome;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StreamStats;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run's streams came to, kept in the run's history as each starts, ends or is skipped.
 *
 * <p>Not thread-safe: only the run's own thread uses it, also when streams run on threads of their
 * own, which hand their outcomes back to it.
 */
final class RunTally {
    private final StateStore state;
    private final long runId;
    private final RunLog log;
    private final List<StreamStats> results = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    RunTally(StateStore state, long runId, RunLog log) {
        this.state = state;
        this.runId = runId;
        this.log = log;
    }

    void started(StreamConfig stream) {
        state.startStream(runId, stream.name());
    }

    /** Records a stream's end; returns it for the schedule. */
    StreamSchedule.Ending ended(StreamOutcome outcome) {
        results.add(outcome.stats());
        state.finishStream(runId, outcome.stats(), outcome.error());
        if (outcome.error() != null) {
            errors.add(outcome.stats().stream() + ": " + outcome.error());
            return StreamSchedule.Ending.FAILED;
        }
        return outcome.completed() ? StreamSchedule.Ending.COMMITTED : StreamSchedule.Ending.STOPPED;
    }

    /**
     * Records streams that will not run because of a dependency: in the history as streams that read
     * nothing, with the reason as their error, and in the log. A skip rooted in a failure fails the run;
     * one rooted in a stop leaves the run cancelled.
     */
    void skipped(List<StreamSchedule.Skip> skips) {
        for (StreamSchedule.Skip skip : skips) {
            String stream = skip.stream().name();
            state.startStream(runId, stream);
            state.finishStream(runId, StreamStats.empty(stream), skip.reason());
            if (skip.causedByFailure()) {
                log.error(stream, skip.reason());
                errors.add(stream + ": " + skip.reason());
            } else {
                log.warn(stream, skip.reason());
            }
        }
    }

    /** An error of the whole run, such as a connection that cannot be opened. */
    void runFailed(String error) {
        errors.add(error);
        log.error(null, error);
    }

    /** The counts of the streams that ran, in the order they ended. */
    List<StreamStats> results() {
        return List.copyOf(results);
    }

    List<String> errors() {
        return List.copyOf(errors);
    }
}
