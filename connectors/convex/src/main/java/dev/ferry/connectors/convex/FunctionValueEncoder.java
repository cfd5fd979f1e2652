package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.Column;
import dev.ferry.api.RejectedValueException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * A Ferry value as an argument of a Convex function call, in Convex's JSON encoding (the
 * {@code "format": "json"} of the HTTP functions API), which carries what plain JSON cannot:
 * <ul>
 *   <li>integers: with {@code int64} chosen, every SMALLINT, INTEGER and BIGINT as Convex's int64,
 *       {@code {"$integer": <base64 of its 8 bytes, little-endian>}}, exact over the whole range;
 *       otherwise a number (Convex's float64), refused beyond 2^53 in magnitude, never rounded.</li>
 *   <li>DOUBLE, FLOAT: a number; NaN, the infinities and negative zero as
 *       {@code {"$float": <base64 of the IEEE 754 bits, little-endian>}}, as Convex encodes them.</li>
 *   <li>BINARY: Convex bytes, {@code {"$bytes": <base64>}}.</li>
 *   <li>everything else as the import sends it ({@link ImportValueEncoder}): DECIMAL as its exact
 *       digits in a string, dates and times as ISO 8601 strings, JSON as the value itself. A JSON
 *       value cannot be mistaken for an encoded one: its field names never start with {@code $}
 *       ({@link NestedJsonCheck}).</li>
 * </ul>
 */
final class FunctionValueEncoder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final boolean int64;

    FunctionValueEncoder(boolean int64) {
        this.int64 = int64;
    }

    /** The encoded form of a non-null {@code value} of {@code column}; throws {@link RejectedValueException} naming the column. */
    JsonNode encode(Column column, Object value) {
        return switch (column.type()) {
            case SMALLINT, INTEGER, BIGINT -> integer(column, ((Number) value).longValue());
            case FLOAT -> floating(((Float) value).doubleValue());
            case DOUBLE -> floating((Double) value);
            case BINARY -> tagged("$bytes", (byte[]) value);
            default -> ImportValueEncoder.encode(column, value);
        };
    }

    private JsonNode integer(Column column, long value) {
        if (int64) {
            return tagged("$integer", ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
        }
        if (value > ImportValueEncoder.MAX_EXACT_FLOAT_INTEGER || value < -ImportValueEncoder.MAX_EXACT_FLOAT_INTEGER) {
            throw new RejectedValueException(column.name(), value + " is beyond 2^53 in magnitude, where a Convex number "
                    + "(float64) would round it; set the connection's integers: int64 to write Convex int64 values");
        }
        return NODES.numberNode(value);
    }

    private static JsonNode floating(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value) || Double.doubleToRawLongBits(value) == Long.MIN_VALUE) {
            long bits = Double.doubleToRawLongBits(value);
            return tagged("$float", ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(bits).array());
        }
        return NODES.numberNode(value);
    }

    private static ObjectNode tagged(String tag, byte[] bytes) {
        return NODES.objectNode().put(tag, Base64.getEncoder().encodeToString(bytes));
    }
}
