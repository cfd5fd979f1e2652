package dev.ferry.api;

/**
 * A failure that may pass if the operation is tried again after a pause: a dropped connection,
 * a server restarting, a lock timeout, a rate limit. The engine retries these with backoff before
 * it reports the run as failed.
 */
public class RetriableException extends FerryException {

    public RetriableException(String message) {
        super(message);
    }

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
