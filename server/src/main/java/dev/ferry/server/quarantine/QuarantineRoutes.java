package dev.ferry.server.quarantine;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.loader.Suggestions;
import dev.ferry.engine.state.PipelineBusyException;
import dev.ferry.engine.state.QuarantineEntry;
import dev.ferry.engine.state.QuarantineFilter;
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
import dev.ferry.server.runs.ActiveRun;
import dev.ferry.server.runs.RunRoutes;
import dev.ferry.server.runs.RunService;
import io.javalin.http.Context;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The quarantine of a pipeline: the rows its runs set aside, one of them in full, a retry started as a
 * run, and discarding. Rows may hold personal data: they are answered to authenticated callers only,
 * and neither the audit log nor the server's log ever holds their values, only ids, streams and counts.
 */
public final class QuarantineRoutes {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final PipelineCatalog pipelines;
    private final RunService runs;
    private final StateStore state;
    private final AuditLog audit;

    public QuarantineRoutes(PipelineCatalog pipelines, RunService runs, StateStore state, AuditLog audit) {
        this.pipelines = pipelines;
        this.runs = runs;
        this.state = state;
        this.audit = audit;
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/pipelines/{name}/quarantine", Role.VIEWER, "The pipeline's quarantined rows, without their "
                + "values, with counts per stream, one page at a time", this::list);
        routes.get("/api/pipelines/{name}/quarantine/{id}", Role.VIEWER, "One quarantined row: its full error and "
                + "its values column by column", this::show);
        routes.post("/api/pipelines/{name}/quarantine/retry", Role.OPERATOR, "Retry quarantined rows through the "
                + "current transforms, as a run", this::retry);
        routes.post("/api/pipelines/{name}/quarantine/discard", Role.OPERATOR, "Remove quarantined rows without "
                + "writing them: by id, by stream, or all", this::discard);
    }

    /**
     * A page of entries. {@code counts} and {@code total} cover the pipeline's whole quarantine;
     * {@code after} is the id to ask after for the next page (unchanged when the page is empty).
     */
    public record QuarantinePage(String pipeline, Map<String, Long> counts, long total, List<QuarantineEntryView> items,
                                 long after) {
    }

    /** The body of a retry; both optional: every quarantined row of the pipeline when empty. */
    public record RetryBody(String stream, List<Long> ids) {
    }

    /** The answer to a retry: the run it started. */
    public record RetryStarted(long runId, String pipeline, String status, long rows, String href) {
    }

    /** The body of a discard: exactly one of its fields. */
    public record DiscardBody(List<Long> ids, String stream, Boolean all) {
    }

    public record Discarded(String pipeline, long discarded) {
    }

    private void list(Context ctx) {
        PipelineEntry pipeline = pipeline(ctx);
        String stream = ctx.queryParam("stream");
        long after = RunRoutes.longParam(ctx, "after", 0);
        int limit = RunRoutes.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Map<String, Long> counts = state.quarantineCounts(pipeline.name());
        checkStream(pipeline, stream, counts.keySet());
        List<QuarantineEntryView> items = state.quarantined(new QuarantineFilter(pipeline.name(), stream, after, limit))
                .stream().map(QuarantineEntryView::of).toList();
        ctx.json(new QuarantinePage(pipeline.name(), counts, counts.values().stream().mapToLong(Long::longValue).sum(),
                items, items.isEmpty() ? after : items.getLast().id()));
    }

    private void show(Context ctx) {
        PipelineEntry pipeline = pipeline(ctx);
        long id = id(ctx.pathParam("id"));
        QuarantineEntry entry = state.quarantineEntry(id).filter(found -> found.pipeline().equals(pipeline.name()))
                .orElseThrow(() -> ApiException.notFound("Quarantined row " + id + " of pipeline " + pipeline.name()));
        ctx.json(QuarantineDetailView.of(entry));
    }

    private void retry(Context ctx) {
        Caller caller = Authentication.caller(ctx);
        PipelineConfig pipeline = RunRoutes.runnable(pipelines, ctx.pathParam("name"));
        RetryBody body = Json.body(ctx, RetryBody.class, new RetryBody(null, null));
        String stream = body.stream();
        Set<Long> ids = body.ids() == null ? Set.of() : new LinkedHashSet<>(body.ids());
        if (stream != null && pipeline.selectStreams(stream).isEmpty()) {
            throw unknownStream(pipeline.name(), stream, streamNames(pipeline, List.of()));
        }
        for (QuarantineEntry entry : entries(pipeline.name(), ids)) {
            if (stream != null && !entry.stream().equals(stream)) {
                throw invalidIds("Quarantined row " + entry.id() + " is of stream " + entry.stream() + ", not " + stream);
            }
            if (pipeline.selectStreams(entry.stream()).isEmpty()) {
                throw invalidIds("Quarantined row " + entry.id() + " is of stream " + entry.stream()
                        + ", which pipeline " + pipeline.name() + " no longer has; discard it instead");
            }
        }
        long rows = ids.isEmpty() ? rowsOf(pipeline, stream) : ids.size();
        if (rows == 0) {
            throw ApiException.conflict("nothing_to_retry", "Pipeline " + pipeline.name() + " has no quarantined rows"
                    + (stream == null ? "" : " of stream " + stream) + " to retry", Map.of());
        }
        ActiveRun run;
        try {
            run = runs.startRetry(pipeline, stream, ids);
        } catch (PipelineBusyException busy) {
            throw RunRoutes.busyError(busy);
        } catch (IllegalStateException e) {
            throw new ApiException(503, "shutting_down", e.getMessage());
        }
        audit.record(caller, "quarantine.retry", pipeline.name(), "ok", "run " + run.runId() + ", " + rows + " row(s)"
                + (stream == null ? "" : " of stream " + stream) + (ids.isEmpty() ? "" : ", ids " + joined(ids)));
        ctx.status(202).json(new RetryStarted(run.runId(), pipeline.name(), RunStatus.RUNNING.name(), rows,
                "/api/runs/" + run.runId()));
    }

    private void discard(Context ctx) {
        Caller caller = Authentication.caller(ctx);
        PipelineEntry pipeline = pipeline(ctx);
        DiscardBody body = Json.body(ctx, DiscardBody.class);
        boolean byIds = body.ids() != null && !body.ids().isEmpty();
        boolean all = Boolean.TRUE.equals(body.all());
        int chosen = (byIds ? 1 : 0) + (body.stream() != null ? 1 : 0) + (all ? 1 : 0);
        if (chosen != 1) {
            // Discarding loses rows: which ones is never guessed.
            throw new ApiException(400, "invalid_field", (chosen == 0 ? "Say which rows to discard" : "Give only one")
                    + ": ids (one or more), stream, or all: true");
        }
        long discarded;
        String detail;
        if (byIds) {
            Set<Long> ids = new LinkedHashSet<>(body.ids());
            entries(pipeline.name(), ids);
            discarded = state.discardQuarantined(pipeline.name(), ids);
            detail = "ids " + joined(ids);
        } else {
            checkStream(pipeline, body.stream(), state.quarantineCounts(pipeline.name()).keySet());
            discarded = state.discardQuarantined(pipeline.name(), body.stream());
            detail = all ? "all" : "stream " + body.stream();
        }
        audit.record(caller, "quarantine.discard", pipeline.name(), "ok", discarded + " row(s), " + detail);
        ctx.json(new Discarded(pipeline.name(), discarded));
    }

    private PipelineEntry pipeline(Context ctx) {
        String name = ctx.pathParam("name");
        return pipelines.find(name).orElseThrow(() -> ApiException.notFound("Pipeline " + name));
    }

    /** A stream of the pipeline's file, or one the quarantine still holds rows of; null for all. */
    private static void checkStream(PipelineEntry pipeline, String stream, Collection<String> quarantined) {
        if (stream == null) {
            return;
        }
        Set<String> names = streamNames(pipeline.config(), quarantined);
        if (!names.contains(stream)) {
            throw unknownStream(pipeline.name(), stream, names);
        }
    }

    private static Set<String> streamNames(PipelineConfig config, Collection<String> quarantined) {
        Set<String> names = new LinkedHashSet<>();
        if (config != null) {
            config.streams().stream().map(StreamConfig::name).forEach(names::add);
        }
        names.addAll(quarantined);
        return names;
    }

    private static ApiException unknownStream(String pipeline, String stream, Set<String> names) {
        return new ApiException(400, "unknown_stream", "Pipeline " + pipeline + " has no stream named " + stream
                + (names.isEmpty() ? "" : "; its streams are " + String.join(", ", names))
                + Suggestions.didYouMean(stream, names), Map.of("stream", stream));
    }

    /** The entries with these ids, every one of the pipeline, or a 400 naming the first that is not. */
    private List<QuarantineEntry> entries(String pipeline, Set<Long> ids) {
        return ids.stream().map(id -> state.quarantineEntry(id).filter(entry -> entry.pipeline().equals(pipeline))
                .orElseThrow(() -> new ApiException(400, "unknown_id", "Pipeline " + pipeline
                        + " has no quarantined row with id " + id, Map.of("id", id)))).toList();
    }

    /** The rows of {@code stream}, or of every stream the pipeline still has: only those can be retried. */
    private long rowsOf(PipelineConfig pipeline, String stream) {
        return state.quarantineCounts(pipeline.name()).entrySet().stream()
                .filter(count -> stream == null ? !pipeline.selectStreams(count.getKey()).isEmpty()
                        : count.getKey().equals(stream))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static ApiException invalidIds(String message) {
        return new ApiException(400, "invalid_field", message, Map.of("field", "ids"));
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("A quarantined row's id is a whole number, not '" + text + "'");
        }
    }

    private static String joined(Set<Long> ids) {
        return String.join(", ", ids.stream().map(String::valueOf).toList());
    }
}
