package dev.ferry.connectors.http.records;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.FerryException;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the records in an answer by a JSON Pointer ({@code /data/items}) or the simple JSONPath that
 * names the same place ({@code $.data.items}, {@code $.data.items[*]}, {@code $['data'][0]}): an
 * array there is the records, an object is one record, null or an empty array is none. A path that
 * finds nothing at all is an error, since it means the answer is not the shape the definition
 * expects, and reading on would lose records quietly. JSONPath's filters and recursive descent are
 * not taken.
 */
public final class RecordSelector {
    private static final java.util.regex.Pattern STEP = java.util.regex.Pattern.compile(
            "\\.([A-Za-z0-9_@$-]+)|\\['([^']*)']|\\[(\\d+)]|\\[\\*]");

    private final String pointer;

    public RecordSelector(String path) {
        this.pointer = path.startsWith("$") ? pointerOf(path) : path;
    }

    /** A JSONPath of names, indexes and a last {@code [*]} as the JSON Pointer of the same place. */
    static String pointerOf(String jsonPath) {
        StringBuilder pointer = new StringBuilder();
        java.util.regex.Matcher step = STEP.matcher(jsonPath);
        int at = 1;
        while (at < jsonPath.length()) {
            if (!step.find(at) || step.start() != at) {
                throw new IllegalArgumentException("'" + jsonPath + "' is not a JSONPath of names and indexes ($.a.b, "
                        + "$.a[0], $['a'], $.a[*] last)");
            }
            String name = step.group(1) != null ? step.group(1) : step.group(2);
            if (name != null) {
                pointer.append('/').append(name.replace("~", "~0").replace("/", "~1"));
            } else if (step.group(3) != null) {
                pointer.append('/').append(step.group(3));
            } else if (step.end() != jsonPath.length()) {
                throw new IllegalArgumentException("'" + jsonPath + "' takes [*] only at its end (the records' array)");
            }
            at = step.end();
        }
        return pointer.toString();
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
