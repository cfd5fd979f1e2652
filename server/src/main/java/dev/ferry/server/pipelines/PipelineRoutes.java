package dev.ferry.server.pipelines;

import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Role;
import dev.ferry.server.http.ApiException;
import dev.ferry.server.http.ApiRoutes;
import dev.ferry.server.http.Authentication;
import io.javalin.http.Context;

import java.util.List;

/** Listing pipelines, one pipeline, and reloading the pipelines folder. */
public final class PipelineRoutes {
    private final PipelineCatalog catalog;
    private final AuditLog audit;

    public PipelineRoutes(PipelineCatalog catalog, AuditLog audit) {
        this.catalog = catalog;
        this.audit = audit;
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/pipelines", Role.VIEWER, "Every pipeline, valid or not", this::list);
        routes.get("/api/pipelines/{name}", Role.VIEWER, "One pipeline with its streams, schedule and problems", this::show);
        routes.post("/api/reload", Role.ADMIN, "Read the pipelines folder again", this::reload);
    }

    private void list(Context ctx) {
        ctx.json(catalog.list().stream().map(PipelineView::of).toList());
    }

    private void show(Context ctx) {
        String name = ctx.pathParam("name");
        ctx.json(PipelineView.of(catalog.find(name).orElseThrow(() -> ApiException.notFound("Pipeline " + name))));
    }

    /** The answer to a reload: how many pipelines loaded, and which have problems. */
    public record Reloaded(int valid, List<PipelineView> invalid) {
    }

    private void reload(Context ctx) {
        List<PipelineEntry> entries = catalog.reload();
        List<PipelineView> invalid = entries.stream().filter(entry -> !entry.isValid()).map(PipelineView::of).toList();
        audit.record(Authentication.caller(ctx), "pipelines.reload", null, "ok",
                (entries.size() - invalid.size()) + " valid, " + invalid.size() + " with problems");
        ctx.json(new Reloaded(entries.size() - invalid.size(), invalid));
    }
}
