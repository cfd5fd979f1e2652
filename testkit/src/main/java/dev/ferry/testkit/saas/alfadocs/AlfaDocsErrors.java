package dev.ferry.testkit.saas.alfadocs;

import dev.ferry.testkit.saas.SaasHttpException;
import dev.ferry.testkit.saas.SaasResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AlfaDocs' error answers. The public OpenAPI shows no error body; the fake answers
 * {@code {"status": "error", "code": <http status>, "message": ...}}, mirroring the
 * {@code status} field of its appointment listing (a choice, UNCONFIRMED).
 */
final class AlfaDocsErrors {

    private AlfaDocsErrors() {
    }

    static SaasResponse error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("code", status);
        body.put("message", message);
        return SaasResponse.json(status, body);
    }

    static SaasHttpException http(int status, String message) {
        return new SaasHttpException(error(status, message));
    }
}
