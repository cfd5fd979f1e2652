package dev.ferry.testkit.saas.hubspot;

import dev.ferry.testkit.saas.SaasHttpException;
import dev.ferry.testkit.saas.SaasResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * HubSpot's documented error shape, {@code {status: "error", message, correlationId, category}}
 * with {@code errors: [{message, code, context}]} when single problems can be named (validation).
 * The categories are HubSpot's names ({@code VALIDATION_ERROR}, {@code OBJECT_NOT_FOUND},
 * {@code CONFLICT}, {@code EXPIRED_AUTHENTICATION}, {@code INVALID_AUTHENTICATION},
 * {@code RATE_LIMITS}); which category goes with which status is a choice (UNCONFIRMED) taken from
 * the error bodies HubSpot's docs show.
 */
final class HubSpotErrors {

    /** One entry of {@code errors}: {@code context} maps a name to the values it concerns, e.g. {@code {"ids": ["7"]}}. */
    record Detail(String message, String code, Map<String, List<String>> context) {
    }

    private HubSpotErrors() {
    }

    static SaasResponse error(int status, String message) {
        return SaasResponse.json(status, body(message, categoryOf(status), List.of()));
    }

    static SaasHttpException http(int status, String category, String message) {
        return new SaasHttpException(SaasResponse.json(status, body(message, category, List.of())));
    }

    static SaasHttpException validation(String message, List<Detail> details) {
        return new SaasHttpException(SaasResponse.json(400, body(message, "VALIDATION_ERROR", details)));
    }

    static SaasHttpException validation(String message) {
        return validation(message, List.of());
    }

    /**
     * The documented 429 body, {@code {status: "error", message, errorType: "RATE_LIMIT",
     * correlationId, policyName}}, without a category (the docs show none on it).
     */
    static SaasHttpException rateLimited(String message, String policyName, Map<String, String> headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("message", message);
        body.put("errorType", "RATE_LIMIT");
        body.put("correlationId", UUID.randomUUID().toString());
        body.put("policyName", policyName);
        SaasResponse response = SaasResponse.json(429, body);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            response = response.withHeader(header.getKey(), header.getValue());
        }
        return new SaasHttpException(response);
    }

    static Map<String, Object> body(String message, String category, List<Detail> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("message", message);
        body.put("correlationId", UUID.randomUUID().toString());
        if (!details.isEmpty()) {
            body.put("errors", details);
        }
        body.put("category", category);
        return body;
    }

    private static String categoryOf(int status) {
        return switch (status) {
            case 400 -> "VALIDATION_ERROR";
            case 401 -> "INVALID_AUTHENTICATION";
            case 403 -> "MISSING_SCOPES";
            case 404 -> "OBJECT_NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 409 -> "CONFLICT";
            case 429 -> "RATE_LIMITS";
            default -> "INTERNAL_ERROR";
        };
    }
}
