package dev.ferry.connectors.http.definition;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Objects;

/**
 * One call that writes: a create, update, delete or upsert of one record. Its templates may name
 * {@code {{record.<column>}}}, {@code {{remote.id}}} (the object's id from the key map, for updates and
 * deletes) and {@code {{ref.<target>.<column>}}} (the remote id of the object another target's
 * record with that key became). A body string that is one placeholder alone takes the value with
 * its JSON type (a number stays a number); a record's null leaves its field out.
 *
 * @param idPointer where the answer holds the object's id (creates and upserts); null otherwise
 * @param etag      for APIs that change an object only at its current version (Microsoft Graph's
 *                  {@code If-Match}): where to read the object and its version before the call; null otherwise
 */
public record OperationDefinition(String method, Template path, Map<String, Template> query, JsonNode body,
                                  String idPointer, Etag etag) {

    /**
     * The object read at {@code path}, its version at {@code pointer}, sent as {@code If-Match}; an
     * answer of 412 (the object changed in between) reads it again and tries once more, up to three times.
     */
    public record Etag(Template path, String pointer) {
    }

    public OperationDefinition {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
    }
}
