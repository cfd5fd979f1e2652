package dev.ferry.connectors.http.definition;

import dev.ferry.api.FerryException;

/** A definition that cannot be used, located by file and field path ({@code streams.patients.paginate.type}). */
public final class DefinitionException extends FerryException {
    public DefinitionException(String source, String path, String problem) {
        super("API definition " + source + (path.isEmpty() ? "" : ", " + path) + ": " + problem);
    }
}
