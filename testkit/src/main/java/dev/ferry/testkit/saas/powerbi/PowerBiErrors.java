package dev.ferry.testkit.saas.powerbi;

import dev.ferry.testkit.saas.SaasHttpException;
import dev.ferry.testkit.saas.SaasResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Power BI's error body, {@code {error: {code, message}}}, and for a query the engine refuses,
 * {@code {error: {code: "DatasetExecuteQueriesError", pbi.error: {code, details: [{code:
 * "DetailsMessage", detail: {type: 1, value}}]}}}} with HTTP 400 (the documented "DAX query
 * failure"). The codes are the fake's choice (UNCONFIRMED) in Power BI's style.
 */
final class PowerBiErrors {

    private PowerBiErrors() {
    }

    static SaasResponse error(int status, String message) {
        return error(status, codeOf(status), message);
    }

    static SaasResponse error(int status, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        return SaasResponse.json(status, Map.of("error", error));
    }

    static SaasHttpException http(int status, String code, String message) {
        return new SaasHttpException(error(status, code, message));
    }

    static SaasHttpException daxFailure(String message) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("code", "DetailsMessage");
        detail.put("detail", Map.of("type", 1, "value", message));
        Map<String, Object> pbi = new LinkedHashMap<>();
        pbi.put("code", "DatasetExecuteQueriesError");
        pbi.put("parameters", Map.of());
        pbi.put("details", List.of(detail));
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", "DatasetExecuteQueriesError");
        error.put("pbi.error", pbi);
        return new SaasHttpException(SaasResponse.json(400, Map.of("error", error)));
    }

    private static String codeOf(int status) {
        return switch (status) {
            case 400 -> "InvalidRequest";
            case 401 -> "TokenExpired";
            case 403 -> "Forbidden";
            case 404 -> "ItemNotFound";
            case 429 -> "TooManyRequests";
            case 503 -> "ServiceUnavailable";
            default -> "InternalServerError";
        };
    }
}
