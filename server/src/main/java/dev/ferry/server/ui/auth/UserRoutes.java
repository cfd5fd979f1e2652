package dev.ferry.server.ui.auth;

import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.Role;
import dev.ferry.server.http.ApiException;
import dev.ferry.server.http.ApiRoutes;
import dev.ferry.server.http.Authentication;
import dev.ferry.server.http.Json;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dashboard's users through the API, admins only, as {@code ferry user} and the Settings page
 * manage them: list (never a hash), create with a password, delete (their sessions end with them).
 */
public final class UserRoutes {
    private final UserService users;
    private final SessionService sessions;
    private final AuditLog audit;

    public UserRoutes(UserService users, SessionService sessions, AuditLog audit) {
        this.users = users;
        this.sessions = sessions;
        this.audit = audit;
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/users", Role.ADMIN, "Every dashboard user: name, role, created, last sign-in; never a password",
                this::list);
        routes.post("/api/users", Role.ADMIN, "Create a dashboard user with a password", this::create);
        routes.delete("/api/users/{name}", Role.ADMIN, "Delete a dashboard user and end their sessions", this::delete);
    }

    /** A user as the API shows them. */
    public record UserView(String name, String role, Instant createdAt, Instant lastSignInAt) {
        static UserView of(UserService.User user) {
            return new UserView(user.name(), user.role().label(), user.createdAt(), user.lastSignInAt());
        }
    }

    /** The body of a creation. */
    public record CreateBody(String name, String role, String password) {
        @Override
        public String toString() {
            return "CreateBody[name=" + name + ", role=" + role + "]";
        }
    }

    private void list(Context ctx) {
        ctx.json(users.list().stream().map(UserView::of).toList());
    }

    private void create(Context ctx) {
        Caller caller = Authentication.caller(ctx);
        CreateBody body = Json.body(ctx, CreateBody.class);
        if (body.name() == null || body.role() == null || body.password() == null) {
            throw ApiException.badRequest("A user needs a name, a role (" + roles() + ") and a password");
        }
        Role role = Role.parse(body.role()).orElseThrow(() -> new ApiException(400, "invalid_field",
                "Field 'role' must be one of " + roles() + ", not '" + body.role() + "'", Map.of("field", "role")));
        if (users.find(body.name()).isPresent()) {
            audit.record(caller, "user.create", body.name(), "refused", "name taken");
            throw ApiException.conflict("user_exists", "User " + body.name() + " exists already", Map.of("name", body.name()));
        }
        UserService.User user;
        try {
            user = users.create(body.name(), role, body.password(), false);
        } catch (IllegalArgumentException e) {
            audit.record(caller, "user.create", body.name(), "refused", e.getMessage());
            throw new ApiException(400, "invalid_field", e.getMessage());
        }
        audit.record(caller, "user.create", user.name(), "ok", "role " + role.label());
        ctx.status(201).json(UserView.of(user));
    }

    private void delete(Context ctx) {
        Caller caller = Authentication.caller(ctx);
        String name = ctx.pathParam("name");
        if (!users.delete(name)) {
            audit.record(caller, "user.delete", name, "refused", "no such user");
            throw ApiException.notFound("User " + name);
        }
        sessions.endAllOf(name, UiSession.Kind.USER);
        audit.record(caller, "user.delete", name, "ok", null);
        ctx.status(204);
    }

    private static String roles() {
        return Arrays.stream(Role.values()).map(Role::label).collect(Collectors.joining(", "));
    }
}
