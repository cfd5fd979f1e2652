package dev.ferry.testkit.saas;

/** Thrown by routes and guards to answer an error; the response carries the API's own error shape. */
public final class SaasHttpException extends RuntimeException {

    private final transient SaasResponse response;

    public SaasHttpException(SaasResponse response) {
        super("HTTP " + response.status() + ": " + response.bodyText());
        this.response = response;
    }

    public SaasResponse response() {
        return response;
    }
}
