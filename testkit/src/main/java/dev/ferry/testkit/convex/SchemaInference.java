package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Infers a JSON Schema per table from its live documents, as {@code json_schemas} answers;
 * fields appear by name.
 * A field present in every document is required; a field whose type varies gets an
 * {@code anyOf} of its types. Choices (Convex documents no exact schema text): int64 is
 * {@code {"type": "integer"}} (the value format decides how it is written), bytes
 * {@code {"type": "string", "contentEncoding": "base64"}}, float64 {@code {"type": "number"}}.
 */
final class SchemaInference {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SchemaInference() {
    }

    static ObjectNode tableSchema(List<StoredDocument> documents, boolean deltaSchema) {
        // Sorted: documents come in id order, which is random, and the schema should not be.
        Map<String, Set<JsonNode>> types = new TreeMap<>();
        Map<String, Integer> presence = new TreeMap<>();
        for (StoredDocument document : documents) {
            for (Map.Entry<String, ConvexValue> field : document.withSystemFields().fields().entrySet()) {
                types.computeIfAbsent(field.getKey(), name -> new LinkedHashSet<>()).add(valueSchema(field.getValue()));
                presence.merge(field.getKey(), 1, Integer::sum);
            }
        }
        ObjectNode properties = NODES.objectNode();
        properties.set("_id", type("string"));
        properties.set("_creationTime", type("number"));
        List<String> required = new ArrayList<>(List.of("_id", "_creationTime"));
        for (Map.Entry<String, Set<JsonNode>> field : types.entrySet()) {
            if (field.getKey().startsWith("_")) {
                continue;
            }
            properties.set(field.getKey(), union(field.getValue()));
            if (presence.get(field.getKey()) == documents.size()) {
                required.add(field.getKey());
            }
        }
        if (deltaSchema) {
            properties.set("_ts", type("integer"));
            properties.set("_deleted", type("boolean"));
            properties.set("_table", type("string"));
            // A delete carries only _id, _ts, _table and _deleted.
            required = new ArrayList<>(List.of("_id", "_ts", "_table"));
        }
        ObjectNode schema = type("object");
        schema.set("properties", properties);
        schema.put("additionalProperties", false);
        ArrayNode requiredNode = schema.putArray("required");
        required.forEach(requiredNode::add);
        return schema;
    }

    static JsonNode valueSchema(ConvexValue value) {
        return switch (value) {
            case ConvexValue.Null n -> type("null");
            case ConvexValue.Int64 i -> type("integer");
            case ConvexValue.Float64 f -> type("number");
            case ConvexValue.Bool b -> type("boolean");
            case ConvexValue.Str s -> type("string");
            case ConvexValue.Bytes b -> type("string").put("contentEncoding", "base64");
            case ConvexValue.Array a -> {
                ObjectNode array = type("array");
                Set<JsonNode> items = new LinkedHashSet<>();
                a.elements().forEach(element -> items.add(valueSchema(element)));
                if (!items.isEmpty()) {
                    array.set("items", union(items));
                }
                yield array;
            }
            case ConvexValue.Obj o -> {
                ObjectNode object = type("object");
                ObjectNode properties = object.putObject("properties");
                o.fields().forEach((name, field) -> properties.set(name, valueSchema(field)));
                object.put("additionalProperties", false);
                yield object;
            }
        };
    }

    private static JsonNode union(Set<JsonNode> schemas) {
        if (schemas.size() == 1) {
            return schemas.iterator().next();
        }
        ObjectNode anyOf = NODES.objectNode();
        ArrayNode options = anyOf.putArray("anyOf");
        schemas.forEach(options::add);
        return anyOf;
    }

    private static ObjectNode type(String name) {
        ObjectNode node = NODES.objectNode();
        node.put("type", name);
        return node;
    }
}
