package dev.ferry.engine.secrets;

import dev.ferry.api.FerryException;

/** The keyset of stored secrets is missing, unreadable or not a keyset; the message says which and what to do. */
public final class KeysetUnavailableException extends FerryException {
    public KeysetUnavailableException(String message) {
        super(message);
    }
}
