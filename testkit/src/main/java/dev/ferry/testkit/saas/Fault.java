package dev.ferry.testkit.saas;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the next {@code times} requests matching {@code method} and {@code route} meet instead of
 * their normal answer, after waiting {@code delay} (zero: none): {@link Kind#RESPOND} answers
 * {@code status} with {@code headers} and {@code body}; {@link Kind#DELAY} answers normally, late;
 * {@link Kind#DROP_CONNECTION} closes the connection without an answer, as when a proxy or the
 * network drops it, so a client learns what it does when no response came.
 *
 * <p>{@code route} is a route's pattern ({@code /contacts/{contactId}}) or a concrete path
 * ({@code /contacts/abc}); null matches every route, as does a null {@code method}. A null body
 * lets the fake write its own error body for the status, so that a connector meets the shape it
 * will meet for real.
 */
public record Fault(String method, String route, int times, Kind kind, int status, Map<String, String> headers,
                    byte[] body, Duration delay) {

    public enum Kind { RESPOND, DELAY, DROP_CONNECTION }

    public Fault {
        if (times < 1) {
            throw new IllegalArgumentException("Fault.times must be at least 1, got " + times);
        }
        if (kind == Kind.RESPOND && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("Fault status must be an HTTP status, got " + status);
        }
        headers = Map.copyOf(headers);
        delay = delay == null ? Duration.ZERO : delay;
    }

    /** Answer {@code status} (the fake's error body for it) to the next request of any route. */
    public static Fault status(int status) {
        return new Fault(null, null, 1, Kind.RESPOND, status, Map.of(), null, Duration.ZERO);
    }

    /** 429 with {@code Retry-After} in whole seconds, rounded up. */
    public static Fault tooManyRequests(Duration retryAfter) {
        long seconds = Math.max(0, (retryAfter.toMillis() + 999) / 1000);
        return status(429).withHeader("Retry-After", Long.toString(seconds));
    }

    public static Fault serverError() {
        return status(500);
    }

    public static Fault unavailable() {
        return status(503);
    }

    /** Answer normally, after waiting (a slow server, for read timeouts). */
    public static Fault delay(Duration delay) {
        return new Fault(null, null, 1, Kind.DELAY, 0, Map.of(), null, delay);
    }

    /** Close the connection without answering. The request is recorded with status 0. */
    public static Fault dropConnection() {
        return new Fault(null, null, 1, Kind.DROP_CONNECTION, 0, Map.of(), null, Duration.ZERO);
    }

    public Fault on(String method, String route) {
        return new Fault(method, route, times, kind, status, headers, body, delay);
    }

    public Fault times(int count) {
        return new Fault(method, route, count, kind, status, headers, body, delay);
    }

    public Fault withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Fault(method, route, times, kind, status, more, body, delay);
    }

    public Fault withBody(String json) {
        return new Fault(method, route, times, kind, status, headers, json.getBytes(StandardCharsets.UTF_8), delay);
    }

    public Fault delayedBy(Duration wait) {
        return new Fault(method, route, times, kind, status, headers, body, wait);
    }

    boolean matches(String requestMethod, String routePattern, String path) {
        if (method != null && !method.equalsIgnoreCase(requestMethod)) {
            return false;
        }
        boolean concretePath = route != null && !route.contains("{");
        return route == null || route.equals(routePattern) || concretePath && PathPattern.of(route).match(path) != null;
    }
}
