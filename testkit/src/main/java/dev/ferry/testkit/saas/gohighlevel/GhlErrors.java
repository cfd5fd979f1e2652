package dev.ferry.testkit.saas.gohighlevel;

import dev.ferry.testkit.saas.SaasHttpException;
import dev.ferry.testkit.saas.SaasResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GoHighLevel's documented error shape, {@code {statusCode, message, error}}, where {@code error}
 * is the status's reason phrase and, on 422, {@code message} is an array of every problem found
 * (the class-validator style the API is built with).
 */
final class GhlErrors {

    private GhlErrors() {
    }

    static SaasResponse error(int status, String message) {
        return SaasResponse.json(status, body(status, message));
    }

    static SaasHttpException http(int status, String message) {
        return new SaasHttpException(error(status, message));
    }

    static SaasHttpException unprocessable(List<String> problems) {
        return new SaasHttpException(SaasResponse.json(422, body(422, List.copyOf(problems))));
    }

    /** An error with extra fields, e.g. {@code meta} naming the duplicate contact. */
    static SaasHttpException withFields(int status, String message, Map<String, Object> extra) {
        Map<String, Object> body = body(status, message);
        body.putAll(extra);
        return new SaasHttpException(SaasResponse.json(status, body));
    }

    private static Map<String, Object> body(int status, Object message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", status);
        body.put("message", message);
        body.put("error", reason(status));
        return body;
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 422 -> "Unprocessable Entity";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }
}
