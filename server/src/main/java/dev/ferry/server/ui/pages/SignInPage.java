package dev.ferry.server.ui.pages;

import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.TokenInfo;
import dev.ferry.server.auth.TokenService;
import dev.ferry.server.limits.RateDecision;
import dev.ferry.server.limits.RateLimiter;
import dev.ferry.server.ui.Chrome;
import dev.ferry.server.ui.Templates;
import dev.ferry.server.ui.UiPaths;
import dev.ferry.server.ui.auth.UiAuth;
import dev.ferry.server.ui.auth.UiSession;
import dev.ferry.server.ui.auth.UserService;
import io.javalin.http.Context;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Signing in, with a user's name and password ({@code ferry user create}) or with an API token,
 * and signing out. Every attempt is audited; a failed one does not say which part was wrong.
 * Failed attempts are limited per client address ({@link #FAILURES}): past them, the address must
 * wait before it may try again, so a password cannot be guessed at speed; signing in successfully
 * costs nothing.
 */
public final class SignInPage {
    private final UserService users;
    private final TokenService tokens;
    private final UiAuth auth;
    private final AuditLog audit;
    private final Templates templates;
    private final RateLimiter failures;
    private final java.time.Clock clock;
    /** Addresses that failed too often, and until when (epoch ms) they must wait. */
    private final java.util.Map<String, Long> waitUntil = new java.util.concurrent.ConcurrentHashMap<>();

    /** Five failed attempts at once from one address, then one every six seconds. */
    public static final dev.ferry.server.ServerSettings.RateLimit FAILURES = new dev.ferry.server.ServerSettings.RateLimit(10, 5);

    public SignInPage(UserService users, TokenService tokens, UiAuth auth, AuditLog audit, Templates templates,
                      java.time.Clock clock) {
        this.failures = new RateLimiter(FAILURES, clock);
        this.clock = clock;
        this.users = users;
        this.tokens = tokens;
        this.auth = auth;
        this.audit = audit;
        this.templates = templates;
    }

    public void form(Context ctx) {
        show(ctx, 200, null, null);
    }

    public void signIn(Context ctx) {
        long waitMillis = waitUntil.getOrDefault(ctx.ip(), 0L) - clock.millis();
        if (waitMillis > 0) {
            long seconds = Math.max(1, (waitMillis + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            show(ctx, 429, "Too many failed sign-ins from this address; try again in " + seconds + " s.",
                    strip(ctx.formParam("name")));
            return;
        }
        waitUntil.remove(ctx.ip());
        String name = strip(ctx.formParam("name"));
        String password = ctx.formParam("password");
        String token = strip(ctx.formParam("token"));
        UiSession session;
        if (token != null && !token.isEmpty()) {
            Optional<TokenInfo> found = tokens.authenticate(token);
            if (found.isEmpty()) {
                audit.record(new Caller("ui-token:unknown", null, ctx.ip()), "ui.sign_in", null, "refused", "unknown token");
                failed(ctx);
                show(ctx, 401, "That token is not valid (unknown, revoked or mistyped).", null);
                return;
            }
            session = auth.signIn(ctx, found.get().name(), UiSession.Kind.TOKEN, found.get().role());
        } else {
            Optional<UserService.User> user = users.authenticate(name, password);
            if (user.isEmpty()) {
                audit.record(new Caller("ui:" + (name == null || name.isEmpty() ? "unknown" : name), null, ctx.ip()),
                        "ui.sign_in", name, "refused", "wrong name or password");
                failed(ctx);
                show(ctx, 401, "Wrong name or password.", name);
                return;
            }
            session = auth.signIn(ctx, user.get().name(), UiSession.Kind.USER, user.get().role());
        }
        audit.record(session.caller(ctx.ip()), "ui.sign_in", session.subject(), "ok", session.kind().label());
        String next = ctx.queryParam("next");
        PipelineActions.goTo(ctx, next != null && next.startsWith("/") && !next.startsWith("//") ? next : UiPaths.OVERVIEW);
    }

    /** Counts a failed attempt; past the limit, the address waits as long as the limit says. */
    private void failed(Context ctx) {
        RateDecision decision = failures.take(ctx.ip());
        if (!decision.allowed()) {
            waitUntil.put(ctx.ip(), clock.millis() + decision.retryAfterSeconds() * 1000);
            if (decision.firstRefusal()) {
                audit.record(new Caller("ui:unknown", null, ctx.ip()), "ui.sign_in", null, "refused",
                        "too many failed sign-ins from this address: it waits " + decision.retryAfterSeconds() + " s");
            }
        }
    }

    public void signOut(Context ctx) {
        UiSession session = UiAuth.session(ctx);
        auth.signOut(ctx);
        audit.record(session.caller(ctx.ip()), "ui.sign_out", session.subject(), "ok", null);
        PipelineActions.goTo(ctx, UiPaths.SIGN_IN);
    }

    private void show(Context ctx, int status, String error, String name) {
        ctx.status(status);
        Map<String, Object> params = new HashMap<>();
        params.put("chrome", Chrome.signedOut("Sign in"));
        params.put("error", error);
        params.put("name", name);
        params.put("next", ctx.queryParam("next"));
        templates.render(ctx, "signin.jte", params);
    }

    private static String strip(String text) {
        return text == null ? null : text.strip();
    }
}
