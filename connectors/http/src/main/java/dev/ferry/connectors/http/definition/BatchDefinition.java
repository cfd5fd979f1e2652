package dev.ferry.connectors.http.definition;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Objects;

/**
 * Records written many to a call (HubSpot's batch upsert of 100, Power BI's push of 10,000 rows):
 * each record becomes an {@code item} (a body template over the record), the items go into the
 * body's array at {@code inputs}, and the answer's objects at {@code results} give each record's id
 * at {@code idPointer}, matched to its record by {@code match} (or in order when no match is given).
 * Without {@code idPointer} the API names nothing (rows pushed to a table) and no id is kept.
 *
 * @param size the most records a call takes
 */
public record BatchDefinition(String method, Template path, JsonNode body, String inputs, JsonNode item, int size,
                              String results, String idPointer, Map<String, Template> match) {
    public BatchDefinition {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(item, "item");
        match = Map.copyOf(match);
    }
}
