package dev.ferry.server.ui;

import dev.ferry.server.ServerParts;
import dev.ferry.server.ui.auth.UiAuth;
import dev.ferry.server.ui.auth.UserService;
import dev.ferry.server.runs.CancelRequests;
import dev.ferry.server.runs.RunCancellation;
import dev.ferry.server.ui.pages.LogsPage;
import dev.ferry.server.ui.pages.OverviewPage;
import dev.ferry.server.ui.pages.PipelineActions;
import dev.ferry.server.ui.pages.PipelinePage;
import dev.ferry.server.ui.pages.SchedulesPage;
import dev.ferry.server.ui.pages.RunPage;
import dev.ferry.server.ui.pages.SignInPage;
import io.javalin.Javalin;

/**
 * The dashboard, served at {@code /}: server-rendered pages (JTE) that htmx keeps current. Each
 * page is a class in {@code pages/} that gathers what it shows from the same services the API
 * uses, so anything the dashboard does a script can do through the API. Sign-in, sessions and CSRF
 * are {@link UiAuth}'s.
 */
public final class UiRoutes {
    private final ServerParts parts;
    private final UiAuth auth;
    private final UserService users;
    private final Templates templates;
    private final CancelRequests cancels;

    /** @param cancels where cancels of runs other nodes execute are left for them, as the API leaves them */
    public UiRoutes(ServerParts parts, UiAuth auth, UserService users, Templates templates, CancelRequests cancels) {
        this.parts = parts;
        this.cancels = cancels;
        this.auth = auth;
        this.users = users;
        this.templates = templates;
    }

    public void register(Javalin app) {
        app.get(UiPaths.ASSETS + "{file}", Assets::serve);
        app.get("/favicon.ico", ctx -> ctx.redirect(UiPaths.ASSETS + "favicon.svg"));

        SignInPage signIn = new SignInPage(users, parts.tokens(), auth, parts.audit(), templates);
        app.get(UiPaths.SIGN_IN, signIn::form);
        app.post(UiPaths.SIGN_IN, signIn::signIn);
        app.post(UiPaths.SIGN_OUT, signIn::signOut);

        OverviewPage overview = new OverviewPage(parts.pipelines(), parts.history(), parts.schedules(), templates,
                parts.settings().clock());
        app.get(UiPaths.OVERVIEW, overview::page);
        app.get(UiPaths.OVERVIEW_TABLE, overview::table);

        PipelineActions actions = new PipelineActions(parts.pipelines(), parts.runs(), parts.audit());
        app.post(UiPaths.PIPELINE_SYNC, actions::syncNow);
        app.post(UiPaths.PIPELINE_PAUSE, actions::pause);
        app.post(UiPaths.PIPELINE_RESUME, actions::resume);

        PipelinePage pipeline = new PipelinePage(parts.pipelines(), parts.history(), parts.schedules(), parts.audit(),
                templates, parts.settings().clock());
        app.get(UiPaths.PIPELINE, pipeline::page);
        app.post(UiPaths.PIPELINE_YAML, pipeline::save);
        app.post(UiPaths.PIPELINE_YAML_CHECK, pipeline::check);

        app.get(UiPaths.SCHEDULES, new SchedulesPage(parts.pipelines(), parts.schedules(), templates)::page);

        RunPage run = new RunPage(parts.history(), parts.runs(), new RunCancellation(parts.runs(), parts.history(),
                parts.audit(), cancels), templates, parts.settings().clock());
        app.get(UiPaths.RUN, run::page);
        app.get(UiPaths.RUN_LIVE, run::livePart);
        app.post(UiPaths.RUN_CANCEL, run::cancel);

        LogsPage logs = new LogsPage(parts.pipelines(), parts.history(), templates, parts.settings().clock());
        app.get(UiPaths.LOGS, logs::page);
    }
}
