package dev.ferry.server;

import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.run.RetryPolicy;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.audit.AuditRoutes;
import dev.ferry.server.audit.ChangeAudit;
import dev.ferry.server.auth.TokenRoutes;
import dev.ferry.server.auth.TokenService;
import dev.ferry.server.connections.ConnectionRoutes;
import dev.ferry.server.connections.ConnectionService;
import dev.ferry.server.http.ApiRoutes;
import dev.ferry.server.http.Authentication;
import dev.ferry.server.http.BodyLimit;
import dev.ferry.server.http.ErrorMapper;
import dev.ferry.server.http.Json;
import dev.ferry.server.http.RouteInfo;
import dev.ferry.server.limits.RateLimiter;
import dev.ferry.server.notify.Notifications;
import dev.ferry.server.ops.HealthRoutes;
import dev.ferry.server.pipelines.PipelineCatalog;
import dev.ferry.server.pipelines.PipelineFolderWatcher;
import dev.ferry.server.pipelines.PipelineStore;
import dev.ferry.server.pipelines.PipelineRoutes;
import dev.ferry.server.runs.RunEvents;
import dev.ferry.server.runs.RunLogFiles;
import dev.ferry.server.runs.RunLogTail;
import dev.ferry.server.runs.RunRoutes;
import dev.ferry.server.runs.RunService;
import dev.ferry.server.secrets.KeysetSource;
import dev.ferry.server.schedule.ScheduleRoutes;
import dev.ferry.server.schedule.ScheduleService;
import dev.ferry.server.store.ServerDatabase;
import dev.ferry.server.store.Sql;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

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
            RunService runs = new RunService(settings.state(), ConnectorRegistry.load(), RetryPolicy.DEFAULT, events,
                    settings.clock());
            closeables.push(() -> runs.stopAll(settings.shutdownTimeout()));
            PipelineStore pipelineStore = new PipelineStore(sql, settings.clock());
            PipelineCatalog pipelines = new PipelineCatalog(settings.pipelinesFolder(), settings.environment(),
                    pipelineStore, settings.pipelinesFolder() != null ? settings.pipelinesFolder() : settings.dataFolder());
            RunLogTail logTail = new RunLogTail(history, events);
            closeables.push(logTail);
            TokenService tokens = new TokenService(sql, settings.clock());
            AuditLog audit = new AuditLog(sql, settings.clock());
            ConnectionService connections = ConnectionService.open(sql, KeysetSource.of(settings.environment(),
                    settings.dataFolder()), ConnectorRegistry.load(), settings.environment(), Path.of("").toAbsolutePath(),
                    settings.clock());
            ScheduleService schedules = new ScheduleService(database, pipelines, runs, events, pipelines::isPaused,
                    settings.clock(), ScheduleService.Settings.DEFAULT, settings.shutdownTimeout());
            closeables.push(schedules);
            ServerParts parts = new ServerParts(settings, database, sql, history, events, runs, pipelines, tokens, audit,
                    pipelineStore, logTail, connections, schedules);
            pipelines.useStoredConnections(connections.external());
            connections.onChange(pipelines::reload);
            pipelines.reload();
            schedules.start();
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
            });
            ErrorMapper.install(app);
            BodyLimit.install(app, settings.maxBodyBytes());
            RateLimiter limiter = new RateLimiter(settings.rateLimit(), settings.clock());
            Authentication.install(app, parts.tokens(), limiter);
            ChangeAudit.install(app, parts.audit());
            ApiRoutes routes = new ApiRoutes(app);
            new HealthRoutes(database).check("scheduler", schedules::isRunning).register(routes);
            new ScheduleRoutes(schedules, pipelines, pipelines::isPaused, parts.audit()).register(routes);
            new PipelineRoutes(pipelines, parts.audit()).register(routes);
            new RunRoutes(pipelines, runs, history, parts.audit(), logTail).register(routes);
            new TokenRoutes(parts.tokens(), limiter, parts.audit()).register(routes);
            new AuditRoutes(parts.audit()).register(routes);
            new ConnectionRoutes(connections, parts.audit()).register(routes);
            Notifications notifications = Notifications.start(parts, () -> baseUrl(settings, app.port()));
            closeables.push(notifications);
            // Runs stop (at a batch boundary) before notifications close, so a run failing meanwhile is still told.
            closeables.push(() -> runs.stopAll(settings.shutdownTimeout()));
            notifications.register(routes);

            app.start(settings.bind(), settings.port());
            closeables.push(app::stop);
            closeables.push(logTail::endAll);
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
