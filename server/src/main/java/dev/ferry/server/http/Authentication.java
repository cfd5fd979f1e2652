package dev.ferry.server.http;

import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.Role;
import dev.ferry.server.auth.TokenInfo;
import dev.ferry.server.auth.TokenService;
import dev.ferry.server.limits.RateDecision;
import dev.ferry.server.limits.RateLimiter;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks, before each matched route, the bearer token, the token's rate limit and the role the
 * route declares, in that order: 401 without a valid token (so requests without one never touch
 * the rate limiter), 429 with {@code Retry-After} past the token's limit, 403 naming the role needed
 * when the token's role is below it. Public routes (no role) pass unchecked and unlimited. The
 * caller is then available to the route through {@link #caller(Context)}, and to the audit of
 * refused requests through {@link #knownCaller(Context)}.
 */
public final class Authentication {
    private static final String CALLER = "ferry.caller";
    private static final String UNRECORDED = "ferry.unrecorded";

    private Authentication() {
    }

    public static void install(Javalin app, TokenService tokens, RateLimiter limiter) {
        app.beforeMatched(ctx -> {
            Set<RouteRole> roles = ctx.routeRoles();
            if (roles.isEmpty()) {
                return;
            }
            Role needed = (Role) roles.iterator().next();
            TokenInfo token = presentedToken(ctx).flatMap(tokens::authenticate).orElseThrow(() -> unauthorized(ctx));
            Caller caller = new Caller(token.name(), token.role(), ctx.ip());
            ctx.attribute(CALLER, caller);
            RateDecision decision = limiter.take(token.name());
            if (!decision.allowed()) {
                if (!decision.firstRefusal()) {
                    // A client that keeps knocking: its first refusal is on record, the rest would only fill the table.
                    ctx.attribute(UNRECORDED, Boolean.TRUE);
                }
                ctx.header("Retry-After", String.valueOf(decision.retryAfterSeconds()));
                throw new ApiException(429, "rate_limited", "Token " + token.name() + " may make "
                        + limiter.limit().perMinute() + " requests a minute, " + limiter.limit().burst()
                        + " at once; retry in " + decision.retryAfterSeconds() + " s",
                        Map.of("retryAfterSeconds", decision.retryAfterSeconds(), "perMinute", limiter.limit().perMinute(),
                                "burst", limiter.limit().burst()));
            }
            if (!token.role().includes(needed)) {
                throw new ApiException(403, "forbidden", "This needs the " + needed.label() + " role; token "
                        + token.name() + " has " + token.role().label(), Map.of("needed", needed.label(),
                        "role", token.role().label()));
            }
        });
    }

    /**
     * Who made this request, when a valid token was presented, whether or not the request then
     * passed its rate limit and role check; empty on public routes and without a valid token.
     */
    public static Optional<Caller> knownCaller(Context ctx) {
        return Optional.ofNullable(ctx.attribute(CALLER));
    }

    /** Whether this request's refusal is left out of the audit log (a repeat in a rate-limited streak). */
    public static boolean leftUnrecorded(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(UNRECORDED));
    }

    /** Who made this request; only on routes that need a role, in their handlers. */
    public static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new IllegalStateException("No caller on a public route: " + ctx.path());
        }
        return caller;
    }

    private static Optional<String> presentedToken(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).strip());
    }

    private static ApiException unauthorized(Context ctx) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"ferry\"");
        boolean presented = ctx.header("Authorization") != null;
        return new ApiException(401, "unauthorized", presented
                ? "The bearer token is not valid (unknown, revoked or malformed)"
                : "This needs an Authorization: Bearer <token> header; create a token with `ferry token create`");
    }
}
