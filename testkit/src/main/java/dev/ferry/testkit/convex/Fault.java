package dev.ferry.testkit.convex;

import java.time.Duration;

/**
 * A fault the fake answers with instead of (or on top of) its normal response, for the next
 * {@code times} requests to {@code route} (null: any route).
 *
 * <p>Convex's own backend answers 4xx with a JSON body; Convex Cloud's proxy, whose code is not
 * public, may answer 429, 503 or 560; these faults stand for both. The bodies of status faults
 * are {@code {"code", "message"}} like every other error of the fake (a choice: the proxy's real
 * bodies are unknown).
 */
public record Fault(Kind kind, int status, Duration retryAfter, Duration delay, String route, int times) {

    public enum Kind {
        /** Answer {@code status} at once, without touching the data. */
        STATUS,
        /** Compute the normal response, send its headers and half its body, then close the connection. */
        DROP_CONNECTION,
        /** Wait {@code delay}, then answer normally. */
        SLOW
    }

    public Fault {
        if (times < 1) {
            throw new IllegalArgumentException("Fault.times must be at least 1, got " + times);
        }
    }

    /** 429 with {@code Retry-After} in whole seconds (rounded up). */
    public static Fault rateLimited(Duration retryAfter) {
        return new Fault(Kind.STATUS, 429, retryAfter, Duration.ZERO, null, 1);
    }

    public static Fault serverError() { return status(500); }

    public static Fault unavailable() { return status(503); }

    /** The status Convex Cloud's proxy uses for a deployment it cannot reach. */
    public static Fault proxyUnreachable() { return status(560); }

    public static Fault status(int status) {
        return new Fault(Kind.STATUS, status, null, Duration.ZERO, null, 1);
    }

    public static Fault dropConnectionMidResponse() {
        return new Fault(Kind.DROP_CONNECTION, 0, null, Duration.ZERO, null, 1);
    }

    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, 0, null, delay, null, 1);
    }

    /** The same fault for the next {@code count} matching requests. */
    public Fault times(int count) {
        return new Fault(kind, status, retryAfter, delay, route, count);
    }

    /** The same fault, only for requests to this path (e.g. {@code /api/list_snapshot}). */
    public Fault onRoute(String path) {
        return new Fault(kind, status, retryAfter, delay, path, times);
    }

    boolean matches(String path) {
        return route == null || route.equals(path);
    }
}
