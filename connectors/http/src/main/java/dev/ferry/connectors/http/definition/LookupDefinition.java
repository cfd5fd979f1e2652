package dev.ferry.connectors.http.definition;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * How to find an object a create made before its id was kept (a crash between the two), by what
 * the record says about it (an e-mail, an external id): the first object the answer holds at
 * {@code records} that matches is it, its id at {@code idPointer}. Used before every create of a
 * record the key map does not know, so a replay updates instead of creating twice.
 *
 * @param match fields (JSON Pointers in a found object) that must equal these values for the object to
 *              be the record's: the answer may hold others (an appointment list by calendar and time)
 */
public record LookupDefinition(String method, Template path, Map<String, Template> query, JsonNode body, String records,
                               String idPointer, Map<String, Template> match) {
    public LookupDefinition {
        query = Map.copyOf(query);
        match = Map.copyOf(match);
    }
}
