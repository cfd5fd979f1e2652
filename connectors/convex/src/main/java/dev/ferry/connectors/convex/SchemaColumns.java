package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.StreamSchema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A table's columns from the JSON Schema {@code json_schemas} gives for it.
 *
 * <p>Every table starts with {@code _id} (its key: text, never null) and {@code _creationTime} (a
 * timestamp with time zone, see {@link CreationTime}); then one column per property of the schema,
 * in the schema's order. The export's own fields ({@code _ts}, {@code _deleted}, {@code _table},
 * {@code _component}) are not columns. Types:
 * <ul>
 *   <li>int64 ({@code integer}, or a string or {@code $integer} object the schema describes as one)
 *       → BIGINT; float64 ({@code number}) → DOUBLE; boolean → BOOLEAN; string → TEXT;
 *       bytes (base64 strings, {@code $bytes}) → BINARY.</li>
 *   <li>objects, arrays, records and {@code any} → JSON.</li>
 *   <li>a union: its null member makes the column nullable; if the other members all map to one
 *       type, the column has that type (a float64 written as a number or as the strings NaN and
 *       the infinities stays DOUBLE); otherwise the field's type varies between documents and the
 *       column is JSON, holding each value in the export's encoding, which names its type, so an
 *       int64 5, a float 5.0 and a string "5" stay distinct.</li>
 *   <li>a field that is not required (optional, or every field of a delta schema, where a delete
 *       carries only its {@code _id}) is nullable.</li>
 * </ul>
 * A table whose schema says nothing ({@code {}}, {@code true}, no properties) has no usable schema:
 * {@link #isUnknown} says so and the caller infers one from the table's first snapshot page
 * ({@link SnapshotInference}).
 */
final class SchemaColumns {
    static final String ID = "_id";
    static final String CREATION_TIME = "_creationTime";
    /** Convex document ids are 31 to 37 characters today; 128 leaves room and still fits a key index. */
    static final int ID_LENGTH = 128;
    static final Set<String> EXPORT_FIELDS = Set.of("_ts", "_deleted", "_table", "_component");

    private SchemaColumns() {
    }

    /** Whether the schema describes no properties, so its columns must be inferred from documents. */
    static boolean isUnknown(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return true;
        }
        JsonNode properties = schema.get("properties");
        if (properties == null || !properties.isObject()) {
            return true;
        }
        Iterator<String> names = properties.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals(ID) && !name.equals(CREATION_TIME) && !EXPORT_FIELDS.contains(name)) {
                return false;
            }
        }
        // only system fields: a schema that knows of no user field, like an empty table's
        return !properties.has(ID);
    }

    /** The stream schema of {@code table} from its JSON Schema (which {@link #isUnknown} accepted). */
    static StreamSchema fromJsonSchema(String table, JsonNode schema) {
        Set<String> required = new HashSet<>();
        JsonNode requiredNode = schema.get("required");
        if (requiredNode != null && requiredNode.isArray()) {
            requiredNode.forEach(name -> required.add(name.asText()));
        }
        List<Column> columns = systemColumns();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String name = property.getKey();
            if (name.equals(ID) || name.equals(CREATION_TIME) || EXPORT_FIELDS.contains(name)) {
                continue;
            }
            Mapped mapped = map(property.getValue());
            columns.add(new Column(name, mapped.type(), mapped.nullable() || !required.contains(name), 0, 0));
        }
        return new StreamSchema(table, columns, List.of(ID));
    }

    static List<Column> systemColumns() {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column(ID, ColumnType.STRING, false, ID_LENGTH, 0));
        columns.add(new Column(CREATION_TIME, ColumnType.TIMESTAMP_TZ, true, 0, 0));
        return columns;
    }

    /** A property's column type, and whether the schema itself allows null. */
    record Mapped(ColumnType type, boolean nullable) {
    }

    /** The column type of one property's schema. */
    static Mapped map(JsonNode schema) {
        List<JsonNode> members = unionMembers(schema);
        if (members == null) {
            ColumnType type = single(schema);
            return type == null ? new Mapped(ColumnType.JSON, true) : new Mapped(type, false);
        }
        boolean nullable = false;
        Set<ColumnType> types = new HashSet<>();
        for (JsonNode member : members) {
            Mapped mapped = map(member);
            if (isNullOnly(member)) {
                nullable = true;
            } else {
                nullable |= mapped.nullable();
                types.add(mapped.type());
            }
        }
        if (types.size() == 1) {
            // e.g. a float64 as numbers or as the strings NaN and the infinities: still DOUBLE
            return new Mapped(types.iterator().next(), nullable);
        }
        return new Mapped(ColumnType.JSON, nullable || types.isEmpty());
    }

    /** The alternatives of an {@code anyOf}/{@code oneOf} or a {@code type} array; null when it is none. */
    static List<JsonNode> unionMembers(JsonNode schema) {
        for (String keyword : List.of("anyOf", "oneOf")) {
            JsonNode members = schema.get(keyword);
            if (members != null && members.isArray()) {
                List<JsonNode> list = new ArrayList<>();
                members.forEach(list::add);
                return list;
            }
        }
        JsonNode type = schema.get("type");
        if (type != null && type.isArray()) {
            List<JsonNode> list = new ArrayList<>();
            for (JsonNode name : type) {
                var member = schema.deepCopy();
                ((com.fasterxml.jackson.databind.node.ObjectNode) member).put("type", name.asText());
                list.add(member);
            }
            return list;
        }
        return null;
    }

    private static boolean isNullOnly(JsonNode schema) {
        JsonNode type = schema.get("type");
        return type != null && type.isTextual() && type.textValue().equals("null")
                || schema.has("const") && schema.get("const").isNull();
    }

    /** The type of a schema that is not a union; null for one that allows anything (or only null). */
    private static ColumnType single(JsonNode schema) {
        if (!schema.isObject()) {
            return null;
        }
        JsonNode constant = schema.get("const");
        if (constant != null) {
            return constant.isTextual() ? ColumnType.TEXT : constant.isBoolean() ? ColumnType.BOOLEAN
                    : constant.isIntegralNumber() && describes(schema, "int64") ? ColumnType.BIGINT
                    : constant.isNumber() ? ColumnType.DOUBLE : null;
        }
        JsonNode type = schema.get("type");
        if (type == null || !type.isTextual()) {
            return null;
        }
        return switch (type.textValue()) {
            case "integer" -> ColumnType.BIGINT;
            case "number" -> ColumnType.DOUBLE;
            case "boolean" -> ColumnType.BOOLEAN;
            case "string" -> stringType(schema);
            case "object" -> objectType(schema);
            case "array" -> ColumnType.JSON;
            default -> null;
        };
    }

    /** A string is text, unless the schema says it encodes an int64, bytes or a special float. */
    private static ColumnType stringType(JsonNode schema) {
        if (isSpecialFloatEnum(schema)) {
            return ColumnType.DOUBLE;
        }
        if (describes(schema, "int64")) {
            return ColumnType.BIGINT;
        }
        if ("base64".equals(schema.path("contentEncoding").asText(null)) || "base64".equals(schema.path("format").asText(null))
                || describes(schema, "bytes")) {
            return ColumnType.BINARY;
        }
        return ColumnType.TEXT;
    }

    /** {@code {"$integer": ...}}, {@code {"$float": ...}}, {@code {"$bytes": ...}} as the encoded format's schema; else JSON. */
    private static ColumnType objectType(JsonNode schema) {
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject() && properties.size() == 1) {
            String name = properties.fieldNames().next();
            switch (name) {
                case "$integer":
                    return ColumnType.BIGINT;
                case "$float":
                    return ColumnType.DOUBLE;
                case "$bytes":
                    return ColumnType.BINARY;
                default:
                    break;
            }
        }
        return ColumnType.JSON;
    }

    private static boolean isSpecialFloatEnum(JsonNode schema) {
        JsonNode values = schema.get("enum");
        if (values == null || !values.isArray() || values.isEmpty()) {
            return false;
        }
        for (JsonNode value : values) {
            if (!Set.of("NaN", "Infinity", "-Infinity").contains(value.asText())) {
                return false;
            }
        }
        return true;
    }

    /** Whether the schema's {@code $description} (Convex's note on unintuitive encodings) mentions {@code word}. */
    private static boolean describes(JsonNode schema, String word) {
        JsonNode description = schema.get("$description");
        return description != null && description.asText().toLowerCase(Locale.ROOT).contains(word);
    }
}
