package dev.ferry.server.ui.pages;

import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.TokenInfo;
import dev.ferry.server.auth.TokenService;
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
 */
public final class SignInPage {
    private final UserService users;
    private final TokenService tokens;
    private final UiAuth auth;
    private final AuditLog audit;
    private final Templates templates;

    public SignInPage(UserService users, TokenService tokens, UiAuth auth, AuditLog audit, Templates templates) {
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
        String name = strip(ctx.formParam("name"));
        String password = ctx.formParam("password");
        String token = strip(ctx.formParam("token"));
        UiSession session;
        if (token != null && !token.isEmpty()) {
            Optional<TokenInfo> found = tokens.authenticate(token);
            if (found.isEmpty()) {
                audit.record(new Caller("ui-token:unknown", null, ctx.ip()), "ui.sign_in", null, "refused", "unknown token");
                show(ctx, 401, "That token is not valid (unknown, revoked or mistyped).", null);
                return;
            }
            session = auth.signIn(ctx, found.get().name(), UiSession.Kind.TOKEN, found.get().role());
        } else {
            Optional<UserService.User> user = users.authenticate(name, password);
            if (user.isEmpty()) {
                audit.record(new Caller("ui:" + (name == null || name.isEmpty() ? "unknown" : name), null, ctx.ip()),
                        "ui.sign_in", name, "refused", "wrong name or password");
                show(ctx, 401, "Wrong name or password.", name);
                return;
            }
            session = auth.signIn(ctx, user.get().name(), UiSession.Kind.USER, user.get().role());
        }
        audit.record(session.caller(ctx.ip()), "ui.sign_in", session.subject(), "ok", session.kind().label());
        String next = ctx.queryParam("next");
        PipelineActions.goTo(ctx, next != null && next.startsWith("/") && !next.startsWith("//") ? next : UiPaths.OVERVIEW);
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
