package dev.ferry.server.audit;

import dev.ferry.server.auth.Role;
import dev.ferry.server.http.ApiException;
import dev.ferry.server.http.ApiRoutes;
import dev.ferry.server.runs.RunRoutes;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reading the audit log. Admins only: it tells who did what from which address, which is more than
 * someone who may only watch runs needs to know.
 */
public final class AuditRoutes {
    private final AuditLog audit;

    public AuditRoutes(AuditLog audit) {
        this.audit = audit;
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/audit", Role.ADMIN, "The audit log, newest first: filters actor, action (a final * matches a "
                + "prefix), target, outcome, from, to (ISO-8601 instants); paging limit, offset", this::list);
    }

    private void list(Context ctx) {
        AuditQuery query = new AuditQuery(text(ctx, "actor"), text(ctx, "action"), text(ctx, "target"),
                text(ctx, "outcome"), instant(ctx, "from"), instant(ctx, "to"),
                RunRoutes.intParam(ctx, "limit", 50, 1, 1000), RunRoutes.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE));
        ctx.json(audit.search(query));
    }

    private static String text(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Instant instant(Context ctx, String name) {
        String value = text(ctx, name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Query parameter " + name + " must be an ISO-8601 instant such as "
                    + "2026-03-01T00:00:00Z, not '" + value + "'");
        }
    }
}
