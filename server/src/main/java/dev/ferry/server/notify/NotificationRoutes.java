package dev.ferry.server.notify;

import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.Role;
import dev.ferry.server.http.ApiException;
import dev.ferry.server.http.ApiRoutes;
import dev.ferry.server.http.Authentication;
import dev.ferry.server.http.Json;
import dev.ferry.server.runs.RunRoutes;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;

/**
 * The global notification settings, test notices and the log of notices: routing only, the work is
 * in {@link NotificationSettingsService}, {@link NotificationService} and {@link Deliveries}.
 *
 * <p>Reading the settings needs admin, like changing them: webhook URLs often carry a token in
 * their path, and the recipients are people's addresses.
 */
public final class NotificationRoutes {
    private final NotificationSettingsService settings;
    private final NotificationService notifications;
    private final Deliveries deliveries;
    private final AuditLog audit;

    public NotificationRoutes(NotificationSettingsService settings, NotificationService notifications, Deliveries deliveries,
                              AuditLog audit) {
        this.settings = settings;
        this.notifications = notifications;
        this.deliveries = deliveries;
        this.audit = audit;
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/settings/notifications", Role.ADMIN,
                "Global notification settings: SMTP server, recipients and webhooks (secrets shown only as set or not)",
                this::show);
        routes.put("/api/settings/notifications", Role.ADMIN,
                "Replace the global notification settings", this::replace);
        routes.post("/api/settings/notifications/test", Role.ADMIN,
                "Send a test notice now to the global targets (and a pipeline's own with ?pipeline=NAME); answers how each went",
                this::test);
        routes.get("/api/notifications", Role.VIEWER,
                "Notices sent (failure, recovery) and how their delivery ended, newest first", this::deliveries);
    }

    private void show(Context ctx) {
        ctx.json(settings.view());
    }

    private void replace(Context ctx) {
        Caller caller = Authentication.caller(ctx);
        NotificationSettingsBody body = Json.body(ctx, NotificationSettingsBody.class);
        GlobalNotifications saved;
        try {
            saved = settings.replace(body, caller.name());
        } catch (InvalidSettingsException e) {
            audit.record(caller, "settings.notifications", "notifications", "refused", e.getMessage());
            throw new ApiException(400, "invalid_field", e.getMessage(), Map.of("field", e.field()));
        }
        audit.record(caller, "settings.notifications", "notifications", "ok", NotificationSettingsService.describe(saved));
        ctx.json(settings.view());
    }

    private void test(Context ctx) {
        Caller caller = Authentication.caller(ctx);
        String pipeline = ctx.queryParam("pipeline");
        List<NotificationService.TestOutcome> outcomes;
        try {
            outcomes = notifications.sendTest(pipeline, caller.name());
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Pipeline " + pipeline);
        }
        long delivered = outcomes.stream().filter(NotificationService.TestOutcome::delivered).count();
        audit.record(caller, "settings.notifications.test", pipeline == null ? "notifications" : pipeline,
                delivered == outcomes.size() ? "ok" : "failed", delivered + " of " + outcomes.size() + " target(s) reached");
        ctx.json(Map.of("deliveries", outcomes));
    }

    private void deliveries(Context ctx) {
        int limit = RunRoutes.intParam(ctx, "limit", 50, 1, 1000);
        ctx.json(deliveries.recent(ctx.queryParam("pipeline"), limit));
    }
}
