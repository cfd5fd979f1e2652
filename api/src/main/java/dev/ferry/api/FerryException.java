package dev.ferry.api;

/**
 * The root of every error Ferry and its connectors raise on purpose. Unchecked, so that connector
 * code is not forced to wrap at every layer; the message names the component and what went wrong,
 * never a secret.
 */
public class FerryException extends RuntimeException {

    public FerryException(String message) {
        super(message);
    }

    public FerryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether trying the same operation again, after a pause, may succeed. */
    public boolean isRetriable() {
        return false;
    }
}
