package dev.ferry.server.ui.auth;

import dev.ferry.server.auth.Role;
import dev.ferry.server.ui.UiPaths;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Signs dashboard requests in by their session cookie, before any dashboard handler runs: a page
 * without a session is sent to the sign-in page (an htmx request gets {@code HX-Refresh}, so the
 * browser reloads into it instead of swapping a sign-in form into a fragment); a request that
 * changes something must carry the session's CSRF token (form field or htmx header) and, when the
 * browser says where it comes from, come from this origin. The API never reads the cookie: it
 * takes bearer tokens only.
 */
public final class UiAuth {
    public static final String COOKIE = "ferry_session";
    private static final String SESSION = "ferry.ui.session";

    private final SessionService sessions;
    private final boolean secureCookies;

    /** @param secureCookies whether cookies are marked Secure: the server is reached over https */
    public UiAuth(SessionService sessions, boolean secureCookies) {
        this.sessions = sessions;
        this.secureCookies = secureCookies;
    }

    /** Checks only requests that match a route: an unknown path answers 404, signed in or not. */
    public void install(Javalin app) {
        app.beforeMatched(ctx -> {
            String path = ctx.path();
            if (!UiPaths.isDashboard(path)) {
                return;
            }
            ctx.header("Vary", "HX-Request, Cookie");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "same-origin");
            ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                    + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
            boolean changes = ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD;
            if (changes && !sameOrigin(ctx)) {
                throw new HttpResponseException(403, "This form was sent from another site");
            }
            if (UiPaths.isPublic(path)) {
                return;
            }
            Optional<UiSession> session = sessions.find(ctx.cookie(COOKIE));
            if (session.isEmpty()) {
                if (ctx.header("HX-Request") != null) {
                    ctx.header("HX-Refresh", "true");
                    throw new HttpResponseException(401, "Signed out");
                }
                if ("text/event-stream".equals(ctx.header("Accept"))) {
                    // An event stream cannot follow a redirect to a page.
                    throw new HttpResponseException(401, "Signed out");
                }
                ctx.redirect(UiPaths.SIGN_IN + (path.equals(UiPaths.OVERVIEW) ? "" : "?next=" + java.net.URLEncoder.encode(
                        path, StandardCharsets.UTF_8)));
                ctx.skipRemainingHandlers();
                return;
            }
            if (changes && !csrfMatches(ctx, session.get())) {
                throw new HttpResponseException(403, "This form's security token is missing or out of date; reload the page "
                        + "and try again");
            }
            ctx.attribute(SESSION, session.get());
        });
    }

    /** The signed-in session of a dashboard request past {@link #install}'s check. */
    public static UiSession session(Context ctx) {
        UiSession session = ctx.attribute(SESSION);
        if (session == null) {
            throw new IllegalStateException("No dashboard session on " + ctx.path());
        }
        return session;
    }

    /**
     * The request's session when it has a live one, whether or not it matched a route: for error
     * pages, which keep the navigation for a signed-in user.
     */
    public Optional<UiSession> signedIn(Context ctx) {
        UiSession checked = ctx.attribute(SESSION);
        return checked != null ? Optional.of(checked) : sessions.find(ctx.cookie(COOKIE));
    }

    /** Refuses the request with 403 unless the session's role includes {@code needed}. */
    public static UiSession require(Context ctx, Role needed) {
        UiSession session = session(ctx);
        if (!session.role().includes(needed)) {
            throw new HttpResponseException(403, "This needs the " + needed.label() + " role; you have " + session.role().label());
        }
        return session;
    }

    /** Signs the browser in: a new session and its cookie. */
    public UiSession signIn(Context ctx, String subject, UiSession.Kind kind, Role role) {
        SessionService.Started started = sessions.start(subject, kind, role);
        ctx.header("Set-Cookie", COOKIE + "=" + started.cookieValue() + "; Path=/; HttpOnly; SameSite=Strict"
                + (secure(ctx) ? "; Secure" : "") + "; Max-Age=" + SessionService.IDLE.toSeconds());
        return started.session();
    }

    public void signOut(Context ctx) {
        String value = ctx.cookie(COOKIE);
        if (value != null) {
            sessions.end(value);
        }
        ctx.header("Set-Cookie", COOKIE + "=; Path=/; HttpOnly; SameSite=Strict" + (secure(ctx) ? "; Secure" : "")
                + "; Max-Age=0");
    }

    private boolean secure(Context ctx) {
        return secureCookies || "https".equalsIgnoreCase(ctx.scheme());
    }

    private static boolean csrfMatches(Context ctx, UiSession session) {
        String presented = ctx.header(UiPaths.CSRF_HEADER);
        if (presented == null && isForm(ctx)) {
            presented = ctx.formParam(UiPaths.CSRF_FIELD);
        }
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isForm(Context ctx) {
        String type = ctx.contentType();
        return type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"));
    }

    /** A browser names the page a form came from; another site's page is refused. No header: not a browser form. */
    private static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.equals("null")) {
            return origin == null;
        }
        try {
            URI from = URI.create(origin);
            String host = ctx.host();
            return host != null && host.equalsIgnoreCase(from.getAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
