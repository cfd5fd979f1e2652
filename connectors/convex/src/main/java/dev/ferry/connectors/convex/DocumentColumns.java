package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.FerryException;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table's columns and where each one's value sits in an exported document: a top-level field,
 * or, for a stream that asks for {@code flatten: true}, one property of a field holding an object.
 *
 * <p>Flattening, one level: a field whose JSON Schema is an object with known properties (or a
 * union whose object members all have known properties) gives way to one column per property,
 * named {@code <field>_<property>}, in the field's place and in the order the properties are first
 * listed. Each such column has the type the property would have as a field of its own
 * ({@link SchemaColumns#map}), so an object or array inside it stays one JSON column; it is
 * nullable when the field is optional or nullable, when the property is optional (or missing from
 * one of the union's objects), or when the property's own schema allows null. A field whose
 * properties are unknown stays one JSON column: {@code v.any()}, a record (an object with
 * {@code additionalProperties}), an object with no properties, an int64, bytes or float in the
 * encoded format's tagged object, and every field of a table whose columns were inferred from
 * documents ({@link SnapshotInference}).
 *
 * <p>Rules that keep flattening from losing or confusing values:
 * <ul>
 *   <li>a generated name that another column also has fails {@code describe}, naming both fields;</li>
 *   <li>a document whose field is null or absent gives null in every column of its properties; one
 *       whose field holds something that is not an object (a union of an object and a string, say)
 *       fails the row, naming the table, the field and the document's {@code _id};</li>
 *   <li>an object with a property the schema did not list when the read started (a deployment
 *       without a schema, whose inferred shape grew) fails the row, naming the field and the
 *       property, instead of dropping it: a new read sees the property and gives it a column.</li>
 * </ul>
 */
final class DocumentColumns {

    /** Where a column's value is: the field, and the property inside it, or null for the field itself. */
    record FieldPath(String field, String property) {
    }

    private final StreamSchema schema;
    private final Map<String, FieldPath> paths;
    /** Each flattened field with the properties its schema lists, which name its columns. */
    private final Map<String, Set<String>> flattened;

    private DocumentColumns(StreamSchema schema, Map<String, FieldPath> paths, Map<String, Set<String>> flattened) {
        this.schema = schema;
        this.paths = paths;
        this.flattened = flattened;
    }

    /** Every column is the top-level field of its name. */
    static DocumentColumns asIs(StreamSchema schema) {
        Map<String, FieldPath> paths = new HashMap<>();
        for (Column column : schema.columns()) {
            paths.put(column.name(), new FieldPath(column.name(), null));
        }
        return new DocumentColumns(schema, paths, Map.of());
    }

    /**
     * The columns of {@code plain} (the table's columns from {@code tableSchema}, as
     * {@link SchemaColumns#fromJsonSchema} gives them) with each field that holds an object of known
     * properties flattened into one column per property.
     *
     * @param where the stream and table, for the message of a name collision
     */
    static DocumentColumns flattened(StreamSchema plain, JsonNode tableSchema, String where) {
        JsonNode properties = tableSchema == null ? null : tableSchema.get("properties");
        if (properties == null || !properties.isObject()) {
            return asIs(plain);
        }
        List<Column> columns = new ArrayList<>();
        Map<String, FieldPath> paths = new LinkedHashMap<>();
        Map<String, Set<String>> flattened = new LinkedHashMap<>();
        for (Column column : plain.columns()) {
            JsonNode fieldSchema = properties.get(column.name());
            Map<String, Child> children = fieldSchema == null || column.name().startsWith("_") ? null : children(fieldSchema);
            if (children == null) {
                add(columns, paths, column, new FieldPath(column.name(), null), where);
                continue;
            }
            for (Map.Entry<String, Child> child : children.entrySet()) {
                SchemaColumns.Mapped mapped = SchemaColumns.map(child.getValue().schema());
                boolean nullable = column.nullable() || !child.getValue().required() || mapped.nullable();
                add(columns, paths, new Column(column.name() + "_" + child.getKey(), mapped.type(), nullable, 0, 0),
                        new FieldPath(column.name(), child.getKey()), where);
            }
            flattened.put(column.name(), Set.copyOf(children.keySet()));
        }
        return new DocumentColumns(new StreamSchema(plain.name(), columns, plain.keyColumns()), paths, flattened);
    }

    private static void add(List<Column> columns, Map<String, FieldPath> paths, Column column, FieldPath path, String where) {
        FieldPath taken = paths.putIfAbsent(column.name(), path);
        if (taken != null) {
            throw new FerryException(where + ": flatten: true would give two columns named " + column.name() + ", "
                    + describe(taken) + " and " + describe(path) + "; rename one of these fields in Convex, or read the "
                    + "table without flatten");
        }
        columns.add(column);
    }

    private static String describe(FieldPath path) {
        return path.property() == null ? "field " + path.field() : "property " + path.property() + " of field " + path.field();
    }

    /** A property of a flattened field: its schema (a union when the field's objects differ) and whether every object has it. */
    private record Child(JsonNode schema, boolean required) {
    }

    /**
     * The properties of a field to flatten, or null when the field is not one: none of its schema's
     * members is an object with known properties, or one of them may hold an object whose properties
     * are unknown.
     */
    private static Map<String, Child> children(JsonNode fieldSchema) {
        List<JsonNode> members = SchemaColumns.unionMembers(fieldSchema);
        List<JsonNode> objects = new ArrayList<>();
        for (JsonNode member : members == null ? List.of(fieldSchema) : members) {
            if (isObjectWithKnownProperties(member)) {
                objects.add(member);
            } else if (mayHoldUnknownObject(member)) {
                return null;
            }
        }
        if (objects.isEmpty()) {
            return null;
        }
        Map<String, List<JsonNode>> schemas = new LinkedHashMap<>();
        Map<String, Integer> requiredIn = new HashMap<>();
        for (JsonNode object : objects) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.get("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                List<JsonNode> seen = schemas.computeIfAbsent(property.getKey(), name -> new ArrayList<>());
                if (!seen.contains(property.getValue())) {
                    seen.add(property.getValue());
                }
            }
            JsonNode required = object.get("required");
            if (required != null && required.isArray()) {
                required.forEach(name -> requiredIn.merge(name.asText(), 1, Integer::sum));
            }
        }
        Map<String, Child> children = new LinkedHashMap<>();
        schemas.forEach((name, alternatives) -> children.put(name,
                new Child(alternatives.size() == 1 ? alternatives.getFirst() : anyOf(alternatives),
                        requiredIn.getOrDefault(name, 0) == objects.size())));
        return children;
    }

    private static JsonNode anyOf(List<JsonNode> alternatives) {
        ObjectNode union = JsonNodeFactory.instance.objectNode();
        alternatives.forEach(union.putArray("anyOf")::add);
        return union;
    }

    /** {@code {"type": "object", "properties": {...}}} with at least one property and no others allowed besides. */
    private static boolean isObjectWithKnownProperties(JsonNode schema) {
        if (!schema.isObject() || !"object".equals(schema.path("type").asText(null))) {
            return false;
        }
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        return properties != null && properties.isObject() && !properties.isEmpty()
                && (additional == null || additional.isBoolean() && !additional.booleanValue())
                && !schema.has("patternProperties") && !schema.has("propertyNames")
                && SchemaColumns.map(schema).type() == ColumnType.JSON; // not a $integer, $float or $bytes
    }

    /** Whether a union member that is not an object of known properties could still be an object: any, a record. */
    private static boolean mayHoldUnknownObject(JsonNode schema) {
        if (!schema.isObject()) {
            return true; // the schema true: anything
        }
        if (schema.has("const")) {
            return false;
        }
        JsonNode type = schema.get("type");
        if (type == null) {
            // a nested union, an enum of strings, or no constraint at all
            return !schema.has("enum");
        }
        return "object".equals(type.asText(null)) && SchemaColumns.map(schema).type() == ColumnType.JSON;
    }

    StreamSchema schema() {
        return schema;
    }

    /** Whether a document's top-level field has a place among the columns (itself, or its properties). */
    boolean knowsField(String field) {
        return flattened.containsKey(field) || paths.containsKey(field) && paths.get(field).property() == null;
    }

    /**
     * The document's values for {@code columns} (some or all of {@link #schema()}'s), decoded in
     * {@code decoder}'s format.
     *
     * @throws RejectedValueException naming the column or the flattened field, not yet located at the document
     */
    Object[] values(JsonNode document, List<Column> columns, ValueDecoder decoder) {
        checkFlattenedFields(document);
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            Column column = columns.get(i);
            values[i] = decoder.decode(valueOf(document, column.name()), column);
        }
        return values;
    }

    /** The document's value for {@code column}: null or a missing node when it has none. */
    private JsonNode valueOf(JsonNode document, String column) {
        FieldPath path = paths.get(column);
        JsonNode field = document.get(path.field());
        if (path.property() == null || field == null) {
            return field;
        }
        return field.isObject() ? field.get(path.property()) : null;
    }

    /**
     * Refuses a document whose flattened field is neither null (or absent) nor an object, or is an
     * object with a property the schema did not list.
     */
    private void checkFlattenedFields(JsonNode document) {
        for (Map.Entry<String, Set<String>> field : flattened.entrySet()) {
            JsonNode value = document.get(field.getKey());
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isObject() || ConvexJsonDecoder.tagOf(value) != null) {
                throw new RejectedValueException(field.getKey(), "flatten: true reads this field's properties into columns "
                        + field.getKey() + "_*, and it holds no object but " + RejectedValueException.shorten(value));
            }
            for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                String property = names.next();
                if (!field.getValue().contains(property)) {
                    throw new RejectedValueException(field.getKey(), "property " + property + " is not among those the "
                            + "table's schema listed when the read started (" + field.getValue().stream().sorted().toList()
                            + "), so it has no column " + field.getKey() + "_" + property + "; run again so that the schema "
                            + "is read anew");
                }
            }
        }
    }
}
