package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Reads the pieces shared by the streaming import bodies, with located errors. */
final class ImportJson {

    private ImportJson() {
    }

    /** {@code [["a"], ["b"]]} (Airbyte's nested form) or {@code ["a", "b"]} → {@code [a, b]}. */
    static List<String> primaryKey(JsonNode node, String where) {
        List<String> fields = new ArrayList<>();
        if (node == null || node.isNull()) {
            return fields;
        }
        if (!node.isArray()) {
            throw bad(where + " must be an array of field paths, got " + node);
        }
        for (JsonNode path : node) {
            JsonNode field = path.isArray() ? (path.size() == 1 ? path.get(0) : null) : path;
            if (field == null || !field.isTextual()) {
                throw bad(where + ": each key must be one top-level field name, got " + path);
            }
            fields.add(field.textValue());
        }
        return fields;
    }

    static List<String> stringArray(JsonNode body, String name, String route) {
        JsonNode node = body.get(name);
        if (node == null || !node.isArray()) {
            throw bad(route + ": body needs \"" + name + "\": [table names]");
        }
        List<String> values = new ArrayList<>();
        node.forEach(element -> values.add(element.asText()));
        return values;
    }

    static ConvexHttpException bad(String message) {
        return new ConvexHttpException(400, "InvalidImportRequest", message);
    }
}
