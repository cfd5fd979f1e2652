package dev.ferry.server.ui;

import dev.ferry.server.http.HtmlErrors;
import dev.ferry.server.ui.auth.UiSession;
import io.javalin.http.Context;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Errors of dashboard requests as a page (or, for htmx, a small fragment), not the API's JSON body.
 * A signed-in user keeps the navigation on an error page, so a wrong link is one click from the rest.
 */
public final class UiErrors implements HtmlErrors {
    private final Templates templates;
    private final Function<Context, Optional<UiSession>> sessionOf;

    /** @param sessionOf the request's live session, if any */
    public UiErrors(Templates templates, Function<Context, Optional<UiSession>> sessionOf) {
        this.templates = templates;
        this.sessionOf = sessionOf;
    }

    @Override
    public boolean wants(Context ctx) {
        return UiPaths.isDashboard(ctx.path());
    }

    @Override
    public void render(Context ctx, int status, String message) {
        ctx.status(status);
        String title = "Error " + status;
        Chrome chrome = status == 401 ? Chrome.signedOut(title)
                : sessionOf.apply(ctx).map(session -> Chrome.of(title, null, session)).orElse(Chrome.signedOut(title));
        templates.render(ctx, Templates.isHtmx(ctx) ? "error_fragment.jte" : "error.jte",
                Map.of("chrome", chrome, "status", status, "message", message));
    }
}
