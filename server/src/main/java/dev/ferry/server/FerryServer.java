package dev.ferry.server;

import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.run.RetryPolicy;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.audit.AuditRoutes;
import dev.ferry.server.audit.ChangeAudit;
import dev.ferry.server.auth.TokenRoutes;
import dev.ferry.server.auth.TokenService;
import dev.ferry.server.connections.ConnectionRoutes;
import dev.ferry.server.connections.ConnectionService;
import dev.ferry.server.http.ApiException;
import dev.ferry.server.http.ApiRoutes;
import dev.ferry.server.http.Authentication;
import dev.ferry.server.http.BodyLimit;
import dev.ferry.server.http.ErrorMapper;
import dev.ferry.server.ui.Templates;
import dev.ferry.server.ui.UiErrors;
import dev.ferry.server.ui.UiRoutes;
import dev.ferry.server.ui.auth.SessionService;
import dev.ferry.server.ui.auth.UiAuth;
import dev.ferry.server.ui.auth.UserRoutes;
import dev.ferry.server.ui.auth.UserService;
import dev.ferry.server.http.Json;
import dev.ferry.server.http.RouteInfo;
import dev.ferry.server.limits.RateLimiter;
import dev.ferry.server.notify.Notifications;
import dev.ferry.server.metrics.MetricsRoutes;
import dev.ferry.server.metrics.MetricsService;
import dev.ferry.server.ops.HealthRoutes;
import dev.ferry.server.ops.OpenApiRoutes;
import dev.ferry.server.pipelines.PipelineCatalog;
import dev.ferry.server.pipelines.PipelineFolderWatcher;
import dev.ferry.server.pipelines.PipelineStore;
import dev.ferry.server.pipelines.PipelineEntry;
import dev.ferry.server.pipelines.PipelineRoutes;
import dev.ferry.server.pipelines.PreviewRoutes;
import dev.ferry.server.quarantine.QuarantineRoutes;
import dev.ferry.server.runs.CancelRequests;
import dev.ferry.server.runs.RunEvents;
import dev.ferry.server.runs.RunLogFiles;
import dev.ferry.server.runs.RunFollowers;
import dev.ferry.server.ui.pages.RunEventStream;
import dev.ferry.server.runs.RunLogTail;
import dev.ferry.server.runs.RunRoutes;
import dev.ferry.server.runs.RunService;
import dev.ferry.engine.secrets.KeysetSource;
import dev.ferry.server.schedule.ScheduleRoutes;
import dev.ferry.server.schedule.ScheduleService;
import dev.ferry.server.store.ServerDatabase;
import dev.ferry.server.store.Sql;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The control plane: the REST API over the pipelines, their runs and schedules, on one state store
 * shared with the CLI and with other nodes. {@link #start} wires the parts; {@link #close} stops
 * taking requests, lets running runs reach a batch boundary and commit, and releases everything.
 *
 * <p>Each domain lives in its own package: a service that holds the logic and a routes class that
 * only parses, calls it and answers.
 */
public final class FerryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FerryServer.class);

    private final ServerSettings settings;
    private final Javalin app;
    private final ApiRoutes routes;
    private final ServerParts parts;
    /** What to close, last opened first. */
    private final Deque<AutoCloseable> closeables;

    private FerryServer(ServerSettings settings, Javalin app, ApiRoutes routes, ServerParts parts, Deque<AutoCloseable> closeables) {
        this.settings = settings;
        this.app = app;
        this.routes = routes;
        this.parts = parts;
        this.closeables = closeables;
    }

    /** Opens the store, loads the pipelines, registers the routes and starts listening. */
    public static FerryServer start(ServerSettings settings) {
        Deque<AutoCloseable> closeables = new ArrayDeque<>();
        try {
            StateStore history = StateStores.open(settings.state());
            closeables.push(history);
            ServerDatabase database = ServerDatabase.open(settings.state());
            closeables.push(database);
            Sql sql = new Sql(database);
            RunEvents events = new RunEvents();
            ConnectionService connections = ConnectionService.open(sql, KeysetSource.of(settings.environment(),
                    settings.dataFolder()), ConnectorRegistry.load(), settings.environment(), Path.of("").toAbsolutePath(),
                    settings.clock());
            // Runs seal what connectors renew (rotated refresh tokens) with the keyset of stored connections.
            RunService runs = new RunService(settings.state(), ConnectorRegistry.load(), RetryPolicy.DEFAULT, events,
                    settings.clock(), connections::keys);
            // Only for a start that fails half-way: a normal stop has drained the runs already (below), and
            // waiting a second shutdown timeout here would outlast what systemd or a container runtime allows.
            closeables.push(() -> runs.stopAll(Duration.ZERO));
            MetricsService metrics = new MetricsService(events, () -> runs.active().size());
            closeables.push(metrics);
            PipelineStore pipelineStore = new PipelineStore(sql, settings.clock());
            PipelineCatalog pipelines = new PipelineCatalog(settings.pipelinesFolder(), settings.environment(),
                    pipelineStore, settings.pipelinesFolder() != null ? settings.pipelinesFolder() : settings.dataFolder());
            RunFollowers followers = new RunFollowers(events);
            closeables.push(followers);
            TokenService tokens = new TokenService(sql, settings.clock());
            AuditLog audit = new AuditLog(sql, settings.clock());
            ScheduleService schedules = new ScheduleService(database, pipelines, runs, events, pipelines::isPaused,
                    settings.clock(), ScheduleService.Settings.DEFAULT, settings.shutdownTimeout());
            AutoCloseable stopSchedules = once(schedules::close);
            closeables.push(stopSchedules);
            ServerParts parts = new ServerParts(settings, database, sql, history, events, runs, pipelines, tokens, audit,
                    pipelineStore, followers, connections, schedules, metrics);
            pipelines.useStoredConnections(connections.external());
            connections.onChange(pipelines::reload);
            pipelines.reload();
            seedLastSuccesses(pipelines, history, metrics);
            schedules.start();
            metrics.schedulerLag(schedules::schedulerLag);
            if (settings.pipelinesFolder() != null) {
                closeables.push(PipelineFolderWatcher.start(pipelines));
            }
            if (settings.logsFolder() != null) {
                closeables.push(new RunLogFiles(settings.logsFolder()).attach(events));
            }

            Javalin app = Javalin.create(config -> {
                config.showJavalinBanner = false;
                config.http.maxRequestSize = settings.maxBodyBytes();
                config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
                config.requestLogger.http((ctx, ms) -> metrics.requestServed(ctx.method().name(), routeOf(ctx),
                        ctx.statusCode(), Duration.ofNanos((long) (ms * 1_000_000))));
            });
            Templates templates = new Templates();
            UiAuth uiAuth = new UiAuth(new SessionService(sql, settings.clock()), settings.notifications() != null
                    && settings.notifications().publicUrl() != null && settings.notifications().publicUrl().startsWith("https:"));
            ErrorMapper.install(app, new UiErrors(templates, uiAuth::signedIn));
            AtomicBoolean stopping = new AtomicBoolean();
            refuseWhileStopping(app, stopping);
            BodyLimit.install(app, settings.maxBodyBytes());
            RateLimiter limiter = new RateLimiter(settings.rateLimit(), settings.clock());
            uiAuth.install(app);
            Authentication.install(app, parts.tokens(), limiter);
            ChangeAudit.install(app, parts.audit());
            ApiRoutes routes = new ApiRoutes(app);
            new HealthRoutes(database).check("scheduler", schedules::isRunning)
                    .check("accepting_requests", () -> !stopping.get()).register(routes);
            new MetricsRoutes(metrics).register(routes);
            new OpenApiRoutes().register(routes);
            new ScheduleRoutes(schedules, pipelines, pipelines::isPaused, parts.audit()).register(routes);
            new PipelineRoutes(pipelines, parts.audit()).register(routes);
            CancelRequests cancels = CancelRequests.start(database, runs, settings.clock());
            closeables.push(cancels);
            new RunRoutes(pipelines, runs, history, parts.audit(), new RunLogTail(history, followers), cancels).register(routes);
            new QuarantineRoutes(pipelines, runs, history, parts.audit()).register(routes);
            new TokenRoutes(parts.tokens(), limiter, parts.audit()).register(routes);
            new AuditRoutes(parts.audit()).register(routes);
            new ConnectionRoutes(connections, parts.audit()).register(routes);
            Notifications notifications = Notifications.start(parts, () -> baseUrl(settings, app.port()));
            closeables.push(notifications);
            notifications.register(routes);
            UserService users = new UserService(sql, settings.clock());
            new UserRoutes(users, new SessionService(sql, settings.clock()), parts.audit()).register(routes);
            new PreviewRoutes(pipelines, ConnectorRegistry.load()).register(routes);
            RunEventStream runEvents = new RunEventStream(events);
            closeables.push(runEvents);
            new UiRoutes(parts, uiAuth, users, templates, cancels, notifications, runEvents).register(app);

            app.start(settings.bind(), settings.port());
            closeables.push(app::stop);
            closeables.push(followers::endAll);
            closeables.push(runEvents::endAll);
            // Closed first: from here on /ready answers 503 and every other request 503 shutting_down; the
            // scheduler starts nothing more (a scheduled run it holds stays due), and running runs reach a
            // batch boundary and commit, while notifications can still tell of a run that fails meanwhile;
            // then live logs end and the listener stops.
            closeables.push(() -> {
                stopping.set(true);
                stopSchedules.close();
                if (!runs.stopAll(settings.shutdownTimeout())) {
                    LOG.warn("Runs still going after the shutdown timeout of {} s: {}; they resume from their last "
                            + "committed checkpoint next time", settings.shutdownTimeout().toSeconds(),
                            runs.active().stream().map(run -> run.pipeline() + " run " + run.runId()).toList());
                }
            });
            FerryServer server = new FerryServer(settings, app, routes, parts, closeables);
            server.announce();
            return server;
        } catch (RuntimeException | Error e) {
            closeAll(closeables);
            throw e;
        }
    }

    /** The port it listens on (the chosen one when started on port 0). */
    public int port() {
        return app.port();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        return baseUrl(settings, port());
    }

    private static String baseUrl(ServerSettings settings, int port) {
        String host = settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind();
        return "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port;
    }

    /** Every registered route with its role, for the OpenAPI document and its test. */
    public List<RouteInfo> routes() {
        return routes.routes();
    }

    public ServerParts parts() {
        return parts;
    }

    /**
     * Stops taking requests, asks running runs to stop at a batch boundary (they commit and save
     * their checkpoint), waits for them up to the shutdown timeout, and closes the stores.
     */
    @Override
    public void close() {
        LOG.info("Ferry server stopping: no new requests; running runs stop at their next batch boundary");
        closeAll(closeables);
        LOG.info("Ferry server stopped");
    }

    private void announce() {
        LOG.info("Ferry server listening on {} (state store {}, pipelines {})", url(), settings.state().shownUrl(),
                settings.pipelinesFolder() == null ? "from the API only" : settings.pipelinesFolder());
        if (!parts.tokens().any()) {
            LOG.info("No API token exists yet. Create the first admin token with:  ferry token create --name admin "
                    + "--role admin{}", settings.state().url().equals(dev.ferry.engine.config.StateConfig.DEFAULT_URL)
                    ? "" : " --state '" + settings.state().shownUrl() + "'");
        }
    }

    /** The matched route's pattern; null when no route matched (a 404 for an unknown path). */
    private static String routeOf(Context ctx) {
        try {
            String path = ctx.endpointHandlerPath();
            // Without a match Javalin answers a sentence here, not a pattern.
            return path.startsWith("/") ? path : null;
        } catch (RuntimeException noEndpoint) {
            return null;
        }
    }

    /** Each known pipeline's last success from the run history, for the metric that alerts rely on. */
    private static void seedLastSuccesses(PipelineCatalog pipelines, StateStore history, MetricsService metrics) {
        for (PipelineEntry entry : pipelines.list()) {
            history.recentRuns(entry.name(), 100).stream()
                    .filter(run -> run.status() == RunStatus.SUCCEEDED && run.ended() != null)
                    .findFirst()
                    .ifPresent(run -> metrics.lastSuccessFromHistory(entry.name(), run.ended()));
        }
    }

    /** Once stopping, answers 503 to everything but {@code /health} and {@code /ready}, which report it themselves. */
    private static void refuseWhileStopping(Javalin app, AtomicBoolean stopping) {
        Set<String> open = Set.of("/health", "/ready");
        app.before(ctx -> {
            if (stopping.get() && !open.contains(ctx.path())) {
                ctx.header("Retry-After", "5");
                throw new ApiException(503, "shutting_down",
                        "The server is shutting down and takes no more requests");
            }
        });
    }

    /** {@code action} at its first close only: some parts are stopped early in a stop, and again if a start fails. */
    private static AutoCloseable once(AutoCloseable action) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                action.close();
            }
        };
    }

    private static void closeAll(Deque<AutoCloseable> closeables) {
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                LOG.warn("Closing a part of the server failed", e);
            }
        }
    }
}
