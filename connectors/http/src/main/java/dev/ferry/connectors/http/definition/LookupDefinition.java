package dev.ferry.connectors.http.definition;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * How to find an object a create made before its id was kept (a crash between the two), by what
 * the record says about it (an e-mail, an external id): the first object the answer holds at
 * {@code records} is it, its id at {@code idPointer}. Used before every create of a record the key
 * map does not know, so a replay updates instead of creating twice.
 */
public record LookupDefinition(String method, Template path, Map<String, Template> query, JsonNode body, String records,
                               String idPointer) {
    public LookupDefinition {
        query = Map.copyOf(query);
    }
}
