package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.FerryException;

/**
 * An error answer: its HTTP status and the {@code {code, message}} Convex puts in the body (either
 * may be missing when a proxy answered).
 */
record ConvexError(int status, String code, String message) {

    static ConvexError of(int status, JsonNode body) {
        String code = body != null && body.path("code").isTextual() ? body.get("code").textValue() : null;
        String message = body != null && body.path("message").isTextual() ? body.get("message").textValue() : null;
        return new ConvexError(status, code, message);
    }

    /** "HTTP 401 BadAdminKey: The provided admin key was invalid". */
    String describe() {
        return "HTTP " + status + (code == null ? "" : " " + code) + (message == null ? "" : ": " + message);
    }

    /** Whether Convex refused the deploy key (missing, malformed, wrong or without the permission). */
    boolean isKeyRefused() {
        return status == 401 || status == 403;
    }

    /** The error to throw for this answer to {@code GET route}; secrets masked. */
    Answered toException(ConnectionSpec spec, String route) {
        return toException(spec, "GET", route);
    }

    /** The error to throw for this answer to {@code method route}; secrets masked. */
    Answered toException(ConnectionSpec spec, String method, String route) {
        if (isKeyRefused()) {
            return new Answered(this, "Convex connection " + spec.name() + " (" + spec.shownUrl() + "): the deployment refused "
                    + "the deploy key (" + spec.mask(describe()) + "); check that the key in the connection's password "
                    + "(or deploy_key) is this deployment's deploy key and may " + (isImport(route) ? "import data" : "read its data"));
        }
        return new Answered(this, "Convex connection " + spec.name() + " (" + spec.shownUrl() + "): " + method + " " + route
                + " failed: " + spec.mask(describe()));
    }

    private static boolean isImport(String route) {
        return route.startsWith("/api/streaming_import/");
    }

    /** A request Convex answered with an error that trying again will not mend. */
    static final class Answered extends FerryException {
        private final transient ConvexError error;

        Answered(ConvexError error, String message) {
            super(message);
            this.error = error;
        }

        ConvexError error() {
            return error;
        }
    }
}
