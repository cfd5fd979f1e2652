package dev.ferry.server.ui.pages;

import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.StateStore;
import dev.ferry.server.pipelines.PipelineCatalog;
import dev.ferry.server.pipelines.PipelineEntry;
import dev.ferry.server.schedule.ScheduleService;
import dev.ferry.server.schedule.ScheduleView;
import dev.ferry.server.ui.Chrome;
import dev.ferry.server.ui.Templates;
import dev.ferry.server.ui.auth.UiAuth;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The overview: every pipeline with its status, last and next run, Sync now and pause/resume, and a
 * chart of the last days' runs.
 */
public final class OverviewPage {
    private final PipelineCatalog pipelines;
    private final StateStore history;
    private final ScheduleService schedules;
    private final Templates templates;
    private final Clock clock;

    public OverviewPage(PipelineCatalog pipelines, StateStore history, ScheduleService schedules, Templates templates, Clock clock) {
        this.pipelines = pipelines;
        this.history = history;
        this.schedules = schedules;
        this.templates = templates;
        this.clock = clock;
    }

    public void page(Context ctx) {
        templates.render(ctx, "overview.jte", Map.of("chrome", Chrome.of("Pipelines", "Overview", UiAuth.session(ctx)),
                "rows", rows(), "chart", chart()));
    }

    /** The pipeline table alone, which the page polls. */
    public void table(Context ctx) {
        templates.render(ctx, "overview_table.jte", Map.of("chrome", Chrome.of("Pipelines", "Overview", UiAuth.session(ctx)),
                "rows", rows()));
    }

    List<PipelineRow> rows() {
        Map<String, ScheduleView> byPipeline = new HashMap<>();
        for (ScheduleView view : schedules.schedules()) {
            byPipeline.put(view.pipeline(), view);
        }
        List<PipelineRow> rows = new ArrayList<>();
        List<PipelineEntry> entries = pipelines.list();
        Map<String, RunRecord> latest = history.latestRuns(entries.stream().map(PipelineEntry::name).toList());
        for (PipelineEntry entry : entries) {
            RunRecord lastRun = latest.get(entry.name());
            RunSummary last = lastRun == null ? null : RunSummary.of(lastRun, clock.instant());
            ScheduleView schedule = byPipeline.get(entry.name());
            rows.add(new PipelineRow(entry.name(), entry.paused(),
                    entry.isValid() ? null : entry.problems().getFirst().message(), last, describe(schedule),
                    schedule == null || entry.paused() ? null : schedule.nextDue()));
        }
        return rows;
    }

    private static String describe(ScheduleView schedule) {
        return schedule == null ? null : ScheduleWords.of(schedule.every() == null ? null : Duration.parse(schedule.every()),
                schedule.cron(), schedule.timezone(), schedule.after());
    }

    /** Every pipeline's runs over the last {@value RunCharts#DAYS} days (UTC), today included: one aggregate query. */
    BarChart chart() {
        Instant firstDay = clock.instant().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(RunCharts.DAYS - 1));
        Instant end = firstDay.plus(Duration.ofDays(RunCharts.DAYS));
        return RunCharts.ofDays(history.runTotals(firstDay, end, Duration.ofDays(1)), firstDay);
    }
}
