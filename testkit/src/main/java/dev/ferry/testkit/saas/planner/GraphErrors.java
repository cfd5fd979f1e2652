package dev.ferry.testkit.saas.planner;

import dev.ferry.testkit.saas.SaasHttpException;
import dev.ferry.testkit.saas.SaasResponse;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Microsoft Graph's error shape, {@code {error: {code, message, innerError: {date, request-id,
 * client-request-id}}}}. Planner answers many errors with an empty {@code code} (as in the answers
 * quoted in public Graph issues about {@code If-Match}); the fake does the same for Planner's own
 * errors and uses Graph's general codes ({@code InvalidAuthenticationToken}, {@code TooManyRequests})
 * for the rest.
 */
final class GraphErrors {

    private GraphErrors() {
    }

    static SaasResponse error(int status, String message) {
        return SaasResponse.json(status, body(codeOf(status), message));
    }

    static SaasHttpException http(int status, String code, String message) {
        return new SaasHttpException(SaasResponse.json(status, body(code, message)));
    }

    static Map<String, Object> body(String code, String message) {
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ""));
        inner.put("request-id", requestId);
        inner.put("client-request-id", requestId);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("innerError", inner);
        return Map.of("error", error);
    }

    static String codeOf(int status) {
        return switch (status) {
            case 401 -> "InvalidAuthenticationToken";
            case 429 -> "TooManyRequests";
            case 503 -> "ServiceUnavailable";
            case 500 -> "InternalServerError";
            case 405 -> "MethodNotAllowed";
            default -> "";
        };
    }
}
