package dev.ferry.engine.config.loader;

import dev.ferry.api.FerryException;

/**
 * A secret reference that cannot be resolved: a malformed reference, a missing environment variable
 * or an unreadable file. The message names the variable or file, never a value.
 */
public class SecretException extends FerryException {

    public SecretException(String message) {
        super(message);
    }
}
