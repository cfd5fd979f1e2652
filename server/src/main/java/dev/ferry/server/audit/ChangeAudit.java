package dev.ferry.server.audit;

import dev.ferry.server.auth.Caller;
import dev.ferry.server.http.Authentication;
import dev.ferry.server.http.ErrorBody;
import dev.ferry.server.http.ErrorMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;

/**
 * Makes sure every change request (POST, PUT, PATCH, DELETE) of a known caller leaves an audit
 * entry, however it ends. Routes record their own, with their own action names and details; when
 * a request ends without one (refused for its role or its rate limit, a 404, a bad body, a failure)
 * this records it, named by method and route ({@code POST /api/pipelines/{name}/runs}), with the
 * path's parameters as target and the error's status, code and message as detail (error messages
 * go to clients too, so they hold no secret).
 *
 * <p>Requests without a valid token are not recorded: nobody is known, and a flood of them must not
 * fill the table. Nor are the repeats of a rate-limited streak, whose first refusal is recorded.
 * Relies on a request being handled on one thread, as every synchronous Javalin handler is.
 */
public final class ChangeAudit {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeAudit.class);
    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String MARK = "ferry.audit.mark";
    private static final int MAX_DETAIL = 500;

    private ChangeAudit() {
    }

    public static void install(Javalin app, AuditLog audit) {
        app.before(ctx -> ctx.attribute(MARK, audit.recordedOnThisThread()));
        app.after(ctx -> {
            if (!CHANGES.contains(ctx.method().name())) {
                return;
            }
            Optional<Caller> caller = Authentication.knownCaller(ctx);
            Long mark = ctx.attribute(MARK);
            if (caller.isEmpty() || Authentication.leftUnrecorded(ctx) || mark == null
                    || audit.recordedOnThisThread() != mark) {
                return;
            }
            try {
                audit.record(caller.get(), ctx.method().name() + " " + ctx.endpointHandlerPath(), target(ctx),
                        outcome(ctx.statusCode()), detail(ctx));
            } catch (RuntimeException e) {
                LOG.error("The audit entry of {} {} by {} could not be written", ctx.method(), ctx.path(),
                        caller.get().name(), e);
            }
        });
    }

    static String outcome(int status) {
        return status >= 500 ? "failed" : status >= 400 ? "refused" : "ok";
    }

    private static String target(Context ctx) {
        return ctx.pathParamMap().isEmpty() ? null : String.join("/", ctx.pathParamMap().values());
    }

    private static String detail(Context ctx) {
        ErrorBody.Error error = ErrorMapper.sentError(ctx);
        String detail = error == null ? "status " + ctx.statusCode()
                : "status " + error.status() + " " + error.code() + ": " + error.message();
        return detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL - 3) + "...";
    }
}
