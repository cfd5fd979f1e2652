package dev.ferry.server.runs;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.state.PipelineBusyException;
import dev.ferry.engine.state.RunPage;
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
import io.javalin.http.sse.SseClient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sync now, the run history, one run, and cancelling: routing only, the work is in {@link RunService}. */
public final class RunRoutes {
    private static final String NDJSON = "application/x-ndjson";
    private final PipelineCatalog pipelines;
    private final RunService runs;
    private final StateStore history;
    private final AuditLog audit;
    private final RunLogTail tail;
    private final RunCancellation cancellation;

    /**
     * @param tail    follows logs for the live tail
     * @param cancels where cancels of runs other nodes execute are left for them
     */
    public RunRoutes(PipelineCatalog pipelines, RunService runs, StateStore history, AuditLog audit, RunLogTail tail,
                     CancelRequests cancels) {
        this.pipelines = pipelines;
        this.runs = runs;
        this.history = history;
        this.audit = audit;
        this.tail = tail;
        this.cancellation = new RunCancellation(runs, history, audit, cancels);
    }

    public void register(ApiRoutes routes) {
        routes.post("/api/pipelines/{name}/runs", Role.OPERATOR, "Sync now: start a run of the pipeline", this::start);
        routes.get("/api/runs", Role.VIEWER, "Runs, newest first, filtered by pipeline, status, start time and "
                + "error text, one page at a time", this::list);
        routes.get("/api/runs/{id}", Role.VIEWER, "One run with its per-stream counts, timings and errors", this::show);
        routes.get("/api/runs/{id}/log", Role.VIEWER, "A run's log lines after a line id: JSON, or one JSON object "
                + "a line with Accept: application/x-ndjson", this::log);
        routes.sse("/api/runs/{id}/log/live", Role.VIEWER, "A run's log as Server-Sent Events: the lines so far, "
                + "new ones as they come, and an end event", this::live);
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
        return runnable(pipelines, name);
    }

    /** The pipeline of {@code pipelines}, when it exists and is valid; else 404 or 422. */
    public static PipelineConfig runnable(PipelineCatalog pipelines, String name) {
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

    /** A page of runs: {@code total} counts every run the filter selects. */
    public record RunList(List<RunView> items, long total, int limit, int offset) {
    }

    private void list(Context ctx) {
        RunPage page = history.findRuns(RunQuery.filter(ctx));
        ctx.json(new RunList(page.items().stream().map(this::view).toList(), page.total(), page.limit(), page.offset()));
    }

    /**
     * Lines of a run's log. {@code after} is the id of the last line the reader has;
     * {@code after} of the answer is the id to ask after next (unchanged when no line came).
     */
    public record LogPage(long runId, String status, List<LogLineView> lines, long after) {
    }

    private void log(Context ctx) {
        RunRecord run = findRun(ctx);
        long after = longParam(ctx, "after", 0);
        int limit = intParam(ctx, "limit", 1000, 1, 10_000);
        List<LogLineView> lines = history.runLog(run.id(), after, limit).stream().map(LogLineView::of).toList();
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains(NDJSON)) {
            // One JSON object a line, for tools that read logs line by line.
            StringBuilder text = new StringBuilder();
            for (LogLineView line : lines) {
                text.append(Json.MAPPER.valueToTree(line).toString()).append('\n');
            }
            ctx.contentType(NDJSON + "; charset=utf-8").result(text.toString());
            return;
        }
        ctx.json(new LogPage(run.id(), run.status().name(), lines, lines.isEmpty() ? after : lines.getLast().id()));
    }

    private void live(SseClient client) {
        Context ctx = client.ctx();
        long runId;
        long after;
        try {
            runId = Long.parseLong(ctx.pathParam("id"));
            String lastEventId = ctx.header("Last-Event-ID");
            after = lastEventId != null && !lastEventId.isBlank() ? Long.parseLong(lastEventId.strip())
                    : longParam(ctx, "after", 0);
        } catch (NumberFormatException | ApiException e) {
            client.sendEvent("error", "{\"code\":\"bad_request\",\"message\":\"A run id and a line id are whole numbers\"}");
            client.close();
            return;
        }
        tail.follow(client, runId, after);
    }

    private void show(Context ctx) {
        ctx.json(view(findRun(ctx)));
    }

    private void cancel(Context ctx) {
        RunRecord run = cancellation.cancel(Authentication.caller(ctx), findRun(ctx).id());
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

    public static long longParam(Context ctx, String name, long fallback) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("Query parameter " + name + " must be a whole number, 0 or more, not '" + text + "'");
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
