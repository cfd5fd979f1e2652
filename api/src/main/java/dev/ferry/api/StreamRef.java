package dev.ferry.api;

import java.util.List;
import java.util.Objects;

/**
 * What a source should read for one stream.
 *
 * @param name       the stream's name in the pipeline; never null
 * @param object     the table, view or API object to read (may be schema-qualified, {@code sales.orders});
 *                   null when {@code query} is given
 * @param query      a read-only query whose result is the stream; null when {@code object} is given
 * @param keyColumns key columns given in the configuration; empty to use the object's own primary key
 * @param flattenObjects whether the stream asks for nested objects as one column per property
 *                       ({@code parent_child}); only a source whose {@link Source#flattensObjects()} says
 *                       so is given a stream that asks
 */
public record StreamRef(String name, String object, String query, List<String> keyColumns, boolean flattenObjects) {

    public StreamRef {
        Objects.requireNonNull(name, "stream name");
        keyColumns = List.copyOf(keyColumns);
        if ((object == null) == (query == null)) {
            throw new IllegalArgumentException("Stream " + name + " needs exactly one of object or query");
        }
    }

    /** A stream that reads nested objects as they are. */
    public StreamRef(String name, String object, String query, List<String> keyColumns) {
        this(name, object, query, keyColumns, false);
    }

    public static StreamRef ofObject(String name, String object) {
        return new StreamRef(name, object, null, List.of());
    }
}
