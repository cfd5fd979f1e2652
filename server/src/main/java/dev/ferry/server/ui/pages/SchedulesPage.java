package dev.ferry.server.ui.pages;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.ScheduleConfig;
import dev.ferry.server.pipelines.PipelineCatalog;
import dev.ferry.server.pipelines.PipelineEntry;
import dev.ferry.server.schedule.ScheduleService;
import dev.ferry.server.schedule.ScheduleView;
import dev.ferry.server.ui.Chrome;
import dev.ferry.server.ui.Templates;
import dev.ferry.server.ui.auth.UiAuth;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every pipeline's schedule: when it runs, its next run, its chains ({@code after:} both ways), and
 * the upstream trigger URL with a curl command to copy. The command names a token placeholder,
 * never a token: a page holds no secret.
 */
public final class SchedulesPage {
    /** The next runs listed at the top, soonest first. */
    static final int UPCOMING = 10;
    /** What the curl command sends instead of a token: an environment variable the reader sets. */
    static final String TOKEN_PLACEHOLDER = "$FERRY_TOKEN";

    private final PipelineCatalog pipelines;
    private final ScheduleService schedules;
    private final Templates templates;

    public SchedulesPage(PipelineCatalog pipelines, ScheduleService schedules, Templates templates) {
        this.pipelines = pipelines;
        this.schedules = schedules;
        this.templates = templates;
    }

    public void page(Context ctx) {
        List<ScheduleRow> rows = rows(serverUrl(ctx));
        List<ScheduleRow> upcoming = rows.stream().filter(row -> row.nextDue() != null)
                .sorted(Comparator.comparing(ScheduleRow::nextDue)).limit(UPCOMING).toList();
        templates.render(ctx, "schedules.jte", Map.of("chrome", Chrome.of("Schedules", "Schedules", UiAuth.session(ctx)),
                "rows", rows, "upcoming", upcoming, "tokenPlaceholder", TOKEN_PLACEHOLDER));
    }

    List<ScheduleRow> rows(String serverUrl) {
        Map<String, ScheduleView> views = new HashMap<>();
        schedules.schedules().forEach(view -> views.put(view.pipeline(), view));
        Chains chains = new Chains(pipelines.valid());
        List<ScheduleRow> rows = new ArrayList<>();
        for (PipelineEntry entry : pipelines.list()) {
            PipelineConfig config = entry.config();
            if (config == null) {
                continue; // an invalid pipeline has no schedule to show; the overview lists its problems
            }
            ScheduleConfig schedule = config.schedule();
            ScheduleView view = views.get(entry.name());
            String trigger = serverUrl + "/api/pipelines/" + encode(entry.name()) + "/trigger";
            rows.add(new ScheduleRow(entry.name(), entry.paused(), ScheduleWords.of(schedule),
                    schedule.retries() + (schedule.retries() == 0 ? "" : ", backoff " + DurationText.of(schedule.retryBackoff())),
                    schedule.catchUp().name().toLowerCase(Locale.ROOT),
                    view == null || entry.paused() ? null : view.nextDue(), view != null && view.running(),
                    view == null ? 0 : view.queued(), schedule.after(), chains.startedBy(entry.name()), trigger,
                    "curl -X POST -H \"Authorization: Bearer " + TOKEN_PLACEHOLDER + "\" " + trigger,
                    entry.origin() == PipelineEntry.Origin.API, entry.file() == null ? null : entry.file().toString()));
        }
        return rows;
    }

    /** The server as the browser reached it, which is where an upstream job reaches it too, most often. */
    private static String serverUrl(Context ctx) {
        String forwardedProto = ctx.header("X-Forwarded-Proto");
        String scheme = forwardedProto != null && forwardedProto.matches("https?") ? forwardedProto : ctx.scheme();
        return scheme + "://" + (ctx.host() == null ? "localhost" : ctx.host());
    }

    private static String encode(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
