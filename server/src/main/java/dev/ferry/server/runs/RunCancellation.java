package dev.ferry.server.runs;

import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.http.ApiException;

import java.util.Locale;
import java.util.Map;

/**
 * Cancelling a run, for the API and the dashboard alike: a run of this node stops at its next batch
 * boundary; a run of another node gets a request it finds within a second ({@link CancelRequests}).
 * Every attempt is audited, refused ones too.
 */
public final class RunCancellation {
    private final RunService runs;
    private final StateStore history;
    private final AuditLog audit;
    private final CancelRequests cancels;

    public RunCancellation(RunService runs, StateStore history, AuditLog audit, CancelRequests cancels) {
        this.runs = runs;
        this.history = history;
        this.audit = audit;
        this.cancels = cancels;
    }

    /**
     * Asks run {@code runId} to stop, on behalf of {@code caller}, and returns the run as it was asked.
     *
     * @throws ApiException 404 for an unknown run, 409 {@code run_not_running} for a run that has ended
     */
    public RunRecord cancel(Caller caller, long runId) {
        RunRecord run = history.run(runId).orElseThrow(() -> ApiException.notFound("Run " + runId));
        if (run.status() != RunStatus.RUNNING) {
            String status = run.status().name().toLowerCase(Locale.ROOT);
            audit.record(caller, "run.cancel", String.valueOf(run.id()), "refused", "run is " + status);
            throw ApiException.conflict("run_not_running", "Run " + run.id() + " is not running: it is " + status,
                    Map.of("status", run.status().name()));
        }
        if (runs.cancel(run.id()).isEmpty()) {
            // Another node runs it: it finds the request within a second. A `ferry run` from a shell
            // does not look for requests; it stops on SIGTERM or Ctrl+C.
            cancels.request(run.id(), caller.name());
            audit.record(caller, "run.cancel", String.valueOf(run.id()), "ok", "pipeline " + run.pipeline()
                    + ", asked of the process running it" + (run.process() == null ? "" : " (" + run.process() + ")"));
        } else {
            audit.record(caller, "run.cancel", String.valueOf(run.id()), "ok", "pipeline " + run.pipeline());
        }
        return run;
    }
}
