package dev.ferry.server.schedule;

import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.Role;
import dev.ferry.server.http.ApiException;
import dev.ferry.server.http.ApiRoutes;
import dev.ferry.server.http.Authentication;
import dev.ferry.server.http.ProblemView;
import dev.ferry.server.pipelines.PipelineCatalog;
import dev.ferry.server.pipelines.PipelineEntry;
import io.javalin.http.Context;

import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code GET /api/schedules} (viewer) and the upstream trigger {@code POST /api/pipelines/{name}/trigger}
 * (operator): a job Ferry does not run calls it when it has finished, and a run of the pipeline is
 * queued in the scheduler. The answer is 202 with {@code "status": "queued"} at once; any node runs
 * it as soon as no other run of the pipeline is in progress, so a trigger never gets 409 for a
 * busy pipeline. Every call is audited with the token's name and the caller's address.
 */
public final class ScheduleRoutes {
    private final ScheduleService schedules;
    private final PipelineCatalog pipelines;
    private final Predicate<String> paused;
    private final AuditLog audit;

    public ScheduleRoutes(ScheduleService schedules, PipelineCatalog pipelines, Predicate<String> paused, AuditLog audit) {
        this.schedules = schedules;
        this.pipelines = pipelines;
        this.paused = paused;
        this.audit = audit;
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/schedules", Role.VIEWER, "Each pipeline's schedule and when its next run is due", this::list);
        routes.post("/api/pipelines/{name}/trigger", Role.OPERATOR,
                "Upstream trigger: queue a run of the pipeline, run by one node as soon as it is free", this::trigger);
    }

    /** The answer to a trigger. */
    public record Triggered(String status, String pipeline, String id, String trigger, String runs) {
    }

    private void list(Context ctx) {
        ctx.json(schedules.schedules());
    }

    private void trigger(Context ctx) {
        Caller caller = Authentication.caller(ctx);
        String name = ctx.pathParam("name");
        if (!ctx.body().isBlank()) {
            throw ApiException.badRequest("The trigger takes no body");
        }
        PipelineEntry entry = pipelines.find(name).orElseThrow(() -> {
            audit.record(caller, "pipeline.trigger", name, "refused", "no such pipeline");
            return ApiException.notFound("Pipeline " + name);
        });
        if (!entry.isValid()) {
            audit.record(caller, "pipeline.trigger", name, "refused", "configuration problems");
            throw new ApiException(422, "invalid_pipeline", "Pipeline " + name + " has configuration problems and cannot run",
                    Map.of("problems", entry.problems().stream().map(ProblemView::of).toList()));
        }
        if (paused.test(name)) {
            audit.record(caller, "pipeline.trigger", name, "refused", "paused");
            throw ApiException.conflict("pipeline_paused", "Pipeline " + name + " is paused; resume it first", Map.of());
        }
        ScheduleService.Queued queued = schedules.trigger(name, "trigger:" + caller.name());
        audit.record(caller, "pipeline.trigger", name, "ok", "queued " + queued.id());
        ctx.status(202).json(new Triggered("queued", name, queued.id(), queued.trigger(), "/api/runs?pipeline=" + name));
    }
}
