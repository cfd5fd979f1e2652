package dev.ferry.connectors.http.records;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.FerryException;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the records in an answer by a JSON Pointer: an array there is the records, an object is one
 * record, null or an empty array is none. A pointer that finds nothing at all is an error, since it
 * means the answer is not the shape the definition expects, and reading on would lose records quietly.
 */
public final class RecordSelector {
    private final String pointer;

    public RecordSelector(String pointer) {
        this.pointer = pointer;
    }

    public List<JsonNode> select(JsonNode answer, String stream) {
        JsonNode found = answer.at(pointer);
        if (found.isMissingNode()) {
            throw new FerryException("Stream " + stream + ": the answer has nothing at " + (pointer.isEmpty() ? "its root" : pointer)
                    + ", where the definition says its records are; the answer's fields: " + fieldNames(answer));
        }
        if (found.isNull()) {
            return List.of();
        }
        if (found.isObject()) {
            return List.of(found);
        }
        if (!found.isArray()) {
            throw new FerryException("Stream " + stream + ": " + pointer + " holds a " + found.getNodeType().name().toLowerCase()
                    + ", not records (an array or an object)");
        }
        List<JsonNode> records = new ArrayList<>(found.size());
        for (JsonNode record : found) {
            if (!record.isObject()) {
                throw new FerryException("Stream " + stream + ": an element of " + pointer + " is a "
                        + record.getNodeType().name().toLowerCase() + ", not a record (an object)");
            }
            records.add(record);
        }
        return records;
    }

    private static String fieldNames(JsonNode answer) {
        List<String> names = new ArrayList<>();
        answer.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
