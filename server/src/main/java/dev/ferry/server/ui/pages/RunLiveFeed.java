package dev.ferry.server.ui.pages;

import dev.ferry.server.runs.RunFollowers;
import dev.ferry.server.ui.Chrome;
import dev.ferry.server.ui.Templates;
import io.javalin.http.sse.SseClient;

import java.util.Map;

/**
 * One browser following a run's page: each event is the page's live part rendered anew, with the log
 * lines it does not have yet ({@code run_live_fragment.jte}), which the page swaps in as it comes. A
 * {@code live} event comes when lines were added, at least every second while the run goes, and at
 * most every {@link #LEAST_GAP_NANOS} nanoseconds; an {@code end} event with the final state closes
 * the stream. Each event's id is the last line id sent, so a browser that reconnects (after a server
 * restart, say) goes on from there.
 */
final class RunLiveFeed implements RunFollowers.Feed {
    private static final long LEAST_GAP_NANOS = 250_000_000L;
    private static final long MOST_GAP_NANOS = 1_000_000_000L;

    private final RunPage page;
    private final Templates templates;
    private final Chrome chrome;
    private final long runId;
    private long lastLineId;
    private long lastSentNanos;
    private boolean sentOnce;

    RunLiveFeed(RunPage page, Templates templates, Chrome chrome, long runId, long afterLineId) {
        this.page = page;
        this.templates = templates;
        this.chrome = chrome;
        this.runId = runId;
        this.lastLineId = afterLineId;
    }

    @Override
    public boolean sendNew(SseClient client) {
        long now = System.nanoTime();
        if (sentOnce && now - lastSentNanos < LEAST_GAP_NANOS) {
            return false;
        }
        RunLive live = page.live(runId, lastLineId, RunPage.LINES_PER_EVENT);
        boolean done = !live.following();
        if (sentOnce && !done && live.lines().isEmpty() && now - lastSentNanos < MOST_GAP_NANOS) {
            return false;
        }
        String html = templates.render("run_live_fragment.jte", Map.of("chrome", chrome, "live", live));
        client.sendEvent(done ? "end" : "live", html, Long.toString(live.lastLineId()));
        lastLineId = live.lastLineId();
        lastSentNanos = now;
        sentOnce = true;
        return done;
    }
}
