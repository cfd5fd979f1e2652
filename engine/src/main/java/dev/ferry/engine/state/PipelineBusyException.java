package dev.ferry.engine.state;

import dev.ferry.api.FerryException;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A run was refused because another run of the same pipeline holds its lock. Names that run when
 * the history shows it (it may not have recorded its row yet, a moment after taking the lock).
 */
public final class PipelineBusyException extends FerryException {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final String pipeline;
    private final transient RunRecord running;

    public PipelineBusyException(String pipeline, Optional<RunRecord> running) {
        super(message(pipeline, running));
        this.pipeline = pipeline;
        this.running = running.orElse(null);
    }

    public String pipeline() {
        return pipeline;
    }

    /** The run that holds the lock, when the history shows it. */
    public Optional<RunRecord> running() {
        return Optional.ofNullable(running);
    }

    private static String message(String pipeline, Optional<RunRecord> running) {
        return "pipeline " + pipeline + " is already running: " + running.map(PipelineBusyException::describe)
                .orElse("another process holds its lock and has not recorded its run yet");
    }

    static String describe(RunRecord run) {
        return "run " + run.id() + " (" + (run.process() != null ? run.process() + ", " : "") + "started "
                + TIME.format(run.started()) + ")";
    }
}
