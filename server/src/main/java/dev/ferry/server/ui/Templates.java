package dev.ferry.server.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

import java.util.Map;

/**
 * The dashboard's JTE templates ({@code server/src/main/jte}), compiled to classes when the
 * server is built, so nothing is compiled at run time and every template error is a build error.
 * Output is HTML-escaped by the templates' content type.
 */
public final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /** Renders {@code template} with its parameters by name into the response, as HTML. */
    public void render(Context ctx, String template, Map<String, Object> params) {
        ctx.contentType("text/html; charset=utf-8").result(render(template, params));
    }

    /** Renders {@code template} with its parameters by name, as HTML: for what is sent other than as an answer. */
    public String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        engine.render(template, params, out);
        return out.toString();
    }

    /** Whether the request came from htmx, which wants a fragment rather than a whole page. */
    public static boolean isHtmx(Context ctx) {
        return ctx.header("HX-Request") != null;
    }
}
