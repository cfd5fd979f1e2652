package dev.ferry.server.runs;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.state.PipelineBusyException;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.Role;
import dev.ferry.server.http.ApiException;
import dev.ferry.server.http.ApiRoutes;
import dev.ferry.server.http.Authentication;
import dev.ferry.server.http.Json;
import dev.ferry.server.pipelines.PipelineCatalog;
import dev.ferry.server.pipelines.PipelineEntry;
import io.javalin.http.Context;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sync now, the run history, one run, and cancelling: routing only, the work is in {@link RunService}. */
public final class RunRoutes {
    private final PipelineCatalog pipelines;
    private final RunService runs;
    private final StateStore history;
    private final AuditLog audit;

    public RunRoutes(PipelineCatalog pipelines, RunService runs, StateStore history, AuditLog audit) {
        this.pipelines = pipelines;
        this.runs = runs;
        this.history = history;
        this.audit = audit;
    }

    public void register(ApiRoutes routes) {
        routes.post("/api/pipelines/{name}/runs", Role.OPERATOR, "Sync now: start a run of the pipeline", this::start);
        routes.get("/api/runs", Role.VIEWER, "Runs, newest first", this::list);
        routes.get("/api/runs/{id}", Role.VIEWER, "One run with its per-stream counts", this::show);
        routes.post("/api/runs/{id}/cancel", Role.OPERATOR, "Stop a run at its next batch boundary", this::cancel);
    }

    /** The body of Sync now; both fields optional. */
    public record StartBody(List<String> streams, Boolean fullRefresh) {
    }

    /** The answer to Sync now. */
    public record Started(long runId, String pipeline, String status, String href) {
    }

    private void start(Context ctx) {
        Caller caller = Authentication.caller(ctx);
        String name = ctx.pathParam("name");
        RunRequest request;
        ActiveRun run;
        try {
            StartBody body = Json.body(ctx, StartBody.class, new StartBody(null, null));
            request = new RunRequest(body.streams(), Boolean.TRUE.equals(body.fullRefresh()), "api:" + caller.name());
            run = startRun(name, request);
        } catch (ApiException refused) {
            // A trigger is on record however it ends: not found, invalid, busy, a bad body.
            audit.record(caller, "pipeline.run", name, refused.status() >= 500 ? "failed" : "refused",
                    "status " + refused.status() + " " + refused.code() + ": " + refused.getMessage());
            throw refused;
        }
        audit.record(caller, "pipeline.run", name, "ok", "run " + run.runId()
                + (request.streams().isEmpty() ? "" : ", streams " + String.join(", ", request.streams()))
                + (request.fullRefresh() ? ", full refresh" : ""));
        ctx.status(202).json(new Started(run.runId(), name, RunStatus.RUNNING.name(), "/api/runs/" + run.runId()));
    }

    private ActiveRun startRun(String name, RunRequest request) {
        try {
            return runs.start(runnable(name), request);
        } catch (PipelineBusyException busy) {
            throw busyError(busy);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(503, "shutting_down", e.getMessage());
        }
    }

    /** The pipeline, when it exists and is valid. */
    public PipelineConfig runnable(String name) {
        PipelineEntry entry = pipelines.find(name).orElseThrow(() -> ApiException.notFound("Pipeline " + name));
        if (!entry.isValid()) {
            throw new ApiException(422, "invalid_pipeline", "Pipeline " + name + " has configuration problems and cannot run",
                    Map.of("problems", entry.problems().stream().map(dev.ferry.server.http.ProblemView::of).toList()));
        }
        return entry.config();
    }

    /** 409 naming the run in progress. */
    public static ApiException busyError(PipelineBusyException busy) {
        Map<String, Object> details = new HashMap<>();
        busy.running().ifPresent(running -> {
            details.put("runningRunId", running.id());
            if (running.process() != null) {
                details.put("host", running.process().host());
            }
        });
        return ApiException.conflict("pipeline_busy", busy.getMessage(), details);
    }

    private void list(Context ctx) {
        String pipeline = ctx.queryParam("pipeline");
        int limit = intParam(ctx, "limit", 50, 1, 1000);
        ctx.json(history.recentRuns(pipeline, limit).stream().map(this::view).toList());
    }

    private void show(Context ctx) {
        ctx.json(view(findRun(ctx)));
    }

    private void cancel(Context ctx) {
        Caller caller = Authentication.caller(ctx);
        RunRecord run = findRun(ctx);
        if (run.status() != RunStatus.RUNNING) {
            audit.record(caller, "run.cancel", String.valueOf(run.id()), "refused", "run is " + run.status().name().toLowerCase());
            throw ApiException.conflict("run_not_running", "Run " + run.id() + " is not running: it is "
                    + run.status().name().toLowerCase(), Map.of("status", run.status().name()));
        }
        ActiveRun active = runs.cancel(run.id()).orElseThrow(() -> {
            audit.record(caller, "run.cancel", String.valueOf(run.id()), "refused", "runs on another process");
            return ApiException.conflict("run_elsewhere", "Run " + run.id() + " runs in another process"
                    + (run.process() == null ? "" : " (" + run.process() + ")") + "; cancel it there", Map.of());
        });
        audit.record(caller, "run.cancel", String.valueOf(active.runId()), "ok", "pipeline " + active.pipeline());
        ctx.status(202).json(view(run));
    }

    private RunRecord findRun(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("A run id is a whole number, not '" + ctx.pathParam("id") + "'");
        }
        return history.run(id).orElseThrow(() -> ApiException.notFound("Run " + id));
    }

    private RunView view(RunRecord run) {
        return RunView.of(run, runs.active(run.id()).map(ActiveRun::progress).orElse(List.of()));
    }

    public static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("Query parameter " + name + " must be a whole number from " + min + " to " + max
                + ", not '" + text + "'");
    }
}
