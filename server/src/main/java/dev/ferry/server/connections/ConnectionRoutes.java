package dev.ferry.server.connections;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.engine.connect.ConnectionProbe;
import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.Role;
import dev.ferry.server.http.ApiException;
import dev.ferry.server.http.ApiRoutes;
import dev.ferry.server.http.Authentication;
import dev.ferry.server.http.Json;
import dev.ferry.engine.secrets.KeysetUnavailableException;
import io.javalin.http.Context;

import java.util.Map;
import java.util.NoSuchElementException;

/** Stored connections: list, read, create or replace, delete, check and discover. Routing only; the work is in {@link ConnectionService}. */
public final class ConnectionRoutes {
    private final ConnectionService connections;
    private final AuditLog audit;

    public ConnectionRoutes(ConnectionService connections, AuditLog audit) {
        this.connections = connections;
        this.audit = audit;
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/connections", Role.VIEWER, "Every stored connection; secrets shown only as set or not", this::list);
        routes.get("/api/connections/{name}", Role.VIEWER, "One stored connection; secrets shown only as set or not", this::show);
        routes.put("/api/connections/{name}", Role.ADMIN, "Create or replace a stored connection; secrets not sent are kept", this::put);
        routes.delete("/api/connections/{name}", Role.ADMIN, "Delete a stored connection and its secrets", this::delete);
        routes.post("/api/connections/{name}/check", Role.OPERATOR, "Connect to a stored connection and report, as ferry check does", this::check);
        routes.post("/api/connections/{name}/discover", Role.OPERATOR, "List the tables and columns of a stored connection, as ferry discover does", this::discover);
    }

    /** The body of a PUT; see {@link ConnectionInput} for what each field means. */
    public record PutBody(String type, String url, String user, String password, Map<String, String> properties,
                          Map<String, String> options) {
        @Override
        public String toString() {
            return "PutBody[url=" + url + "]";
        }
    }

    /** The body of a check; optional. {@code as}: source (default) or destination. */
    public record CheckBody(String as) {
    }

    private void list(Context ctx) {
        ctx.json(connections.list().stream().map(connection -> ConnectionView.of(connection, connections.problem(connection))).toList());
    }

    private void show(Context ctx) {
        String name = ctx.pathParam("name");
        StoredConnection connection = connections.find(name).orElseThrow(() -> ApiException.notFound("Connection " + name));
        ctx.json(ConnectionView.of(connection, connections.problem(connection)));
    }

    private void put(Context ctx) {
        Caller caller = Authentication.caller(ctx);
        String name = ctx.pathParam("name");
        PutBody body = Json.body(ctx, PutBody.class);
        ConnectionInput input = new ConnectionInput(body.type(), body.url(), body.user(), body.password(),
                hasField(ctx.body(), "password"), body.properties(), body.options());
        ConnectionService.Stored stored;
        try {
            stored = connections.put(name, input, caller.name());
        } catch (IllegalArgumentException e) {
            audit.record(caller, "connection.put", name, "refused", e.getMessage());
            throw new ApiException(400, "invalid_connection", "Connection " + name + ": " + e.getMessage());
        } catch (KeysetUnavailableException e) {
            audit.record(caller, "connection.put", name, "failed", "the keyset of stored secrets cannot be used");
            throw new ApiException(503, "secrets_unavailable", "Connection " + name + " cannot be stored: " + e.getMessage());
        }
        audit.record(caller, "connection.put", name, "ok", (stored.created() ? "created" : "replaced")
                + (stored.changes().isEmpty() ? "" : "; " + stored.changes()));
        ctx.status(stored.created() ? 201 : 200)
                .json(ConnectionView.of(stored.connection(), connections.problem(stored.connection())));
    }

    private void delete(Context ctx) {
        Caller caller = Authentication.caller(ctx);
        String name = ctx.pathParam("name");
        if (!connections.delete(name)) {
            audit.record(caller, "connection.delete", name, "refused", "no such connection");
            throw ApiException.notFound("Connection " + name);
        }
        audit.record(caller, "connection.delete", name, "ok", null);
        ctx.status(204);
    }

    private void check(Context ctx) {
        Caller caller = Authentication.caller(ctx);
        String name = ctx.pathParam("name");
        CheckBody body = Json.body(ctx, CheckBody.class, new CheckBody(null));
        ConnectionProbe.Role role = switch (body.as() == null ? "source" : body.as()) {
            case "source" -> ConnectionProbe.Role.SOURCE;
            case "destination" -> ConnectionProbe.Role.DESTINATION;
            default -> throw new ApiException(400, "invalid_field", "Field 'as' must be source or destination, not '"
                    + body.as() + "'", Map.of("field", "as"));
        };
        ConnectionProbe.Verdict verdict;
        try {
            verdict = connections.check(name, role);
        } catch (NoSuchElementException e) {
            throw ApiException.notFound("Connection " + name);
        }
        audit.record(caller, "connection.check", name, verdict.ok() ? "ok" : "failed",
                "as " + role.label() + (verdict.ok() ? ", " + verdict.millis() + " ms" : ": " + verdict.error()));
        ctx.json(verdict);
    }

    private void discover(Context ctx) {
        Caller caller = Authentication.caller(ctx);
        String name = ctx.pathParam("name");
        ConnectionService.Discovery discovery;
        try {
            discovery = connections.discover(name);
        } catch (NoSuchElementException e) {
            throw ApiException.notFound("Connection " + name);
        }
        audit.record(caller, "connection.discover", name, discovery.ok() ? "ok" : "failed",
                discovery.ok() ? discovery.streams().size() + " streams" : discovery.error());
        ctx.json(DiscoveryView.of(discovery));
    }

    private static boolean hasField(String json, String field) {
        try {
            return Json.MAPPER.readTree(json).has(field);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("The body is not valid JSON");
        }
    }
}
