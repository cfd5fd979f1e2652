package dev.ferry.server.ui;

import dev.ferry.server.http.HtmlErrors;
import io.javalin.http.Context;

import java.util.Map;

/** Errors of dashboard requests as a page (or, for htmx, a small fragment), not the API's JSON body. */
public final class UiErrors implements HtmlErrors {
    private final Templates templates;

    public UiErrors(Templates templates) {
        this.templates = templates;
    }

    @Override
    public boolean wants(Context ctx) {
        return UiPaths.isDashboard(ctx.path());
    }

    @Override
    public void render(Context ctx, int status, String message) {
        ctx.status(status);
        templates.render(ctx, Templates.isHtmx(ctx) ? "error_fragment.jte" : "error.jte",
                Map.of("chrome", Chrome.signedOut("Error " + status), "status", status, "message", message));
    }
}
