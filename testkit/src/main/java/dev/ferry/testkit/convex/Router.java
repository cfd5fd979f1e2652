package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one HTTP handler: applies armed faults, checks the deploy key, enforces the body limit,
 * dispatches to the route and turns every error into {@code {"code", "message"}}.
 */
final class Router implements HttpHandler {

    private static final String RUN_PREFIX = "/api/run/";
    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    private final Map<String, Route> routes;
    private final Route runRoute;
    private final DeployKeys keys;
    private final FaultInjector faults;
    private final List<RecordedRequest> log = new CopyOnWriteArrayList<>();

    Router(Map<String, Route> routes, Route runRoute, DeployKeys keys, FaultInjector faults) {
        this.routes = Map.copyOf(routes);
        this.runRoute = runRoute;
        this.keys = keys;
        this.faults = faults;
    }

    List<RecordedRequest> log() {
        return log;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Optional<Fault> fault = faults.take(path);
        byte[] body = new byte[0];
        Answer answer;
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.STATUS) {
            drain(exchange.getRequestBody());
            answer = statusFault(fault.get(), exchange);
        } else {
            if (fault.isPresent() && fault.get().kind() == Fault.Kind.SLOW) {
                sleep(fault.get());
            }
            Route route = path.startsWith(RUN_PREFIX) ? runRoute : routes.get(path);
            body = readBody(exchange.getRequestBody(), route == null ? Route.DEFAULT_BODY_LIMIT : route.bodyLimit());
            answer = answer(route, exchange, path, body);
        }
        log.add(new RecordedRequest(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                body == null ? -1 : body.length, answer.status(), fault.orElse(null)));
        if (fault.isPresent() && fault.get().kind() == Fault.Kind.DROP_CONNECTION) {
            sendHalfAndDrop(exchange, answer);
        }
        try (exchange) {
            send(exchange, answer);
        }
    }

    private record Answer(int status, byte[] body) {
    }

    private Answer answer(Route route, HttpExchange exchange, String path, byte[] body) {
        try {
            if (route == null) {
                throw new ConvexHttpException(404, "NotFound", "No route " + path);
            }
            if (!route.methods().contains(exchange.getRequestMethod())) {
                throw new ConvexHttpException(405, "MethodNotAllowed",
                        path + " takes " + route.methods() + ", not " + exchange.getRequestMethod());
            }
            if (route.permission() != null) {
                keys.check(exchange.getRequestHeaders().getFirst("Authorization"), route.permission());
            }
            if (body == null) {
                throw new ConvexHttpException(400, "BadJsonBody", "Failed to buffer the request body: length limit exceeded");
            }
            ConvexRequest request = new ConvexRequest(exchange.getRequestMethod(), path,
                    queryParameters(exchange.getRequestURI().getRawQuery()), body);
            return new Answer(200, ConvexRequest.JSON.writeValueAsBytes(route.handle(request)));
        } catch (ConvexHttpException e) {
            return error(e.status(), e.code(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The fake Convex deployment failed on " + path, e);
            return error(500, "InternalServerError", "The fake failed: " + e);
        }
    }

    private static Answer statusFault(Fault fault, HttpExchange exchange) {
        if (fault.retryAfter() != null) {
            long seconds = Math.max(1, (fault.retryAfter().toMillis() + 999) / 1000);
            exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds));
        }
        return error(fault.status(), "InjectedFault", "Fault injected by the test: status " + fault.status());
    }

    private static Answer error(int status, String code, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("code", code);
        body.put("message", message);
        try {
            return new Answer(status, ConvexRequest.JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    /**
     * Declares the full length, writes half the body, then throws without closing the exchange:
     * the JDK server closes the connection of a handler that throws, so the client sees the body
     * end early, as when a proxy or network drops a connection mid-page.
     */
    private static void sendHalfAndDrop(HttpExchange exchange, Answer answer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), answer.body().length);
        OutputStream out = exchange.getResponseBody();
        out.write(answer.body(), 0, answer.body().length / 2);
        out.flush();
        throw new IOException("Fault injected by the test: connection dropped mid-response");
    }

    /** The body, or null when it is over the limit (the rest is read and discarded). */
    private static byte[] readBody(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = in.read(chunk)) != -1) {
            total += read;
            if (total <= limit) {
                buffer.write(chunk, 0, read);
            }
        }
        return total > limit ? null : buffer.toByteArray();
    }

    private static void drain(InputStream in) throws IOException {
        in.transferTo(OutputStream.nullOutputStream());
    }

    private static void sleep(Fault fault) {
        try {
            Thread.sleep(fault.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    static JsonNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }
}
