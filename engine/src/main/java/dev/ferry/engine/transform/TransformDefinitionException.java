package dev.ferry.engine.transform;

import dev.ferry.api.FerryException;

/**
 * A transform that cannot work as defined: a bad pattern, a type it cannot take, an expression that
 * does not type-check, a mapping file that cannot be read. Found when a pipeline is planned, before
 * any row is read; the loader turns it into a located problem of the pipeline's file.
 */
public final class TransformDefinitionException extends FerryException {

    public TransformDefinitionException(String message) {
        super(message);
    }

    public TransformDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
