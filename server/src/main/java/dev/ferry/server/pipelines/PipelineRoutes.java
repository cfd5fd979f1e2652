package dev.ferry.server.pipelines;

import dev.ferry.engine.config.loader.ConfigException;
import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.Role;
import dev.ferry.server.http.ApiException;
import dev.ferry.server.http.ApiRoutes;
import dev.ferry.server.http.Authentication;
import io.javalin.http.Context;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Listing pipelines, one pipeline, its YAML, reloading the pipelines folder; creating, replacing and
 * deleting pipelines stored through the API (admin); pausing and resuming any pipeline (operator: it
 * changes when a pipeline runs, as running and cancelling do, not what it is).
 */
public final class PipelineRoutes {
    private static final Set<String> YAML_TYPES = Set.of("application/yaml", "application/x-yaml", "text/yaml",
            "text/x-yaml", "text/plain");

    private final PipelineCatalog catalog;
    private final AuditLog audit;

    public PipelineRoutes(PipelineCatalog catalog, AuditLog audit) {
        this.catalog = catalog;
        this.audit = audit;
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/pipelines", Role.VIEWER, "Every pipeline, valid or not", this::list);
        routes.get("/api/pipelines/{name}", Role.VIEWER, "One pipeline with its streams, schedule and problems", this::show);
        routes.get("/api/pipelines/{name}/yaml", Role.VIEWER, "A pipeline's YAML text exactly as written", this::yaml);
        routes.put("/api/pipelines/{name}", Role.ADMIN, "Create or replace a pipeline stored through the API; the body "
                + "is its YAML (application/yaml or text/plain)", this::save);
        routes.delete("/api/pipelines/{name}", Role.ADMIN, "Delete a pipeline stored through the API", this::delete);
        routes.post("/api/pipelines/{name}/pause", Role.OPERATOR, "Pause a pipeline: schedules and triggers skip it",
                ctx -> setPaused(ctx, true));
        routes.post("/api/pipelines/{name}/resume", Role.OPERATOR, "Resume a paused pipeline", ctx -> setPaused(ctx, false));
        routes.post("/api/reload", Role.ADMIN, "Read the pipelines folder again", this::reload);
    }

    private void list(Context ctx) {
        ctx.json(catalog.list().stream().map(PipelineView::of).toList());
    }

    private void show(Context ctx) {
        ctx.json(PipelineView.of(entry(ctx.pathParam("name"))));
    }

    private void yaml(Context ctx) {
        PipelineEntry entry = entry(ctx.pathParam("name"));
        if (entry.yaml() == null) {
            throw new ApiException(404, "not_found", "The YAML of pipeline " + entry.name() + " cannot be read from "
                    + entry.file());
        }
        ctx.contentType("application/yaml; charset=utf-8").result(entry.yaml().getBytes(StandardCharsets.UTF_8));
    }

    private void save(Context ctx) {
        Caller caller = Authentication.caller(ctx);
        String name = ctx.pathParam("name");
        String yaml = yamlBody(ctx);
        boolean created;
        try {
            created = catalog.save(name, yaml, caller.name());
        } catch (ConfigException invalid) {
            audit.record(caller, "pipeline.save", name, "refused", invalid.problems().size() + " problem(s) in the YAML");
            throw invalid;
        } catch (PipelineCatalog.PipelineChangeRefused refused) {
            audit.record(caller, "pipeline.save", name, "refused", refused.getMessage());
            throw refusal(refused);
        }
        audit.record(caller, created ? "pipeline.create" : "pipeline.replace", name, "ok",
                yaml.getBytes(StandardCharsets.UTF_8).length + " bytes of YAML");
        ctx.status(created ? 201 : 200).json(PipelineView.of(entry(name)));
    }

    private void delete(Context ctx) {
        Caller caller = Authentication.caller(ctx);
        String name = ctx.pathParam("name");
        boolean deleted;
        try {
            deleted = catalog.delete(name);
        } catch (PipelineCatalog.PipelineChangeRefused refused) {
            audit.record(caller, "pipeline.delete", name, "refused", refused.getMessage());
            throw refusal(refused);
        }
        if (!deleted) {
            audit.record(caller, "pipeline.delete", name, "refused", "no such pipeline");
            throw ApiException.notFound("Pipeline " + name);
        }
        audit.record(caller, "pipeline.delete", name, "ok", null);
        ctx.status(204);
    }

    private void setPaused(Context ctx, boolean paused) {
        Caller caller = Authentication.caller(ctx);
        String name = ctx.pathParam("name");
        String action = paused ? "pipeline.pause" : "pipeline.resume";
        boolean changed;
        try {
            changed = catalog.setPaused(name, paused, caller.name());
        } catch (NoSuchElementException e) {
            audit.record(caller, action, name, "refused", "no such pipeline");
            throw ApiException.notFound("Pipeline " + name);
        }
        audit.record(caller, action, name, "ok", changed ? null : "it already was " + (paused ? "paused" : "running"));
        ctx.json(PipelineView.of(entry(name)));
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

    private PipelineEntry entry(String name) {
        return catalog.find(name).orElseThrow(() -> ApiException.notFound("Pipeline " + name));
    }

    /** The body as UTF-8 text, exactly; anything else is refused rather than stored altered. */
    static String yamlBody(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!YAML_TYPES.contains(type)) {
            throw new ApiException(415, "unsupported_media_type", "A pipeline is sent as its YAML text with "
                    + "Content-Type application/yaml or text/plain, not '" + (type.isEmpty() ? "none" : type) + "'");
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw ApiException.badRequest("The request needs the pipeline's YAML as its body");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            if (text.indexOf('\0') >= 0) {
                throw ApiException.badRequest("The YAML holds a NUL character, which a pipeline cannot have");
            }
            return text;
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("The YAML must be UTF-8 text");
        }
    }

    private static ApiException refusal(PipelineCatalog.PipelineChangeRefused refused) {
        return switch (refused.reason()) {
            case INVALID_NAME -> ApiException.badRequest(refused.getMessage());
            case READ_ONLY -> ApiException.conflict("read_only_pipeline", refused.getMessage(),
                    Map.of("file", refused.file().toString()));
        };
    }
}
