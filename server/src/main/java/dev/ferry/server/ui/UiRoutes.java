package dev.ferry.server.ui;

import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.server.ServerParts;
import dev.ferry.server.notify.Notifications;
import dev.ferry.server.ui.auth.SessionService;
import dev.ferry.server.ui.auth.UiAuth;
import dev.ferry.server.ui.auth.UserService;
import dev.ferry.server.runs.CancelRequests;
import dev.ferry.server.runs.RunCancellation;
import dev.ferry.server.ui.pages.LogsPage;
import dev.ferry.server.ui.pages.ConnectionChecks;
import dev.ferry.server.ui.pages.ConnectionsPage;
import dev.ferry.server.ui.pages.HealthPage;
import dev.ferry.server.ui.pages.OverviewPage;
import dev.ferry.server.ui.pages.PipelineWizard;
import dev.ferry.server.ui.pages.SettingsPage;
import dev.ferry.server.ui.pages.PipelineDefaults;
import dev.ferry.server.ui.pages.PipelineActions;
import dev.ferry.server.ui.pages.PipelinePage;
import dev.ferry.server.ui.pages.SchedulesPage;
import dev.ferry.server.ui.pages.RunEventStream;
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
    private final Notifications notifications;
    private final RunEventStream runEvents;

    /**
     * @param cancels   where cancels of runs other nodes execute are left for them, as the API leaves them
     * @param runEvents tells open overview pages when a run starts or ends
     */
    public UiRoutes(ServerParts parts, UiAuth auth, UserService users, Templates templates, CancelRequests cancels,
                    Notifications notifications, RunEventStream runEvents) {
        this.runEvents = runEvents;
        this.parts = parts;
        this.cancels = cancels;
        this.auth = auth;
        this.users = users;
        this.templates = templates;
        this.notifications = notifications;
    }

    public void register(Javalin app) {
        app.get(UiPaths.ASSETS + "{file}", Assets::serve);
        app.get("/favicon.ico", ctx -> ctx.redirect(UiPaths.ASSETS + "favicon.svg"));

        SignInPage signIn = new SignInPage(users, parts.tokens(), auth, parts.audit(), templates,
                parts.settings().clock());
        app.get(UiPaths.SIGN_IN, signIn::form);
        app.post(UiPaths.SIGN_IN, signIn::signIn);
        app.post(UiPaths.SIGN_OUT, signIn::signOut);

        OverviewPage overview = new OverviewPage(parts.pipelines(), parts.history(), parts.schedules(), templates,
                parts.settings().clock());
        app.get(UiPaths.OVERVIEW, overview::page);
        app.get(UiPaths.OVERVIEW_TABLE, overview::table);
        app.sse(UiPaths.RUN_EVENTS, runEvents::follow);

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
                parts.audit(), cancels), parts.followers(), templates, parts.settings().clock());
        app.get(UiPaths.RUN, run::page);
        app.get(UiPaths.RUN_STREAM, run::stream);
        app.post(UiPaths.RUN_CANCEL, run::cancel);

        LogsPage logs = new LogsPage(parts.pipelines(), parts.history(), templates, parts.settings().clock());
        app.get(UiPaths.LOGS, logs::page);

        ConnectorRegistry connectors = ConnectorRegistry.load();
        ConnectionChecks checks = new ConnectionChecks(parts.connections(), parts.audit(), parts.settings().clock());
        ConnectionsPage connections = new ConnectionsPage(parts.connections(), checks, connectors.knownTypes(),
                parts.audit(), templates);
        app.get(UiPaths.CONNECTIONS, connections::list);
        app.post(UiPaths.CONNECTIONS, connections::save);
        app.get(UiPaths.CONNECTION_NEW, connections::newForm);
        app.get(UiPaths.CONNECTION_EDIT, connections::editForm);
        app.post(UiPaths.CONNECTION_DELETE, connections::delete);
        app.post(UiPaths.CONNECTION_CHECK, connections::check);
        app.post(UiPaths.CONNECTION_DISCOVER, connections::discover);

        PipelineWizard wizard = new PipelineWizard(parts.connections(), parts.pipelines(), connectors, parts.audit(), templates);
        app.get(UiPaths.WIZARD, wizard::start);
        app.post(UiPaths.WIZARD, wizard::create);
        app.get(UiPaths.WIZARD_TABLES, wizard::tables);
        app.post(UiPaths.WIZARD_PREVIEW, wizard::preview);
        app.post(UiPaths.WIZARD_YAML, wizard::yaml);

        SettingsPage settings = new SettingsPage(notifications.settings(), notifications.service(), parts.tokens(), users,
                new SessionService(parts.sql(), parts.settings().clock()), parts.settings(),
                PipelineDefaults.of(parts.runs().retryPolicy(), parts.schedules().settings()), parts.audit(), templates);
        app.get(UiPaths.SETTINGS, settings::page);
        app.post(UiPaths.SETTINGS_NOTIFICATIONS, settings::saveNotifications);
        app.post(UiPaths.SETTINGS_NOTIFICATIONS_TEST, settings::testNotifications);
        app.post(UiPaths.SETTINGS_SMTP, settings::saveSmtp);
        app.post(UiPaths.SETTINGS_SMTP_REMOVE, settings::removeSmtp);
        app.post(UiPaths.SETTINGS_TOKENS, settings::createToken);
        app.post(UiPaths.SETTINGS_TOKEN_REVOKE, settings::revokeToken);
        app.post(UiPaths.SETTINGS_USERS, settings::createUser);
        app.post(UiPaths.SETTINGS_USER_DELETE, settings::deleteUser);

        HealthPage health = new HealthPage(parts.database(), parts.schedules(), parts.connections(), parts.pipelines(),
                checks, connectors, parts.audit(), templates, parts.settings().clock());
        app.get(UiPaths.STATUS, health::page);
        app.post(UiPaths.STATUS_CHECK, health::checkAll);
    }
}
