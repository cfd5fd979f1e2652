package dev.ferry.connectors.http.call;

import dev.ferry.api.FerryException;

/**
 * A call the provider refused in a way trying again cannot fix: its answer (status, headers and
 * body, secrets masked) is in the message, so the run's error says what the provider said.
 */
public final class CallFailedException extends FerryException {
    private final int status;

    public CallFailedException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The answer's status; 401 for a refused authorization. */
    public int status() {
        return status;
    }
}
