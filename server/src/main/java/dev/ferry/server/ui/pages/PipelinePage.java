package dev.ferry.server.ui.pages;

import dev.ferry.api.Checkpoint;
import dev.ferry.engine.config.NotificationConfig;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.ScheduleConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.loader.ConfigException;
import dev.ferry.engine.config.loader.ConfigProblem;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StreamKey;
import dev.ferry.engine.state.StreamStats;
import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.Role;
import dev.ferry.server.pipelines.PipelineCatalog;
import dev.ferry.server.pipelines.PipelineEntry;
import dev.ferry.server.schedule.ScheduleService;
import dev.ferry.server.schedule.ScheduleView;
import dev.ferry.server.ui.Chrome;
import dev.ferry.server.ui.Templates;
import dev.ferry.server.ui.UiPaths;
import dev.ferry.server.ui.auth.UiAuth;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One pipeline: its streams with their state, schedule, notifications, YAML (an editor for admins
 * when it is stored through the API), Sync now and pause/resume, and its run history with a chart.
 * Saving the YAML does what {@code PUT /api/pipelines/{name}} does, through the same catalog, and is
 * audited the same way.
 */
public final class PipelinePage {
    /** Runs the history lists. */
    static final int HISTORY = 50;
    /** Longest change position shown whole; longer ones are cut, as they are opaque anyway. */
    private static final int POSITION_SHOWN = 80;

    private final PipelineCatalog pipelines;
    private final StateStore history;
    private final ScheduleService schedules;
    private final AuditLog audit;
    private final Templates templates;
    private final Clock clock;

    public PipelinePage(PipelineCatalog pipelines, StateStore history, ScheduleService schedules, AuditLog audit,
                        Templates templates, Clock clock) {
        this.pipelines = pipelines;
        this.history = history;
        this.schedules = schedules;
        this.audit = audit;
        this.templates = templates;
        this.clock = clock;
    }

    public void page(Context ctx) {
        PipelineEntry entry = entry(ctx);
        show(ctx, entry, entry.yaml(), null, "1".equals(ctx.queryParam("saved")));
    }

    /** The editor's problems fragment: what saving this YAML would be refused for, located. */
    public void check(Context ctx) {
        UiAuth.require(ctx, Role.ADMIN);
        PipelineEntry entry = entry(ctx);
        List<ConfigProblem> problems;
        try {
            problems = pipelines.check(entry.name(), yamlParam(ctx));
        } catch (PipelineCatalog.PipelineChangeRefused refused) {
            throw new HttpResponseException(409, refused.getMessage());
        }
        templates.render(ctx, "pipeline_yaml_problems.jte", Map.of("problems", problems, "checked", true));
    }

    /** Saves the editor's YAML, or shows the page again with the problems that kept it from being saved. */
    public void save(Context ctx) {
        Caller caller = UiAuth.require(ctx, Role.ADMIN).caller(ctx.ip());
        PipelineEntry entry = entry(ctx);
        String name = entry.name();
        String yaml = yamlParam(ctx);
        boolean created;
        try {
            created = pipelines.save(name, yaml, caller.name());
        } catch (ConfigException invalid) {
            audit.record(caller, "pipeline.save", name, "refused", invalid.problems().size() + " problem(s) in the YAML");
            ctx.status(422);
            show(ctx, entry, yaml, invalid.problems(), false);
            return;
        } catch (PipelineCatalog.PipelineChangeRefused refused) {
            audit.record(caller, "pipeline.save", name, "refused", refused.getMessage());
            throw new HttpResponseException(409, refused.getMessage());
        }
        audit.record(caller, created ? "pipeline.create" : "pipeline.replace", name, "ok",
                yaml.getBytes(StandardCharsets.UTF_8).length + " bytes of YAML");
        PipelineActions.goTo(ctx, UiPaths.pipeline(name) + "?saved=1");
    }

    /**
     * @param yaml     the text in the editor: the stored one, or the one just refused
     * @param problems why saving it was refused; null when it was not tried
     */
    private void show(Context ctx, PipelineEntry entry, String yaml, List<ConfigProblem> problems, boolean saved) {
        Chrome chrome = Chrome.of(entry.name(), "Overview", UiAuth.session(ctx));
        List<RunSummary> runs = history.recentRuns(entry.name(), HISTORY).stream()
                .map(run -> RunSummary.of(run, clock.instant())).toList();
        Map<String, Object> params = new HashMap<>();
        params.put("chrome", chrome);
        params.put("pipeline", detail(entry));
        params.put("runs", runs);
        params.put("chart", RunCharts.ofRuns(entry.name(), runs));
        params.put("yaml", yaml == null ? "" : yaml);
        params.put("editable", entry.origin() == PipelineEntry.Origin.API && chrome.isAdmin());
        params.put("problems", problems == null ? List.of() : problems);
        params.put("saved", saved);
        templates.render(ctx, "pipeline.jte", params);
    }

    private PipelineDetail detail(PipelineEntry entry) {
        PipelineConfig config = entry.config();
        List<RunRecord> latest = history.recentRuns(entry.name(), 1);
        boolean running = !latest.isEmpty() && latest.getFirst().ended() == null;
        if (config == null) {
            return new PipelineDetail(entry.name(), fileName(entry), entry.paused(), entry.problems(), null, null,
                    List.of(), null, null, running);
        }
        Map<String, Long> quarantined = history.quarantineCounts(entry.name());
        List<StreamState> streams = config.streams().stream().map(stream -> streamState(config.name(), stream,
                latest.isEmpty() ? null : latest.getFirst(), quarantined.getOrDefault(stream.name(), 0L))).toList();
        return new PipelineDetail(entry.name(), fileName(entry), entry.paused(), List.of(),
                config.source() + " · " + config.sourceConnection().shownUrl(),
                config.destination() + " · " + config.destinationConnection().shownUrl(), streams,
                schedule(config, entry.paused()), notifications(config.notifications()), running);
    }

    private StreamState streamState(String pipeline, StreamConfig stream, RunRecord latest, long quarantined) {
        StreamStats last = latest == null ? null : latest.streams().stream()
                .filter(stats -> stats.stream().equals(stream.name())).findFirst().orElse(null);
        String position = history.checkpoint(new StreamKey(pipeline, stream.name())).map(PipelinePage::position).orElse(null);
        return new StreamState(stream.name(), stream.table() != null ? stream.table() : "query", stream.destinationTable(),
                stream.sync().name().toLowerCase(Locale.ROOT).replace('_', ' '), position, last, quarantined);
    }

    private static String position(Checkpoint checkpoint) {
        return switch (checkpoint) {
            case Checkpoint.CursorValue cursor -> cursor.column() + " = " + cursor.value();
            case Checkpoint.LogPosition log -> log.position().length() <= POSITION_SHOWN ? log.position()
                    : log.position().substring(0, POSITION_SHOWN) + "…";
        };
    }

    private PipelineDetail.Schedule schedule(PipelineConfig config, boolean paused) {
        ScheduleConfig schedule = config.schedule();
        Instant nextDue = paused ? null : schedules.schedules().stream()
                .filter(view -> view.pipeline().equals(config.name())).findFirst().map(ScheduleView::nextDue).orElse(null);
        return new PipelineDetail.Schedule(ScheduleWords.of(schedule), nextDue, schedule.retries(),
                DurationText.of(schedule.retryBackoff()), schedule.catchUp().name().toLowerCase(Locale.ROOT),
                schedule.after(), new Chains(pipelines.valid()).startedBy(config.name()));
    }

    private static PipelineDetail.Notifications notifications(NotificationConfig notifications) {
        return new PipelineDetail.Notifications(notifications.emails(), notifications.webhooks().stream()
                .map(hook -> new PipelineDetail.Webhook(hook.url(), hook.secret() != null)).toList());
    }

    private static String fileName(PipelineEntry entry) {
        return entry.file() == null ? null : entry.file().toString();
    }

    private PipelineEntry entry(Context ctx) {
        String name = ctx.pathParam("name");
        return pipelines.find(name).orElseThrow(() -> new HttpResponseException(404, "No pipeline " + name));
    }

    private static String yamlParam(Context ctx) {
        String yaml = ctx.formParam("yaml");
        if (yaml == null || yaml.isBlank()) {
            throw new HttpResponseException(400, "The form needs the pipeline's YAML");
        }
        // A browser sends a textarea's line breaks as CRLF; the stored text keeps the file's own LF.
        return yaml.replace("\r\n", "\n");
    }
}
