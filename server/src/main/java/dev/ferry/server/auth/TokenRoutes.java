package dev.ferry.server.auth;

import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.http.ApiException;
import dev.ferry.server.http.ApiRoutes;
import dev.ferry.server.http.Authentication;
import dev.ferry.server.http.Json;
import dev.ferry.server.limits.RateLimiter;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Listing, creating and revoking API tokens: admins only. A created token's value is in the answer
 * to its creation and nowhere else, ever; lists show names, roles and times, never a value or a hash.
 */
public final class TokenRoutes {
    private final TokenService tokens;
    private final RateLimiter limiter;
    private final AuditLog audit;

    public TokenRoutes(TokenService tokens, RateLimiter limiter, AuditLog audit) {
        this.tokens = tokens;
        this.limiter = limiter;
        this.audit = audit;
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/tokens", Role.ADMIN, "Every token: name, role, created, last used; never its value", this::list);
        routes.post("/api/tokens", Role.ADMIN, "Create a token; its value is shown in this answer only", this::create);
        routes.delete("/api/tokens/{name}", Role.ADMIN, "Revoke a token", this::revoke);
    }

    /** A token as the API shows it. */
    public record TokenView(String name, String role, Instant createdAt, Instant lastUsedAt) {
        static TokenView of(TokenInfo info) {
            return new TokenView(info.name(), info.role().label(), info.createdAt(), info.lastUsedAt());
        }
    }

    /** The body of a creation. */
    public record CreateBody(String name, String role) {
    }

    /** The answer to a creation: the only place the token's value appears. */
    public record Created(String name, String role, Instant createdAt, String token, String note) {
    }

    private void list(Context ctx) {
        ctx.json(tokens.list().stream().map(TokenView::of).toList());
    }

    private void create(Context ctx) {
        Caller caller = Authentication.caller(ctx);
        CreateBody body = Json.body(ctx, CreateBody.class);
        if (body.name() == null || body.role() == null) {
            throw ApiException.badRequest("A token needs a name and a role (" + roles() + ")");
        }
        Role role = Role.parse(body.role()).orElseThrow(() -> new ApiException(400, "invalid_field",
                "Field 'role' must be one of " + roles() + ", not '" + body.role() + "'", Map.of("field", "role")));
        IssuedToken issued;
        try {
            issued = tokens.create(body.name(), role);
        } catch (TokenService.NameTaken e) {
            audit.record(caller, "token.create", body.name(), "refused", "name taken");
            throw ApiException.conflict("token_exists", e.getMessage(), Map.of("name", body.name()));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_field", e.getMessage(), Map.of("field", "name"));
        }
        audit.record(caller, "token.create", issued.info().name(), "ok", "role " + role.label());
        ctx.status(201).json(new Created(issued.info().name(), role.label(), issued.info().createdAt(), issued.value(),
                "Shown only this once: keep it now. Send it as Authorization: Bearer <token>"));
    }

    private void revoke(Context ctx) {
        Caller caller = Authentication.caller(ctx);
        String name = ctx.pathParam("name");
        TokenInfo token = tokens.find(name).orElseThrow(() -> ApiException.notFound("Token " + name));
        if (token.role() == Role.ADMIN && tokens.list().stream().filter(t -> t.role() == Role.ADMIN).count() == 1) {
            audit.record(caller, "token.revoke", name, "refused", "the last admin token");
            throw ApiException.conflict("last_admin", "Token " + name + " is the last admin token; create another "
                    + "admin token first, so that the server stays manageable", Map.of());
        }
        if (!tokens.revoke(name)) {
            throw ApiException.notFound("Token " + name);
        }
        limiter.forget(name);
        audit.record(caller, "token.revoke", name, "ok", "role " + token.role().label());
        ctx.status(204);
    }

    private static String roles() {
        return Arrays.stream(Role.values()).map(Role::label).collect(Collectors.joining(", "));
    }
}
