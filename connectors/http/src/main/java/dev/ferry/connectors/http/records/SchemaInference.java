package dev.ferry.connectors.http.records;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.ColumnType;
import dev.ferry.connectors.http.definition.FieldDefinition;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Columns for a stream whose definition declares none, from sampled records: every top-level field
 * seen, in the order first seen, typed by what its values are. Whole numbers are integers, other
 * numbers decimals, true/false booleans, objects and arrays JSON; strings stay text (a string that
 * looks like a date is not guessed into one, so its value arrives as sent). A field whose values
 * disagree (a number in one record, text in another) is text when all are scalars, else JSON; a
 * field only ever null is text.
 */
public final class SchemaInference {
    private SchemaInference() {
    }

    public static List<FieldDefinition> infer(List<JsonNode> sample) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        for (JsonNode record : sample) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = record.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                ColumnType seen = typeOf(field.getValue());
                // A null value in the map: the field was seen, only ever null so far.
                ColumnType had = types.get(field.getKey());
                types.put(field.getKey(), had == null ? seen : seen == null ? had : join(had, seen));
            }
        }
        List<FieldDefinition> fields = new ArrayList<>();
        types.forEach((name, type) -> fields.add(new FieldDefinition(name, type == null ? ColumnType.TEXT : type,
                "/" + name.replace("~", "~0").replace("/", "~1"))));
        return fields;
    }

    /** The type a value suggests; null for null, which suggests nothing. */
    private static ColumnType typeOf(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return ColumnType.BOOLEAN;
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? ColumnType.BIGINT : ColumnType.DECIMAL;
        }
        if (value.isNumber()) {
            return ColumnType.DECIMAL;
        }
        if (value.isTextual()) {
            return ColumnType.TEXT;
        }
        return ColumnType.JSON;
    }

    private static ColumnType join(ColumnType had, ColumnType now) {
        if (had == now) {
            return had;
        }
        boolean numbers = (had == ColumnType.BIGINT || had == ColumnType.DECIMAL) && (now == ColumnType.BIGINT || now == ColumnType.DECIMAL);
        if (numbers) {
            return ColumnType.DECIMAL;
        }
        if (had == ColumnType.JSON || now == ColumnType.JSON) {
            return ColumnType.JSON;
        }
        return ColumnType.TEXT;
    }
}
