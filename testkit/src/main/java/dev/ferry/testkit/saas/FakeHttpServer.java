package dev.ferry.testkit.saas;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The HTTP side of a fake SaaS API on 127.0.0.1: finds the route by method and path pattern,
 * applies an armed {@link Fault}, runs the {@link Guard}, calls the route, and records the request.
 *
 * <p>Order, and why: a fault comes first because it stands for the vendor's edge (a proxy's 429
 * or 503 answers before credentials are looked at); an unknown path answers 404 and a known path
 * with another method 405, before the guard, so a typo in a connector's URL is not reported as a
 * credentials problem.
 *
 * <p>The request log keeps the last {@code logLimit} requests (all by default) so that a benchmark
 * of 100,000 records does not keep every body; the per-route counts are always complete.
 *
 * <p>{@code GET /_fake/stats} answers the fake's own figures without auth, counting or recording,
 * for shell scripts that start a fake and check what a run did.
 */
public final class FakeHttpServer implements AutoCloseable {

    /** The fake's own error body for a status it answers on its own (404, 405, 500, faults without a body). */
    @FunctionalInterface
    public interface ErrorShape {
        SaasResponse error(int status, String message);
    }

    public static final String STATS_PATH = "/_fake/stats";
    private static final System.Logger LOG = System.getLogger(FakeHttpServer.class.getName());
    private static final long BODY_LIMIT = 32L * 1024 * 1024;

    static {
        // Without TCP_NODELAY, a response written in two segments waits for the client's delayed
        // ACK (about 40 ms): a benchmark of 1,000 pages would measure the wait, not the connector.
        // The JDK reads the property once, when its first HTTP server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final String prefix;
    private final List<SaasRoute> routes;
    private final Guard guard;
    private final ErrorShape errors;
    private final Clock clock;
    private final Supplier<Object> stats;
    private final FaultInjector faults = new FaultInjector();
    private final Deque<RecordedRequest> log = new ArrayDeque<>();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private volatile int logLimit = Integer.MAX_VALUE;
    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * @param prefix the base path every route is under ({@code /api/v1}, or empty)
     * @param stats what {@code /_fake/stats} answers, written as JSON
     */
    public FakeHttpServer(int port, String prefix, List<SaasRoute> routes, Guard guard, ErrorShape errors, Clock clock,
                          Supplier<Object> stats) {
        this.prefix = prefix;
        this.routes = List.copyOf(routes);
        this.guard = guard;
        this.errors = errors;
        this.clock = clock;
        this.stats = stats;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start a fake HTTP server on 127.0.0.1:" + port, e);
        }
        server.createContext("/", this::handle);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT}, without the prefix or a trailing slash. */
    public String rootUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void injectFault(Fault fault) {
        faults.add(fault);
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Every request received and kept (see the class comment), in the order answered. */
    public List<RecordedRequest> requests() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Requests to one route, by method and pattern as declared ({@code GET /contacts/{contactId}}). */
    public long requestCount(String method, String pattern) {
        LongAdder count = counts.get(method + " " + pattern);
        return count == null ? 0 : count.sum();
    }

    /** Every route's request count, by {@code METHOD pattern}. */
    public Map<String, Long> requestCounts() {
        Map<String, Long> copy = new LinkedHashMap<>();
        counts.forEach((route, count) -> copy.put(route, count.sum()));
        return copy;
    }

    /** Keeps only the last {@code limit} requests in the log. */
    public void setLogLimit(int limit) {
        this.logLimit = limit;
        trimLog();
    }

    public void clearRequests() {
        synchronized (log) {
            log.clear();
        }
        counts.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant receivedAt = clock.instant();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String fullPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        byte[] body = readBody(exchange.getRequestBody());
        if (method.equals("GET") && fullPath.equals(STATS_PATH)) {
            try (exchange) {
                send(exchange, SaasResponse.ok(stats.get()));
            }
            return;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        String path = fullPath.startsWith(prefix) ? fullPath.substring(prefix.length()) : null;

        Map<String, String> responseHeaders = new LinkedHashMap<>();
        SaasRoute route = null;
        Fault fault = null;
        SaasResponse response;
        try {
            Match match = path == null ? null : find(method, path);
            route = match == null ? null : match.route();
            String pattern = route == null ? null : route.pattern().text();
            fault = faults.take(method, pattern, path == null ? fullPath : path).orElse(null);
            if (fault != null && !fault.delay().isZero()) {
                sleep(fault.delay());
            }
            if (fault != null && fault.kind() == Fault.Kind.DROP_CONNECTION) {
                record(new RecordedRequest(method, fullPath, rawQuery, headers, new String(body, StandardCharsets.UTF_8),
                        receivedAt, route == null ? null : route.key(), 0, fault));
                count(route);
                // The JDK server closes the connection of a handler that throws before answering.
                throw new IOException("Fault injected by the test: connection dropped without an answer");
            }
            if (fault != null && fault.kind() == Fault.Kind.RESPOND) {
                response = fault.body() == null
                        ? errors.error(fault.status(), "Fault injected by the test: status " + fault.status())
                        : new SaasResponse(fault.status(), Map.of(), fault.body());
                response = withHeaders(response, fault.headers());
            } else if (match == null) {
                response = errors.error(404, "Cannot " + method + " " + fullPath);
            } else if (match.route() == null) {
                response = errors.error(405, method + " is not allowed on " + fullPath);
            } else {
                SaasRequest request = new SaasRequest(method, path, rawQuery, SaasRequest.parseQuery(rawQuery), headers,
                        body, pattern, match.parameters(), receivedAt);
                response = answer(route, request, responseHeaders);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "A fake HTTP server failed on " + method + " " + fullPath, e);
            response = errors.error(500, "The fake failed: " + e);
        }
        response = withHeaders(response, responseHeaders);
        String routeKey = route == null ? null : route.key();
        count(route);
        record(new RecordedRequest(method, fullPath, rawQuery, headers, new String(body, StandardCharsets.UTF_8), receivedAt,
                routeKey, response.status(), fault));
        try (exchange) {
            send(exchange, response);
        }
    }

    private void count(SaasRoute route) {
        if (route != null) {
            counts.computeIfAbsent(route.key(), key -> new LongAdder()).increment();
        }
    }

    private SaasResponse answer(SaasRoute route, SaasRequest request, Map<String, String> responseHeaders) {
        try {
            guard.check(request, responseHeaders);
            return route.handler().handle(request);
        } catch (SaasHttpException e) {
            return e.response();
        }
    }

    /** A path match; {@code route} null when the path is known but not with this method. */
    private record Match(SaasRoute route, Map<String, String> parameters) {
    }

    private Match find(String method, String path) {
        Match otherMethod = null;
        for (SaasRoute route : routes) {
            Map<String, String> parameters = route.pattern().match(path);
            if (parameters == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Match(route, parameters);
            }
            otherMethod = new Match(null, parameters);
        }
        return otherMethod;
    }

    private void record(RecordedRequest request) {
        synchronized (log) {
            log.addLast(request);
        }
        trimLog();
    }

    private void trimLog() {
        synchronized (log) {
            while (log.size() > logLimit) {
                log.pollFirst();
            }
        }
    }

    private static SaasResponse withHeaders(SaasResponse response, Map<String, String> headers) {
        if (headers.isEmpty()) {
            return response;
        }
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.putAll(response.headers());
        return new SaasResponse(response.status(), merged, response.body());
    }

    private static void send(HttpExchange exchange, SaasResponse response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean empty = response.body().length == 0;
        exchange.sendResponseHeaders(response.status(), empty ? -1 : response.body().length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes((int) BODY_LIMIT);
        in.transferTo(OutputStream.nullOutputStream());
        return body;
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A list builder for route tables, so a fake's routes read as one table. */
    public static final class Routes {
        private final List<SaasRoute> routes = new ArrayList<>();

        public Routes add(String method, String pattern, SaasRoute.Handler handler) {
            routes.add(SaasRoute.of(method, pattern, handler));
            return this;
        }

        public List<SaasRoute> list() {
            return List.copyOf(routes);
        }
    }
}
