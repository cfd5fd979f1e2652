package dev.ferry.server.runs;

import dev.ferry.engine.run.RunControl;
import dev.ferry.engine.state.StreamStats;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A run this node is executing now: what it is, the handle that stops it, and its latest counts. */
public final class ActiveRun {
    private final long runId;
    private final String pipeline;
    private final String trigger;
    private final Instant started;
    private final RunControl control;
    private final Map<String, StreamStats> progress = new ConcurrentHashMap<>();

    ActiveRun(long runId, String pipeline, String trigger, Instant started, RunControl control) {
        this.runId = runId;
        this.pipeline = pipeline;
        this.trigger = trigger;
        this.started = started;
        this.control = control;
    }

    public long runId() {
        return runId;
    }

    public String pipeline() {
        return pipeline;
    }

    public String trigger() {
        return trigger;
    }

    public Instant started() {
        return started;
    }

    public boolean isStopRequested() {
        return control.isStopRequested();
    }

    void requestStop() {
        control.requestStop();
    }

    void progressed(StreamStats stats) {
        progress.put(stats.stream(), stats);
    }

    /** The latest counts of each stream that has started. */
    public List<StreamStats> progress() {
        return List.copyOf(progress.values());
    }
}
