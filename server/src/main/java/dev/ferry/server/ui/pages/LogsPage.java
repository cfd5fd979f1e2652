package dev.ferry.server.ui.pages;

import dev.ferry.engine.state.RunPage;
import dev.ferry.engine.state.StateStore;
import dev.ferry.server.pipelines.PipelineCatalog;
import dev.ferry.server.pipelines.PipelineEntry;
import dev.ferry.server.ui.Chrome;
import dev.ferry.server.ui.Templates;
import dev.ferry.server.ui.auth.UiAuth;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Logs: every run, newest first, filtered by pipeline, state, start day and error text, fifty a page.
 * One indexed query of the store a page ({@link StateStore#findRuns}, as {@code GET /api/runs} uses),
 * never the whole history.
 */
public final class LogsPage {
    private final PipelineCatalog pipelines;
    private final StateStore history;
    private final Templates templates;
    private final Clock clock;

    public LogsPage(PipelineCatalog pipelines, StateStore history, Templates templates, Clock clock) {
        this.pipelines = pipelines;
        this.history = history;
        this.templates = templates;
        this.clock = clock;
    }

    public void page(Context ctx) {
        LogsQuery query = LogsQuery.of(ctx);
        RunPage found = history.findRuns(query.filter());
        Instant now = clock.instant();
        List<RunSummary> runs = found.items().stream().map(run -> RunSummary.of(run, now)).toList();
        List<String> names = pipelines.list().stream().map(PipelineEntry::name).sorted().toList();
        templates.render(ctx, "logs.jte", Map.of("chrome", Chrome.of("Logs", "Logs", UiAuth.session(ctx)),
                "query", query, "runs", runs, "total", found.total(), "pipelines", names));
    }
}
