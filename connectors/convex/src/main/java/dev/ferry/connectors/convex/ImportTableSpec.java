package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.Column;
import dev.ferry.api.StreamSchema;

/**
 * A table's entry in an import body's {@code tables}: {@code primaryKey} as Airbyte spells it (one
 * field path per key column, {@code [["id"]]}; left out for a stream without a key) and a
 * {@code jsonSchema} built from the stream's columns, saying what {@link ImportValueEncoder} sends:
 * integers as {@code integer}, floats as {@code number}, everything spelled as text as
 * {@code string} (with {@code format} or {@code contentEncoding} where JSON Schema has one), JSON
 * columns as any value; a nullable column also allows {@code null}.
 */
final class ImportTableSpec {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ImportTableSpec() {
    }

    static ObjectNode of(StreamSchema schema) {
        ObjectNode table = NODES.objectNode();
        if (schema.hasKey()) {
            table.set("primaryKey", primaryKey(schema));
        }
        table.set("jsonSchema", jsonSchema(schema));
        return table;
    }

    /** {@code [["a"], ["b"]]}: Airbyte's field paths, each one top-level field. */
    static ArrayNode primaryKey(StreamSchema schema) {
        ArrayNode key = NODES.arrayNode();
        schema.keyColumns().forEach(column -> key.addArray().add(column));
        return key;
    }

    static ObjectNode jsonSchema(StreamSchema schema) {
        ObjectNode root = NODES.objectNode().put("type", "object");
        ObjectNode properties = root.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (Column column : schema.columns()) {
            properties.set(column.name(), property(column));
            if (!column.nullable()) {
                required.add(column.name());
            }
        }
        if (!required.isEmpty()) {
            root.set("required", required);
        }
        return root;
    }

    private static ObjectNode property(Column column) {
        ObjectNode property = NODES.objectNode();
        String type = switch (column.type()) {
            case BOOLEAN -> "boolean";
            case SMALLINT, INTEGER, BIGINT -> "integer";
            case FLOAT, DOUBLE -> "number";
            case JSON -> null;
            default -> "string";
        };
        switch (column.type()) {
            case DATE -> property.put("format", "date");
            case TIME -> property.put("format", "time");
            case TIMESTAMP, TIMESTAMP_TZ -> property.put("format", "date-time");
            case UUID -> property.put("format", "uuid");
            case BINARY -> property.put("contentEncoding", "base64");
            default -> { }
        }
        if (type != null) {
            if (column.nullable()) {
                property.putArray("type").add(type).add("null");
            } else {
                property.put("type", type);
            }
        }
        return property;
    }
}
