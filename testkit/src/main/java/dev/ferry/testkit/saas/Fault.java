package dev.ferry.testkit.saas;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the next {@code times} requests matching {@code method} and {@code route} are answered
 * with instead of their normal answer: a status with headers and a body, or (status 0) the normal
 * answer after {@code delay}. A status fault may be delayed too.
 *
 * <p>{@code route} is a route's pattern ({@code /contacts/{contactId}}) or a concrete path
 * ({@code /contacts/abc}); null matches every route, as does a null {@code method}. A null body
 * lets the fake write its own error body for the status, so that a connector meets the shape it
 * will meet for real.
 */
public record Fault(String method, String route, int times, int status, Map<String, String> headers, byte[] body,
                    Duration delay) {

    public Fault {
        if (times < 1) {
            throw new IllegalArgumentException("Fault.times must be at least 1, got " + times);
        }
        headers = Map.copyOf(headers);
        delay = delay == null ? Duration.ZERO : delay;
    }

    /** Answer {@code status} (the fake's error body for it) to the next request of any route. */
    public static Fault status(int status) {
        return new Fault(null, null, 1, status, Map.of(), null, Duration.ZERO);
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
        return new Fault(null, null, 1, 0, Map.of(), null, delay);
    }

    public Fault on(String method, String route) {
        return new Fault(method, route, times, status, headers, body, delay);
    }

    public Fault times(int count) {
        return new Fault(method, route, count, status, headers, body, delay);
    }

    public Fault withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Fault(method, route, times, status, more, body, delay);
    }

    public Fault withBody(String json) {
        return new Fault(method, route, times, status, headers, json.getBytes(StandardCharsets.UTF_8), delay);
    }

    public Fault delayedBy(Duration wait) {
        return new Fault(method, route, times, status, headers, body, wait);
    }

    boolean answersItself() {
        return status > 0;
    }

    boolean matches(String requestMethod, String routePattern, String path) {
        if (method != null && !method.equalsIgnoreCase(requestMethod)) {
            return false;
        }
        boolean concretePath = route != null && !route.contains("{");
        return route == null || route.equals(routePattern) || concretePath && PathPattern.of(route).match(path) != null;
    }
}
