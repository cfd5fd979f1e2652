package dev.ferry.server.ui.pages;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.connect.ConnectionProbe;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.audit.AuditPage;
import dev.ferry.server.audit.AuditQuery;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.Role;
import dev.ferry.server.connections.ConnectionService;
import dev.ferry.server.connections.StoredConnection;
import dev.ferry.server.pipelines.PipelineCatalog;
import dev.ferry.server.pipelines.PipelineEntry;
import dev.ferry.server.schedule.ScheduleService;
import dev.ferry.server.store.ServerDatabase;
import dev.ferry.server.ui.Chrome;
import dev.ferry.server.ui.Templates;
import dev.ferry.server.ui.UiPaths;
import dev.ferry.server.ui.auth.UiAuth;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Health: the server (version, uptime, node), what {@code /ready} checks (the state store, the
 * scheduler), each connection's reachability with its last check (checked on demand: the stored ones
 * and those pipeline files declare), and,
 * for admins as in {@code GET /api/audit}, the audit log, newest first, paged and filtered.
 */
public final class HealthPage {
    static final int AUDIT_PAGE = 50;

    private final ServerDatabase database;
    private final ScheduleService schedules;
    private final ConnectionService connections;
    private final PipelineCatalog pipelines;
    private final ConnectionChecks checks;
    private final AuditLog audit;
    private final ConnectorRegistry connectors;
    private final Templates templates;
    private final Clock clock;
    private final Instant started;

    public HealthPage(ServerDatabase database, ScheduleService schedules, ConnectionService connections,
                      PipelineCatalog pipelines, ConnectionChecks checks, ConnectorRegistry connectors, AuditLog audit,
                      Templates templates, Clock clock) {
        this.database = database;
        this.schedules = schedules;
        this.connections = connections;
        this.pipelines = pipelines;
        this.checks = checks;
        this.connectors = connectors;
        this.audit = audit;
        this.templates = templates;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** A check of {@code /ready}, and whether it passes. */
    public record Readiness(String name, boolean up) {
    }

    /**
     * A connection pipelines use: a stored one, or one a pipeline file declares itself (named
     * {@code pipeline/connection}, as {@code stored} false), with the pipelines using it and its last
     * check (null: none yet).
     */
    public record ConnectionHealth(String name, boolean stored, List<String> usedBy, ConnectionChecks.LastCheck last) {
    }

    /** The audit log's filters and page, as the query string gives them. */
    public record AuditFilter(String actor, String action, int page) {
        public String pageLink(int to) {
            StringBuilder link = new StringBuilder(UiPaths.STATUS + "?page=" + to);
            if (actor != null) {
                link.append("&actor=").append(encode(actor));
            }
            if (action != null) {
                link.append("&action=").append(encode(action));
            }
            return link + "#audit";
        }

        private static String encode(String text) {
            return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public void page(Context ctx) {
        Chrome chrome = Chrome.of("Health", "Health", UiAuth.session(ctx));
        Map<String, Object> params = new HashMap<>();
        params.put("chrome", chrome);
        params.put("version", version());
        params.put("uptime", DurationText.of(Duration.between(started, clock.instant())));
        params.put("started", started);
        params.put("node", schedules.node());
        params.put("readiness", List.of(new Readiness("State store", reachable()),
                new Readiness("Scheduler", schedules.isRunning())));
        params.put("connections", connectionHealth());
        AuditFilter filter = new AuditFilter(blankToNull(ctx.queryParam("actor")), blankToNull(ctx.queryParam("action")),
                Math.max(0, intParam(ctx.queryParam("page"))));
        params.put("filter", filter);
        params.put("audit", chrome.isAdmin() ? audit.search(new AuditQuery(filter.actor(), filter.action(), null, null,
                null, null, AUDIT_PAGE, filter.page() * AUDIT_PAGE)) : null);
        params.put("pageSize", AUDIT_PAGE);
        templates.render(ctx, "health.jte", params);
    }

    /** Checks every connection now (operator, as the API's check), then shows the page again. */
    public void checkAll(Context ctx) {
        Caller caller = UiAuth.require(ctx, Role.OPERATOR).caller(ctx.ip());
        for (StoredConnection connection : connections.list()) {
            try {
                checks.check(connection.name(), ConnectionProbe.Role.SOURCE, caller);
            } catch (java.util.NoSuchElementException deletedMeanwhile) {
                checks.forget(connection.name());
            }
        }
        Set<String> stored = storedNames();
        for (PipelineEntry entry : pipelines.list()) {
            if (entry.config() == null) {
                continue;
            }
            PipelineConfig config = entry.config();
            if (!stored.contains(config.source())) {
                checks.checkDeclared(entry.name(), config.sourceConnection(), ConnectionProbe.Role.SOURCE, connectors, caller);
            }
            if (!stored.contains(config.destination())) {
                checks.checkDeclared(entry.name(), config.destinationConnection(), ConnectionProbe.Role.DESTINATION,
                        connectors, caller);
            }
        }
        PipelineActions.goTo(ctx, UiPaths.STATUS + "#connections-title");
    }

    /**
     * Stored connections with the pipelines naming them, then the connections pipeline files declare
     * themselves. A name a pipeline uses that is stored is taken for the stored connection.
     */
    private List<ConnectionHealth> connectionHealth() {
        Set<String> stored = storedNames();
        Map<String, List<String>> usedBy = new HashMap<>();
        List<ConnectionHealth> declared = new ArrayList<>();
        for (PipelineEntry entry : pipelines.list()) {
            if (entry.config() == null) {
                continue;
            }
            for (String name : new java.util.LinkedHashSet<>(List.of(entry.config().source(), entry.config().destination()))) {
                if (stored.contains(name)) {
                    usedBy.computeIfAbsent(name, key -> new ArrayList<>()).add(entry.name());
                } else {
                    String shown = ConnectionChecks.declaredName(entry.name(), name);
                    declared.add(new ConnectionHealth(shown, false, List.of(entry.name()), checks.last(shown).orElse(null)));
                }
            }
        }
        List<ConnectionHealth> all = new ArrayList<>();
        for (String name : stored) {
            all.add(new ConnectionHealth(name, true, usedBy.getOrDefault(name, List.of()), checks.last(name).orElse(null)));
        }
        all.addAll(declared);
        return all;
    }

    private Set<String> storedNames() {
        Set<String> names = new java.util.TreeSet<>();
        connections.list().forEach(connection -> names.add(connection.name()));
        return names;
    }

    private boolean reachable() {
        try {
            return database.isReachable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The build's version, from the jar's Maven metadata; unknown when run from classes (tests, an IDE). */
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = HealthPage.class.getResourceAsStream("/META-INF/maven/dev.ferry/ferry-server/pom.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown (not run from a built jar)");
    }

    private static int intParam(String text) {
        try {
            return text == null ? 0 : Math.min(Integer.parseInt(text.strip()), 1_000_000);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
