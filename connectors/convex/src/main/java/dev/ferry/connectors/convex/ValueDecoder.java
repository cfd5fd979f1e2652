package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.Column;
import dev.ferry.api.RejectedValueException;

/**
 * Reads one exported field into its column's Java type, for one of the two value formats of the
 * export API. The two formats share booleans, strings, objects and arrays; they differ in how int64,
 * bytes and the floats JSON cannot carry are written, which is what each subclass says.
 *
 * <p>A value whose shape does not fit its column is rejected (never converted to something else),
 * naming the column; the reader then locates the rejection at the table and the document's {@code _id}.
 */
abstract sealed class ValueDecoder permits CleanJsonDecoder, ConvexJsonDecoder {

    /** The format's name as the export API's {@code format} parameter takes it. */
    abstract String formatName();

    /** An int64 as this format writes it. */
    abstract long int64(JsonNode value, String column);

    /** A float64 as this format writes it, NaN, the infinities and -0.0 included. */
    abstract double float64(JsonNode value, String column);

    /** Bytes as this format writes them. */
    abstract byte[] bytes(JsonNode value, String column);

    /**
     * The text of a {@link dev.ferry.api.ColumnType#JSON} column: the value exactly as this format
     * wrote it, compact (see {@link ConvexJsonDecoder} for why reads use the lossless format).
     */
    String jsonText(JsonNode value) {
        return value.toString();
    }

    /**
     * The field's value for {@code column}: null for a missing field or a JSON null, otherwise an
     * instance of the column type's Java class.
     *
     * @throws RejectedValueException when the value is not one the column's type can hold exactly
     */
    final Object decode(JsonNode value, Column column) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        String name = column.name();
        return switch (column.type()) {
            case BIGINT -> int64(value, name);
            case DOUBLE -> float64(value, name);
            case BINARY -> bytes(value, name);
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw mismatch(name, "a boolean", value);
                }
                yield value.booleanValue();
            }
            case STRING, TEXT -> {
                if (!value.isTextual()) {
                    throw mismatch(name, "a string", value);
                }
                yield value.textValue();
            }
            case TIMESTAMP_TZ -> CreationTime.fromMillis(float64(value, name), name);
            case JSON -> jsonText(value);
            default -> throw new IllegalStateException("Column " + name + ": Convex values never map to " + column.type());
        };
    }

    static RejectedValueException mismatch(String column, String expected, JsonNode found) {
        return new RejectedValueException(column, "expected " + expected + ", found " + RejectedValueException.shorten(found));
    }
}
