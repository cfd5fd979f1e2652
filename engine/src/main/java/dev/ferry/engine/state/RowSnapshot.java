package dev.ferry.engine.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.FerryException;
import dev.ferry.api.StreamSchema;

import java.util.ArrayList;
import java.util.List;

/**
 * A row as the source gave it, column by column with each column's type and exact text, so it can
 * be stored as JSON and read back to equal values: a retry then runs the very row through the
 * transforms again. Decimals keep their scale, timestamps their nanoseconds and offsets, binary values
 * their bytes (Base64).
 */
public record RowSnapshot(List<Field> fields) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One column's value; {@code text} is null for SQL NULL. */
    public record Field(String name, ColumnType type, String text) {
    }

    public RowSnapshot {
        fields = List.copyOf(fields);
    }

    /** The row {@code values}, in {@code schema}'s column order. */
    public static RowSnapshot of(StreamSchema schema, Object[] values) {
        List<Field> fields = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            Column column = schema.columns().get(i);
            Object value = values[i];
            fields.add(new Field(column.name(), column.type(),
                    value == null ? null : CheckpointCodec.valueText(column.type(), value)));
        }
        return new RowSnapshot(fields);
    }

    /**
     * The values for {@code schema}, matched by column name. A column the schema has and the row does
     * not, or one whose type changed since the row was stored, cannot be given exactly: the error
     * names it, for the caller to locate.
     */
    public Object[] valuesFor(StreamSchema schema) {
        Object[] values = new Object[schema.columns().size()];
        for (int i = 0; i < values.length; i++) {
            Column column = schema.columns().get(i);
            Field field = field(column.name());
            if (field == null) {
                throw new FerryException("column " + column.name() + " was not in the stream when the row was set aside");
            }
            if (field.type() != column.type()) {
                throw new FerryException("column " + column.name() + " was " + field.type() + " when the row was set aside and is "
                        + column.type() + " now");
            }
            values[i] = field.text() == null ? null : CheckpointCodec.parseValue(field.type(), field.text());
        }
        return values;
    }

    private Field field(String name) {
        for (Field field : fields) {
            if (field.name().equals(name)) {
                return field;
            }
        }
        return null;
    }

    /** {@code {"columns":[{"name":"id","type":"INTEGER","value":"7"}, ...]}}. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode columns = root.putArray("columns");
        for (Field field : fields) {
            ObjectNode node = columns.addObject();
            node.put("name", field.name());
            node.put("type", field.type().name());
            if (field.text() == null) {
                node.putNull("value");
            } else {
                node.put("value", field.text());
            }
        }
        return root.toString();
    }

    public static RowSnapshot fromJson(String json) {
        try {
            JsonNode columns = JSON.readTree(json).path("columns");
            List<Field> fields = new ArrayList<>();
            for (JsonNode node : columns) {
                JsonNode value = node.get("value");
                fields.add(new Field(node.get("name").asText(), ColumnType.valueOf(node.get("type").asText()),
                        value == null || value.isNull() ? null : value.asText()));
            }
            return new RowSnapshot(fields);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new FerryException("A quarantined row cannot be read: " + e.getMessage(), e);
        }
    }
}
