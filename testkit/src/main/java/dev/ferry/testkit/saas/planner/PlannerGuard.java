package dev.ferry.testkit.saas.planner;

import dev.ferry.testkit.saas.Guard;
import dev.ferry.testkit.saas.RateLimitWindow;
import dev.ferry.testkit.saas.SaasRequest;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code Authorization: Bearer <token>} (401 {@code InvalidAuthenticationToken} with Graph's
 * messages for an empty, unknown or expired token), then, when a test set one, a rate limit per
 * token answered 429 {@code TooManyRequests} with {@code Retry-After} in whole seconds. Graph
 * documents no number for Planner's limits, so there is none by default; {@link FakePlanner#throttle}
 * answers 429 to the next requests instead.
 */
final class PlannerGuard implements Guard {

    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Set<String> expired = ConcurrentHashMap.newKeySet();
    private final AtomicReference<RateLimitWindow> limit = new AtomicReference<>();

    void register(String token) {
        tokens.add(token);
        expired.remove(token);
    }

    void expire(String token) {
        if (!tokens.contains(token)) {
            throw new IllegalArgumentException("The fake Planner knows no token " + token);
        }
        expired.add(token);
    }

    void setLimit(RateLimitWindow window) {
        limit.set(window);
    }

    RateLimitWindow limit() {
        return limit.get();
    }

    @Override
    public void check(SaasRequest request, Map<String, String> responseHeaders) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            throw GraphErrors.http(401, "InvalidAuthenticationToken", "Access token is empty.");
        }
        String token = authorization.substring(7).trim();
        if (!tokens.contains(token)) {
            throw GraphErrors.http(401, "InvalidAuthenticationToken", "Access token validation failure.");
        }
        if (expired.contains(token)) {
            throw GraphErrors.http(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.");
        }
        RateLimitWindow window = limit.get();
        if (window != null) {
            RateLimitWindow.Decision decision = window.record(token);
            if (!decision.allowed()) {
                long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
                throw new dev.ferry.testkit.saas.SaasHttpException(GraphErrors.error(429,
                        "Too many requests: the application is being throttled.").withHeader("Retry-After", Long.toString(seconds)));
            }
        }
    }
}
