package dev.ferry.testkit.saas;

import java.util.Map;

/**
 * Runs before every matched route (not before injected faults): checks credentials and rate
 * limits. It may add headers to whatever the request is answered with, including errors, which
 * is how rate-limit headers reach every answer.
 */
@FunctionalInterface
public interface Guard {

    Guard NONE = (request, responseHeaders) -> { };

    /** Throws {@link SaasHttpException} to refuse the request. */
    void check(SaasRequest request, Map<String, String> responseHeaders);
}
