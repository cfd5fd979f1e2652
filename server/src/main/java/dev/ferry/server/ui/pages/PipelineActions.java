package dev.ferry.server.ui.pages;

import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.Role;
import dev.ferry.server.http.ApiException;
import dev.ferry.server.pipelines.PipelineCatalog;
import dev.ferry.server.runs.ActiveRun;
import dev.ferry.server.runs.RunRequest;
import dev.ferry.server.runs.RunRoutes;
import dev.ferry.server.runs.RunService;
import dev.ferry.server.ui.UiPaths;
import dev.ferry.server.ui.auth.UiAuth;
import dev.ferry.engine.state.PipelineBusyException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * The overview's buttons: Sync now, pause and resume, for operators. They do what the API's
 * {@code POST /api/pipelines/{name}/runs|pause|resume} do, on the same services, and are audited
 * the same way, naming the dashboard user.
 */
public final class PipelineActions {
    private final PipelineCatalog pipelines;
    private final RunService runs;
    private final AuditLog audit;

    public PipelineActions(PipelineCatalog pipelines, RunService runs, AuditLog audit) {
        this.pipelines = pipelines;
        this.runs = runs;
        this.audit = audit;
    }

    /** Starts a run and goes to its page. */
    public void syncNow(Context ctx) {
        Caller caller = UiAuth.require(ctx, Role.OPERATOR).caller(ctx.ip());
        String name = ctx.pathParam("name");
        ActiveRun run;
        try {
            run = runs.start(RunRoutes.runnable(pipelines, name), new RunRequest(List.of(), false, caller.name()));
        } catch (ApiException refused) {
            audit.record(caller, "pipeline.run", name, "refused", "status " + refused.status() + " " + refused.code()
                    + ": " + refused.getMessage());
            throw new HttpResponseException(refused.status(), refused.getMessage());
        } catch (PipelineBusyException busy) {
            audit.record(caller, "pipeline.run", name, "refused", busy.getMessage());
            throw new HttpResponseException(409, busy.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            audit.record(caller, "pipeline.run", name, "refused", e.getMessage());
            throw new HttpResponseException(409, e.getMessage());
        }
        audit.record(caller, "pipeline.run", name, "ok", "run " + run.runId());
        goTo(ctx, UiPaths.run(run.runId()));
    }

    public void pause(Context ctx) {
        setPaused(ctx, true);
    }

    public void resume(Context ctx) {
        setPaused(ctx, false);
    }

    private void setPaused(Context ctx, boolean paused) {
        Caller caller = UiAuth.require(ctx, Role.OPERATOR).caller(ctx.ip());
        String name = ctx.pathParam("name");
        String action = paused ? "pipeline.pause" : "pipeline.resume";
        boolean changed;
        try {
            changed = pipelines.setPaused(name, paused, caller.name());
        } catch (NoSuchElementException e) {
            audit.record(caller, action, name, "refused", "no such pipeline");
            throw new HttpResponseException(404, "No pipeline " + name);
        }
        audit.record(caller, action, name, "ok", changed ? null : "it already was " + (paused ? "paused" : "running"));
        String back = ctx.formParam("back");
        goTo(ctx, back != null && back.startsWith("/") && !back.startsWith("//") ? back : UiPaths.OVERVIEW);
    }

    /** A redirect after a form: htmx follows {@code HX-Redirect}, a plain form the 303. */
    static void goTo(Context ctx, String path) {
        if (ctx.header("HX-Request") != null) {
            ctx.header("HX-Redirect", path).status(204);
        } else {
            ctx.redirect(path, io.javalin.http.HttpStatus.SEE_OTHER);
        }
    }
}
