package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * The {@code convex_encoded_json} format (alias {@code convex_json}): int64 as
 * {@code {"$integer": base64 of 8 little-endian bytes}}, bytes as {@code {"$bytes": base64}}, and
 * floats JSON cannot carry (NaN, the infinities, -0.0) as {@code {"$float": base64 of 8
 * little-endian bytes}}; every other value as plain JSON. Choice: -0.0 counts as a special float,
 * since a JSON number -0 is read back as 0 by many parsers.
 */
public final class ConvexEncodedJsonFormat implements ValueFormat {

    public static final ConvexEncodedJsonFormat INSTANCE = new ConvexEncodedJsonFormat();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConvexEncodedJsonFormat() {
    }

    @Override
    public JsonNode encode(ConvexValue value) {
        return switch (value) {
            case ConvexValue.Null n -> NODES.nullNode();
            case ConvexValue.Int64 i -> tagged("$integer", littleEndian(i.value()));
            case ConvexValue.Float64 f -> isSpecial(f.value())
                    ? tagged("$float", littleEndian(Double.doubleToRawLongBits(f.value())))
                    : NODES.numberNode(f.value());
            case ConvexValue.Bool b -> NODES.booleanNode(b.value());
            case ConvexValue.Str s -> NODES.textNode(s.value());
            case ConvexValue.Bytes b -> tagged("$bytes", b.value());
            case ConvexValue.Array a -> {
                ArrayNode array = NODES.arrayNode();
                a.elements().forEach(element -> array.add(encode(element)));
                yield array;
            }
            case ConvexValue.Obj o -> {
                ObjectNode object = NODES.objectNode();
                o.fields().forEach((name, field) -> object.set(name, encode(field)));
                yield object;
            }
        };
    }

    private static boolean isSpecial(double value) {
        return Double.isNaN(value) || Double.isInfinite(value)
                || Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(-0.0);
    }

    private static ObjectNode tagged(String tag, byte[] payload) {
        ObjectNode node = NODES.objectNode();
        node.put(tag, Base64.getEncoder().encodeToString(payload));
        return node;
    }

    private static byte[] littleEndian(long bits) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(bits).array();
    }

    @Override
    public ConvexValue decode(JsonNode json) {
        if (json != null && json.isObject() && json.size() == 1) {
            String tag = json.fieldNames().next();
            JsonNode payload = json.get(tag);
            switch (tag) {
                case "$integer" -> { return ConvexValue.int64(readLong(tag, payload)); }
                case "$float" -> { return ConvexValue.float64(Double.longBitsToDouble(readLong(tag, payload))); }
                case "$bytes" -> { return ConvexValue.bytes(base64(tag, payload)); }
                default -> { }
            }
        }
        return CleanJsonFormat.decodePlain(json, this::decode);
    }

    private static long readLong(String tag, JsonNode payload) {
        byte[] bytes = base64(tag, payload);
        if (bytes.length != 8) {
            throw new ConvexHttpException(400, "BadConvexValue", tag + " must hold 8 bytes, got " + bytes.length);
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static byte[] base64(String tag, JsonNode payload) {
        if (payload == null || !payload.isTextual()) {
            throw new ConvexHttpException(400, "BadConvexValue", tag + " must be a base64 string, got " + payload);
        }
        try {
            return Base64.getDecoder().decode(payload.textValue());
        } catch (IllegalArgumentException e) {
            throw new ConvexHttpException(400, "BadConvexValue", tag + " is not base64: " + e.getMessage());
        }
    }
}
