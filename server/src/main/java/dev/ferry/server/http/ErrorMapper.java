package dev.ferry.server.http;

import dev.ferry.engine.config.loader.ConfigException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;

/**
 * Turns every failure into the same JSON body. An unknown failure becomes a 500 naming an incident
 * id, and is logged once, here, with that id; its message is not sent, since it may say more about
 * the server than a client should learn.
 */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    private static final String SENT = "ferry.error";

    private ErrorMapper() {
    }

    public static void install(Javalin app) {
        install(app, null);
    }

    /** As {@link #install(Javalin)}, and errors of requests that {@code html} wants (null: none) are answered as its pages. */
    public static void install(Javalin app, HtmlErrors html) {
        app.exception(ApiException.class, (e, ctx) -> {
            if (e.code().equals("shutting_down") && ctx.res().getHeader("Retry-After") == null) {
                ctx.header("Retry-After", "5"); // a restarted or other node will answer by then
            }
            answer(ctx, html, e.status(), e.code(), e.getMessage(), e.details());
        });
        app.exception(ConfigException.class, (e, ctx) -> answer(ctx, html, 422, "invalid_pipeline", e.getMessage(),
                Map.of("problems", e.problems().stream().map(ProblemView::of).toList())));
        app.exception(HttpResponseException.class, (e, ctx) -> answer(ctx, html, e.getStatus(), codeOf(e.getStatus()),
                e.getMessage(), Map.of()));
        app.exception(Exception.class, (e, ctx) -> {
            String incident = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Request {} {} failed (incident {})", ctx.method(), ctx.path(), incident, e);
            answer(ctx, html, 500, "internal_error", "The server failed to handle this request; its log names incident "
                    + incident, Map.of("incident", incident));
        });
    }

    public static void send(Context ctx, int status, String code, String message, Map<String, Object> details) {
        ErrorBody body = ErrorBody.of(status, code, message, details);
        ctx.attribute(SENT, body);
        ctx.status(status).json(body);
    }

    private static void answer(Context ctx, HtmlErrors html, int status, String code, String message,
                               Map<String, Object> details) {
        if (html != null && html.wants(ctx)) {
            ctx.attribute(SENT, ErrorBody.of(status, code, message, details));
            html.render(ctx, status, message);
        } else {
            send(ctx, status, code, message, details);
        }
    }

    /** The error this request was answered with; null when it was not answered with one. */
    public static ErrorBody.Error sentError(Context ctx) {
        ErrorBody body = ctx.attribute(SENT);
        return body == null ? null : body.error();
    }

    private static String codeOf(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "body_too_large";
            case 429 -> "rate_limited";
            default -> "http_" + status;
        };
    }
}
