package dev.ferry.testkit.saas;

/** One route: a method, a path pattern and what answers it. */
public record SaasRoute(String method, PathPattern pattern, Handler handler) {

    /** Answers a request; errors are thrown as {@link SaasHttpException}. */
    @FunctionalInterface
    public interface Handler {
        SaasResponse handle(SaasRequest request);
    }

    public static SaasRoute of(String method, String pattern, Handler handler) {
        return new SaasRoute(method, PathPattern.of(pattern), handler);
    }

    /** The name counts and faults use, e.g. {@code GET /contacts/{contactId}}. */
    public String key() {
        return method + " " + pattern.text();
    }
}
