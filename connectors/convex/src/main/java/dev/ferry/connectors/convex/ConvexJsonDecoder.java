package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * The export API's {@code convex_encoded_json} format, the one reads ask for: int64 as
 * {@code {"$integer": base64 of its 8 little-endian bytes}}, bytes as {@code {"$bytes": base64}},
 * and floats JSON numbers cannot carry (NaN, the infinities, and -0.0, which many parsers read back
 * as 0) as {@code {"$float": base64 of the 8 little-endian bytes of the IEEE double}}; everything
 * else is plain JSON.
 *
 * <p>Why this format: every Convex type has its own spelling, so an int64 never passes for a float
 * or a string, NaN and the infinities arrive as the exact bits, and bytes are never mistaken for
 * text. For the same reason a {@link dev.ferry.api.ColumnType#JSON} column (a nested object, an
 * array, a field whose type varies between documents) holds the value in this encoding: an int64
 * nested in an object keeps its {@code $integer} tag instead of becoming a string of digits, so the
 * text says exactly which value and which type Convex held. Ordinary numbers, strings, booleans
 * and nulls read as the plain JSON they are.
 */
final class ConvexJsonDecoder extends ValueDecoder {
    static final ConvexJsonDecoder INSTANCE = new ConvexJsonDecoder();

    private ConvexJsonDecoder() {
    }

    @Override
    String formatName() {
        return "convex_encoded_json";
    }

    @Override
    long int64(JsonNode value, String column) {
        byte[] bits = tagged(value, "$integer", column, "an int64 ({\"$integer\": base64 of 8 bytes})");
        if (bits.length != 8) {
            throw mismatch(column, "an int64 of 8 bytes", value);
        }
        return ByteBuffer.wrap(bits).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Override
    double float64(JsonNode value, String column) {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        byte[] bits = tagged(value, "$float", column, "a float64 (a number or {\"$float\": base64 of 8 bytes})");
        if (bits.length != 8) {
            throw mismatch(column, "a float64 of 8 bytes", value);
        }
        return ByteBuffer.wrap(bits).order(ByteOrder.LITTLE_ENDIAN).getDouble();
    }

    @Override
    byte[] bytes(JsonNode value, String column) {
        return tagged(value, "$bytes", column, "bytes ({\"$bytes\": base64})");
    }

    /** The decoded payload of {@code {"<tag>": "<base64>"}}, the object holding that one field only. */
    private static byte[] tagged(JsonNode value, String tag, String column, String expected) {
        JsonNode payload = value.isObject() && value.size() == 1 ? value.get(tag) : null;
        if (payload == null || !payload.isTextual()) {
            throw mismatch(column, expected, value);
        }
        try {
            return Base64.getDecoder().decode(payload.textValue());
        } catch (IllegalArgumentException e) {
            throw mismatch(column, expected, value);
        }
    }

    /** The Convex type a tagged object stands for ({@code $integer}, {@code $float}, {@code $bytes}), or null. */
    static String tagOf(JsonNode value) {
        if (value != null && value.isObject() && value.size() == 1) {
            String name = value.fieldNames().next();
            if (name.equals("$integer") || name.equals("$float") || name.equals("$bytes")) {
                return name;
            }
        }
        return null;
    }
}
