package dev.ferry.server.ui.pages;

import dev.ferry.engine.state.LogLine;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.server.auth.Role;
import dev.ferry.server.http.ApiException;
import dev.ferry.server.quarantine.QuarantineEntryView;
import dev.ferry.server.runs.ActiveRun;
import dev.ferry.server.runs.LogLineView;
import dev.ferry.server.runs.RunCancellation;
import dev.ferry.server.runs.RunFollowers;
import dev.ferry.server.runs.RunService;
import dev.ferry.server.runs.RunView;
import dev.ferry.server.ui.Chrome;
import dev.ferry.server.ui.Templates;
import dev.ferry.server.ui.UiPaths;
import dev.ferry.server.ui.auth.UiAuth;
import dev.ferry.server.ui.auth.UiSession;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.sse.SseHandler;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run: its state and each stream's counts and pace, its log, Cancel, and the rows it set aside.
 * While the run goes, the page follows its live part as Server-Sent Events ({@link UiPaths#RUN_STREAM},
 * see {@link RunLiveFeed}): the new counts and the log lines after the last one the page has, until
 * the run has ended and every line is shown. The counts come from the store and, for a run of this
 * node, from the run itself batch by batch, as {@code GET /api/runs/{id}} has them; the log lines from
 * the store, as {@code GET /api/runs/{id}/log} has them; a run of another node is shown alike.
 */
public final class RunPage {
    /** Log lines a page starts with; the rest come with its events. */
    static final int FIRST_LINES = 1000;
    /** Log lines one event brings at most. */
    static final int LINES_PER_EVENT = 500;
    static final int QUARANTINE_SHOWN = 100;

    private final StateStore history;
    private final RunService runs;
    private final RunCancellation cancellation;
    private final RunFollowers followers;
    private final Templates templates;
    private final Clock clock;

    public RunPage(StateStore history, RunService runs, RunCancellation cancellation, RunFollowers followers,
                   Templates templates, Clock clock) {
        this.history = history;
        this.runs = runs;
        this.cancellation = cancellation;
        this.followers = followers;
        this.templates = templates;
        this.clock = clock;
    }

    public void page(Context ctx) {
        RunLive live = live(runId(ctx), 0, FIRST_LINES);
        templates.render(ctx, "run.jte", Map.of("chrome", Chrome.of("Run " + live.run().id(), "Logs", UiAuth.session(ctx)),
                "live", live));
    }

    /**
     * The live part as events, from the log line after {@code after} (or after the {@code Last-Event-ID}
     * a reconnecting browser sends). The session is checked when the stream opens, as the API checks a
     * token when its log stream opens; a stream ends with its run.
     */
    public void stream(Context ctx) throws Exception {
        long id = runId(ctx);
        if (history.run(id).isEmpty()) {
            throw new HttpResponseException(404, "There is no run " + id);
        }
        long after;
        try {
            String lastEventId = ctx.header("Last-Event-ID");
            after = Long.parseLong(lastEventId != null && !lastEventId.isBlank() ? lastEventId.strip()
                    : ctx.queryParamAsClass("after", String.class).getOrDefault("0"));
        } catch (NumberFormatException e) {
            throw new HttpResponseException(400, "The line id after is a whole number");
        }
        Chrome chrome = Chrome.of("Run", "Logs", UiAuth.session(ctx));
        new SseHandler(client -> followers.follow(client, id, new RunLiveFeed(this, templates, chrome, id, after)))
                .handle(ctx);
    }

    /** Cancel, for operators: what {@code POST /api/runs/{id}/cancel} does, audited as the dashboard user. */
    public void cancel(Context ctx) {
        UiSession session = UiAuth.require(ctx, Role.OPERATOR);
        long id = runId(ctx);
        try {
            cancellation.cancel(session.caller(ctx.ip()), id);
        } catch (ApiException refused) {
            throw new HttpResponseException(refused.status(), refused.getMessage());
        }
        PipelineActions.goTo(ctx, UiPaths.run(id));
    }

    RunLive live(long id, long afterLineId, int lines) {
        Instant now = clock.instant();
        // The state first: once it is final every line is stored, so the lines read next are all of them.
        RunRecord run = history.run(id).orElseThrow(() -> new HttpResponseException(404, "There is no run " + id));
        boolean running = run.status() == RunStatus.RUNNING;
        RunView view = RunView.of(run, runs.active(id).map(ActiveRun::progress).orElse(List.of()));
        List<StreamProgress> streams = view.streams().stream().map(stream -> StreamProgress.of(stream, running, now))
                .toList();
        List<LogLine> read = history.runLog(id, afterLineId, lines);
        long quarantinedCount = history.quarantinedByRunCount(id);
        List<QuarantineEntryView> quarantined = running || quarantinedCount == 0 ? List.of()
                : history.quarantinedByRun(id, QUARANTINE_SHOWN).stream().map(QuarantineEntryView::of).toList();
        RunSummary summary = RunSummary.of(run, now);
        if (running) {
            // The store has a stream's counts once it ends; the streams shown have them batch by batch.
            summary = summary.withTotals(streams.stream().mapToLong(StreamProgress::read).sum(),
                    streams.stream().mapToLong(StreamProgress::written).sum());
        }
        return new RunLive(summary, view.host(), streams, quarantinedCount, quarantined,
                read.stream().map(LogLineView::of).toList(), read.isEmpty() ? afterLineId : read.getLast().id(),
                running || read.size() == lines);
    }

    private static long runId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new HttpResponseException(404, "There is no run " + ctx.pathParam("id"));
        }
    }
}
