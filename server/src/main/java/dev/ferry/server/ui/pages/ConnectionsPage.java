package dev.ferry.server.ui.pages;

import dev.ferry.engine.connect.ConnectionProbe;
import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.Role;
import dev.ferry.server.connections.ConnectionInput;
import dev.ferry.server.connections.ConnectionService;
import dev.ferry.server.connections.ConnectionView;
import dev.ferry.server.connections.DiscoveryView;
import dev.ferry.server.connections.StoredConnection;
import dev.ferry.engine.secrets.KeysetUnavailableException;
import dev.ferry.server.ui.Chrome;
import dev.ferry.server.ui.Templates;
import dev.ferry.server.ui.UiPaths;
import dev.ferry.server.ui.auth.UiAuth;
import dev.ferry.server.ui.auth.UiSession;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The Connections page: every stored connection (secrets only as "set"), the form that creates or
 * edits one, delete, and Test and Discover as htmx fragments. Each does what its API twin under
 * {@code /api/connections} does, with the same roles (reading: viewer; Test and Discover: operator;
 * changes: admin), audited the same way.
 */
public final class ConnectionsPage {
    private final ConnectionService connections;
    private final ConnectionChecks checks;
    private final List<String> types;
    private final AuditLog audit;
    private final Templates templates;

    public ConnectionsPage(ConnectionService connections, ConnectionChecks checks, List<String> types, AuditLog audit,
                           Templates templates) {
        this.connections = connections;
        this.checks = checks;
        this.types = List.copyOf(types);
        this.audit = audit;
        this.templates = templates;
    }

    public void list(Context ctx) {
        List<ConnectionRow> rows = connections.list().stream().map(connection -> new ConnectionRow(
                ConnectionView.of(connection, connections.problem(connection)),
                checks.last(connection.name()).orElse(null))).toList();
        templates.render(ctx, "connections.jte", Map.of("chrome", chrome(ctx, "Connections"), "rows", rows));
    }

    public void newForm(Context ctx) {
        UiAuth.require(ctx, Role.ADMIN);
        renderForm(ctx, new ConnectionForm(false, "", "", "", "", "", "", false, List.of(), types, null));
    }

    public void editForm(Context ctx) {
        UiAuth.require(ctx, Role.ADMIN);
        StoredConnection stored = stored(ctx.pathParam("name"));
        renderForm(ctx, new ConnectionForm(true, stored.name(), stored.type() == null ? "" : stored.type(), stored.url(),
                stored.user() == null ? "" : stored.user(), KeyValueLines.format(stored.properties()),
                KeyValueLines.format(stored.options()), stored.passwordSet(), stored.sealedProperties(), types, null));
    }

    /**
     * Creates or replaces a connection, as {@code PUT /api/connections/{name}}: a blank password keeps
     * the stored one; secret properties not written are kept, {@code name=} removes one.
     */
    public void save(Context ctx) {
        Caller caller = UiAuth.require(ctx, Role.ADMIN).caller(ctx.ip());
        boolean editing = "true".equals(ctx.formParam("editing"));
        String name = text(ctx.formParam("name"));
        String password = ctx.formParam("password");
        boolean clear = ctx.formParam("clear_password") != null;
        try {
            if (!editing && !name.isEmpty() && connections.find(name).isPresent()) {
                throw new IllegalArgumentException("a connection named " + name + " exists already; edit it instead");
            }
            ConnectionInput input = new ConnectionInput(ctx.formParam("type"), ctx.formParam("url"),
                    ctx.formParam("user"), clear ? null : password, clear || password != null && !password.isEmpty(),
                    KeyValueLines.parse(ctx.formParam("properties"), "properties"),
                    withoutBlanks(KeyValueLines.parse(ctx.formParam("options"), "options")));
            ConnectionService.Stored stored = connections.put(name, input, caller.name());
            audit.record(caller, "connection.put", name, "ok", (stored.created() ? "created" : "replaced")
                    + (stored.changes().isEmpty() ? "" : "; " + stored.changes()));
        } catch (IllegalArgumentException e) {
            audit.record(caller, "connection.put", name, "refused", e.getMessage());
            refuse(ctx, 400, editing, name, "Connection " + name + ": " + e.getMessage());
            return;
        } catch (KeysetUnavailableException e) {
            audit.record(caller, "connection.put", name, "failed", "the keyset of stored secrets cannot be used");
            refuse(ctx, 503, editing, name, "Connection " + name + " cannot be stored: " + e.getMessage());
            return;
        }
        PipelineActions.goTo(ctx, UiPaths.CONNECTIONS);
    }

    public void delete(Context ctx) {
        Caller caller = UiAuth.require(ctx, Role.ADMIN).caller(ctx.ip());
        String name = ctx.pathParam("name");
        if (!connections.delete(name)) {
            audit.record(caller, "connection.delete", name, "refused", "no such connection");
            throw new HttpResponseException(404, "No connection " + name);
        }
        checks.forget(name);
        audit.record(caller, "connection.delete", name, "ok", null);
        PipelineActions.goTo(ctx, UiPaths.CONNECTIONS);
    }

    /** Test: connects as a source (or a destination, with {@code as=destination}) and answers the verdict's fragment. */
    public void check(Context ctx) {
        Caller caller = UiAuth.require(ctx, Role.OPERATOR).caller(ctx.ip());
        String name = ctx.pathParam("name");
        ConnectionProbe.Role role = "destination".equals(ctx.formParam("as")) ? ConnectionProbe.Role.DESTINATION
                : ConnectionProbe.Role.SOURCE;
        ConnectionChecks.LastCheck result;
        try {
            result = checks.check(name, role, caller);
        } catch (NoSuchElementException e) {
            throw new HttpResponseException(404, "No connection " + name);
        }
        templates.render(ctx, "connection_check.jte", Map.of("check", result));
    }

    /** Discover: the tables and columns, as a fragment. */
    public void discover(Context ctx) {
        Caller caller = UiAuth.require(ctx, Role.OPERATOR).caller(ctx.ip());
        String name = ctx.pathParam("name");
        ConnectionService.Discovery discovery;
        try {
            discovery = connections.discover(name);
        } catch (NoSuchElementException e) {
            throw new HttpResponseException(404, "No connection " + name);
        }
        audit.record(caller, "connection.discover", name, discovery.ok() ? "ok" : "failed",
                discovery.ok() ? discovery.streams().size() + " streams" : discovery.error());
        templates.render(ctx, "connection_discovery.jte", Map.of("discovery", DiscoveryView.of(discovery)));
    }

    /** The form again with what was typed (never the password) and why it was refused. */
    private void refuse(Context ctx, int status, boolean editing, String name, String error) {
        StoredConnection stored = editing ? connections.find(name).orElse(null) : null;
        ctx.status(status);
        renderForm(ctx, new ConnectionForm(editing, name, text(ctx.formParam("type")), text(ctx.formParam("url")),
                text(ctx.formParam("user")), text(ctx.formParam("properties")), text(ctx.formParam("options")),
                stored != null && stored.passwordSet(), stored == null ? List.of() : stored.sealedProperties(), types, error));
    }

    private void renderForm(Context ctx, ConnectionForm form) {
        templates.render(ctx, "connection_form.jte", Map.of("chrome",
                chrome(ctx, form.editing() ? "Edit connection " + form.name() : "New connection"), "form", form));
    }

    private StoredConnection stored(String name) {
        return connections.find(name).orElseThrow(() -> new HttpResponseException(404, "No connection " + name));
    }

    private static Chrome chrome(Context ctx, String title) {
        UiSession session = UiAuth.session(ctx);
        return Chrome.of(title, "Connections", session);
    }

    private static Map<String, String> withoutBlanks(Map<String, String> values) {
        Map<String, String> kept = new HashMap<>(values);
        kept.values().removeIf(java.util.Objects::isNull);
        return kept;
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }
}
