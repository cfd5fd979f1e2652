package dev.ferry.server.ui.pages;

import dev.ferry.server.ServerSettings;
import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.IssuedToken;
import dev.ferry.server.auth.Role;
import dev.ferry.server.auth.TokenInfo;
import dev.ferry.server.auth.TokenService;
import dev.ferry.server.notify.GlobalNotifications;
import dev.ferry.server.notify.InvalidSettingsException;
import dev.ferry.server.notify.NotificationService;
import dev.ferry.server.notify.NotificationSettingsBody;
import dev.ferry.server.notify.NotificationSettingsService;
import dev.ferry.server.notify.NotificationSettingsView;
import dev.ferry.server.ui.Chrome;
import dev.ferry.server.ui.Templates;
import dev.ferry.server.ui.UiPaths;
import dev.ferry.server.ui.auth.SessionService;
import dev.ferry.server.ui.auth.UiAuth;
import dev.ferry.server.ui.auth.UiSession;
import dev.ferry.server.ui.auth.UserService;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Settings: the global notifications (as {@code /api/settings/notifications} and its test), API
 * tokens (as {@code /api/tokens}: a new token's value is shown in the answer to its creation only),
 * dashboard users (as {@code ferry user}), and, read-only, the server's settings from its start and
 * what a pipeline gets when its YAML says nothing. Everyone signed in sees those two; the rest is for
 * admins, as in the API, since webhook URLs often carry a token and recipients are people's addresses.
 * The mail server has a form of its own, so that saving it keeps the emails and webhooks and saving
 * those keeps it.
 */
public final class SettingsPage {
    private final NotificationSettingsService notificationSettings;
    private final NotificationService notifications;
    private final TokenService tokens;
    private final UserService users;
    private final SessionService sessions;
    private final ServerSettings server;
    private final PipelineDefaults pipelineDefaults;
    private final AuditLog audit;
    private final Templates templates;

    public SettingsPage(NotificationSettingsService notificationSettings, NotificationService notifications,
                        TokenService tokens, UserService users, SessionService sessions, ServerSettings server,
                        PipelineDefaults pipelineDefaults, AuditLog audit, Templates templates) {
        this.notificationSettings = notificationSettings;
        this.notifications = notifications;
        this.tokens = tokens;
        this.users = users;
        this.sessions = sessions;
        this.server = server;
        this.pipelineDefaults = pipelineDefaults;
        this.audit = audit;
        this.templates = templates;
    }

    /** A token just created: its value, shown on this one answer. */
    public record CreatedToken(String name, String role, String value) {
    }

    public void page(Context ctx) {
        render(ctx, null, null, null);
    }

    /**
     * Saves the mail server, as {@code PUT /api/settings/notifications} with its {@code smtp}; the emails
     * and webhooks are kept as they are (their signing keys too). Refused input shows the form again,
     * with a 400 naming the field, and nothing is saved.
     */
    public void saveSmtp(Context ctx) {
        Caller caller = UiAuth.require(ctx, Role.ADMIN).caller(ctx.ip());
        NotificationSettingsView current = notificationSettings.view();
        SmtpForm form = SmtpForm.sent(ctx);
        GlobalNotifications saved;
        try {
            saved = notificationSettings.replace(new NotificationSettingsBody(form.body(ctx.formParam("password"), current),
                    current.emails(), keptWebhooks(current)), caller.name());
        } catch (InvalidSettingsException e) {
            audit.record(caller, "settings.notifications", "notifications", "refused", e.getMessage());
            ctx.status(400);
            render(ctx, null, null, null, form.refused(e));
            return;
        }
        audit.record(caller, "settings.notifications", "notifications", "ok", NotificationSettingsService.describe(saved));
        PipelineActions.goTo(ctx, UiPaths.SETTINGS);
    }

    /**
     * Removes the mail server saved through the API, keeping the emails and webhooks: notices then go
     * through the one given when the server started, if any.
     */
    public void removeSmtp(Context ctx) {
        Caller caller = UiAuth.require(ctx, Role.ADMIN).caller(ctx.ip());
        NotificationSettingsView current = notificationSettings.view();
        GlobalNotifications saved = notificationSettings.replace(new NotificationSettingsBody(null, current.emails(),
                keptWebhooks(current)), caller.name());
        audit.record(caller, "settings.notifications", "notifications", "ok", NotificationSettingsService.describe(saved));
        PipelineActions.goTo(ctx, UiPaths.SETTINGS);
    }

    /** Replaces the emails and webhooks, as {@code PUT /api/settings/notifications}; the SMTP server is kept as it is. */
    public void saveNotifications(Context ctx) {
        Caller caller = UiAuth.require(ctx, Role.ADMIN).caller(ctx.ip());
        NotificationSettingsView current = notificationSettings.view();
        GlobalNotifications saved;
        try {
            saved = notificationSettings.replace(new NotificationSettingsBody(keptSmtp(current),
                    lines(ctx.formParam("emails")), webhooks(ctx.formParam("webhooks"), current)), caller.name());
        } catch (InvalidSettingsException e) {
            audit.record(caller, "settings.notifications", "notifications", "refused", e.getMessage());
            ctx.status(400);
            render(ctx, null, "Notifications: " + e.getMessage(), null);
            return;
        }
        audit.record(caller, "settings.notifications", "notifications", "ok", NotificationSettingsService.describe(saved));
        PipelineActions.goTo(ctx, UiPaths.SETTINGS);
    }

    /** Sends a test notice to the global targets; answers how each went, as a fragment. */
    public void testNotifications(Context ctx) {
        Caller caller = UiAuth.require(ctx, Role.ADMIN).caller(ctx.ip());
        List<NotificationService.TestOutcome> outcomes = notifications.sendTest(null, caller.name());
        long delivered = outcomes.stream().filter(NotificationService.TestOutcome::delivered).count();
        audit.record(caller, "settings.notifications.test", "notifications",
                delivered == outcomes.size() ? "ok" : "failed", delivered + " of " + outcomes.size() + " target(s) reached");
        templates.render(ctx, "settings_test.jte", Map.of("outcomes", outcomes));
    }

    public void createToken(Context ctx) {
        Caller caller = UiAuth.require(ctx, Role.ADMIN).caller(ctx.ip());
        String name = text(ctx.formParam("name"));
        Role role = Role.parse(text(ctx.formParam("role"))).orElse(null);
        if (name.isEmpty() || role == null) {
            ctx.status(400);
            render(ctx, null, "A token needs a name and a role (" + roles() + ")", null);
            return;
        }
        IssuedToken issued;
        try {
            issued = tokens.create(name, role);
        } catch (TokenService.NameTaken e) {
            audit.record(caller, "token.create", name, "refused", "name taken");
            ctx.status(409);
            render(ctx, null, e.getMessage(), null);
            return;
        } catch (IllegalArgumentException e) {
            ctx.status(400);
            render(ctx, null, e.getMessage(), null);
            return;
        }
        audit.record(caller, "token.create", issued.info().name(), "ok", "role " + role.label());
        ctx.status(201).header("Cache-Control", "no-store");
        render(ctx, new CreatedToken(issued.info().name(), role.label(), issued.value()), null, null);
    }

    /** Revokes a token, as {@code DELETE /api/tokens/{name}}, and ends the dashboard sessions signed in with it. */
    public void revokeToken(Context ctx) {
        Caller caller = UiAuth.require(ctx, Role.ADMIN).caller(ctx.ip());
        String name = ctx.pathParam("name");
        TokenInfo token = tokens.find(name).orElseThrow(() -> new HttpResponseException(404, "No token " + name));
        if (token.role() == Role.ADMIN && tokens.list().stream().filter(t -> t.role() == Role.ADMIN).count() == 1) {
            audit.record(caller, "token.revoke", name, "refused", "the last admin token");
            throw new HttpResponseException(409, "Token " + name + " is the last admin token; create another admin "
                    + "token first, so that the server stays manageable");
        }
        if (!tokens.revoke(name)) {
            throw new HttpResponseException(404, "No token " + name);
        }
        sessions.endAllOf(name, UiSession.Kind.TOKEN);
        audit.record(caller, "token.revoke", name, "ok", "role " + token.role().label());
        PipelineActions.goTo(ctx, UiPaths.SETTINGS);
    }

    /** Creates a dashboard user, as {@code ferry user create}. */
    public void createUser(Context ctx) {
        Caller caller = UiAuth.require(ctx, Role.ADMIN).caller(ctx.ip());
        String name = text(ctx.formParam("name"));
        Role role = Role.parse(text(ctx.formParam("role"))).orElse(null);
        if (role == null) {
            ctx.status(400);
            render(ctx, null, null, "Choose a role (" + roles() + ")");
            return;
        }
        try {
            users.create(name, role, ctx.formParam("password"), false);
        } catch (IllegalArgumentException e) {
            audit.record(caller, "user.create", name, "refused", e.getMessage());
            ctx.status(400);
            render(ctx, null, null, e.getMessage());
            return;
        }
        audit.record(caller, "user.create", name, "ok", "role " + role.label());
        PipelineActions.goTo(ctx, UiPaths.SETTINGS);
    }

    /** Deletes a dashboard user and ends their sessions, as {@code ferry user delete}. */
    public void deleteUser(Context ctx) {
        Caller caller = UiAuth.require(ctx, Role.ADMIN).caller(ctx.ip());
        String name = ctx.pathParam("name");
        if (!users.delete(name)) {
            audit.record(caller, "user.delete", name, "refused", "no such user");
            throw new HttpResponseException(404, "No user " + name);
        }
        sessions.endAllOf(name, UiSession.Kind.USER);
        audit.record(caller, "user.delete", name, "ok", null);
        PipelineActions.goTo(ctx, UiPaths.SETTINGS);
    }

    private void render(Context ctx, CreatedToken created, String error, String userError) {
        render(ctx, created, error, userError, null);
    }

    private void render(Context ctx, CreatedToken created, String error, String userError, SmtpForm smtpForm) {
        UiSession session = UiAuth.session(ctx);
        Chrome chrome = Chrome.of("Settings", "Settings", session);
        Map<String, Object> params = new HashMap<>();
        params.put("chrome", chrome);
        params.put("server", ServerFacts.of(server));
        params.put("defaults", pipelineDefaults);
        params.put("created", created);
        params.put("error", error);
        params.put("userError", userError);
        params.put("roles", Arrays.stream(Role.values()).map(Role::label).toList());
        boolean admin = chrome.isAdmin();
        NotificationSettingsView view = admin ? notificationSettings.view() : null;
        params.put("notifications", view);
        params.put("smtpForm", smtpForm != null ? smtpForm : view == null ? null : SmtpForm.of(view.smtp()));
        params.put("emails", view == null ? "" : String.join("\n", view.emails()));
        params.put("webhooks", view == null ? "" : view.webhooks().stream().map(NotificationSettingsView.Webhook::url)
                .collect(Collectors.joining("\n")));
        params.put("tokens", admin ? tokens.list() : List.of());
        params.put("users", admin ? users.list() : List.of());
        templates.render(ctx, "settings.jte", params);
    }

    /** The SMTP server as it is: one saved through the API is kept (its password reference too), else the start's. */
    private static NotificationSettingsBody.Smtp keptSmtp(NotificationSettingsView current) {
        if (current.smtp() == null || !"api".equals(current.smtpSource())) {
            return null;
        }
        NotificationSettingsView.Smtp smtp = current.smtp();
        return new NotificationSettingsBody.Smtp(smtp.host(), smtp.port(), smtp.security(), smtp.user(), null,
                smtp.passwordSet(), smtp.from());
    }

    /** The webhooks as they are, each keeping its signing key. */
    private static List<NotificationSettingsBody.Webhook> keptWebhooks(NotificationSettingsView current) {
        return current.webhooks().stream().map(webhook -> new NotificationSettingsBody.Webhook(webhook.url(), null,
                webhook.secretSet())).toList();
    }

    /**
     * One webhook a line: its URL, then optionally the {@code ${env:NAME}} or {@code ${file:PATH}}
     * reference of its signing key. A URL written without one keeps the key it has now.
     */
    private static List<NotificationSettingsBody.Webhook> webhooks(String text, NotificationSettingsView current) {
        List<NotificationSettingsBody.Webhook> webhooks = new ArrayList<>();
        for (String line : lines(text)) {
            String[] parts = line.split("\\s+", 2);
            String url = parts[0];
            String secret = parts.length > 1 ? parts[1].strip() : null;
            boolean signedNow = current.webhooks().stream().anyMatch(webhook -> webhook.url().equals(url) && webhook.secretSet());
            webhooks.add(new NotificationSettingsBody.Webhook(url, secret, secret == null && signedNow));
        }
        return webhooks;
    }

    private static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static String roles() {
        return Arrays.stream(Role.values()).map(Role::label).collect(Collectors.joining(", "));
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }
}
