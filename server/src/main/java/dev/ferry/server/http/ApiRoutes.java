package dev.ferry.server.http;

import dev.ferry.server.auth.Role;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where every route is registered, each with the least role it needs and a summary, so that
 * authorization is declared beside the route and the list of routes can be checked against the
 * OpenAPI document. A null role makes a route public; only health and readiness are.
 */
public final class ApiRoutes {
    private final Javalin app;
    private final List<RouteInfo> routes = new ArrayList<>();

    public ApiRoutes(Javalin app) {
        this.app = app;
    }

    public void get(String path, Role role, String summary, Handler handler) {
        note("GET", path, role, summary);
        app.get(path, handler, roles(role));
    }

    public void post(String path, Role role, String summary, Handler handler) {
        note("POST", path, role, summary);
        app.post(path, handler, roles(role));
    }

    public void put(String path, Role role, String summary, Handler handler) {
        note("PUT", path, role, summary);
        app.put(path, handler, roles(role));
    }

    public void delete(String path, Role role, String summary, Handler handler) {
        note("DELETE", path, role, summary);
        app.delete(path, handler, roles(role));
    }

    /** A stream of Server-Sent Events. */
    public void sse(String path, Role role, String summary, Consumer<SseClient> client) {
        note("SSE", path, role, summary);
        app.sse(path, client, roles(role));
    }

    public List<RouteInfo> routes() {
        return List.copyOf(routes);
    }

    private void note(String method, String path, Role role, String summary) {
        if (role == null && !path.equals("/health") && !path.equals("/ready")) {
            throw new IllegalArgumentException("Only /health and /ready may be public, not " + path);
        }
        routes.add(new RouteInfo(method, path, role, summary));
    }

    private static Role[] roles(Role role) {
        return role == null ? new Role[0] : new Role[]{role};
    }
}
