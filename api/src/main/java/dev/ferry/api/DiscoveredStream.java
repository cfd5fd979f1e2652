package dev.ferry.api;

import java.util.Objects;

/**
 * A table, view or API object a source offers, as found by {@link Source#discover()}.
 *
 * @param object the name to put in a stream's {@code table}, qualified when needed; never null
 * @param kind   what it is; never null
 * @param schema its columns, types and primary key (empty key for views); never null
 */
public record DiscoveredStream(String object, Kind kind, StreamSchema schema) {

    public enum Kind { TABLE, VIEW, OBJECT }

    public DiscoveredStream {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(schema, "schema");
    }
}
