package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.StreamSchema;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of a table {@code json_schemas} describes with no properties, inferred from the
 * documents of its first snapshot page (up to 1,024, in the {@code convex_encoded_json} format).
 *
 * <p>The rule: a field seen in those documents becomes a column, in the order first seen; its type
 * is the one type its non-null values have (int64 → BIGINT, float64 → DOUBLE, boolean, string →
 * TEXT, bytes → BINARY, object or array → JSON), or JSON when they have more than one; every such
 * column is nullable, since later documents may lack the field. A field that appears only in later
 * documents is not a column: the read then fails naming it (never drops it), and a new discovery
 * sees it. A field whose values are all null is JSON.
 */
final class SnapshotInference {

    private SnapshotInference() {
    }

    static StreamSchema infer(String table, JsonNode documents) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        for (JsonNode document : documents) {
            for (Iterator<Map.Entry<String, JsonNode>> it = document.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = field.getKey();
                if (name.equals(SchemaColumns.ID) || name.equals(SchemaColumns.CREATION_TIME)
                        || SchemaColumns.EXPORT_FIELDS.contains(name)) {
                    continue;
                }
                ColumnType type = typeOf(field.getValue());
                if (type == null) {
                    types.putIfAbsent(name, null); // a null fits any type; the order of first sight is kept
                } else {
                    types.merge(name, type, SnapshotInference::combine); // replaces a null as well
                }
            }
        }
        List<Column> columns = SchemaColumns.systemColumns();
        types.forEach((name, type) -> columns.add(Column.of(name, type == null ? ColumnType.JSON : type)));
        return new StreamSchema(table, columns, List.of(SchemaColumns.ID));
    }

    /** The column type one value asks for; null for a null, which fits any. */
    static ColumnType typeOf(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return ColumnType.BOOLEAN;
        }
        if (value.isNumber()) {
            return ColumnType.DOUBLE;
        }
        if (value.isTextual()) {
            return ColumnType.TEXT;
        }
        String tag = ConvexJsonDecoder.tagOf(value);
        if (tag != null) {
            return switch (tag) {
                case "$integer" -> ColumnType.BIGINT;
                case "$float" -> ColumnType.DOUBLE;
                default -> ColumnType.BINARY;
            };
        }
        return ColumnType.JSON;
    }

    private static ColumnType combine(ColumnType seen, ColumnType next) {
        return seen == next ? seen : ColumnType.JSON;
    }
}
