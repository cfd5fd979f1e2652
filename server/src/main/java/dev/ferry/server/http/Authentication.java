package dev.ferry.server.http;

import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.Role;
import dev.ferry.server.auth.TokenInfo;
import dev.ferry.server.auth.TokenService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks, before each matched route, the bearer token and the role the route declares: 401 without
 * a valid token, 403 naming the role needed when the token's role is below it. Public routes (no
 * role) pass. The caller is then available to the route through {@link #caller(Context)}.
 */
public final class Authentication {
    private static final String CALLER = "ferry.caller";

    private Authentication() {
    }

    public static void install(Javalin app, TokenService tokens) {
        app.beforeMatched(ctx -> {
            Set<RouteRole> roles = ctx.routeRoles();
            if (roles.isEmpty()) {
                return;
            }
            Role needed = (Role) roles.iterator().next();
            TokenInfo token = presentedToken(ctx).flatMap(tokens::authenticate).orElseThrow(() -> unauthorized(ctx));
            if (!token.role().includes(needed)) {
                throw new ApiException(403, "forbidden", "This needs the " + needed.label() + " role; token "
                        + token.name() + " has " + token.role().label(), Map.of("needed", needed.label(),
                        "role", token.role().label()));
            }
            ctx.attribute(CALLER, new Caller(token.name(), token.role(), ctx.ip()));
        });
    }

    /** Who made this request; only on routes that need a role. */
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
