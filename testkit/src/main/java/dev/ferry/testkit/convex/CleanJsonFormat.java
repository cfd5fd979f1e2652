package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code json} export format (the default): int64 as a base-10 string, bytes as a base64 string,
 * NaN and the infinities as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 * The format is lossy by design (an int64 and a string look alike); a reader needs the schema.
 * Choice: -0.0 is written as the JSON number {@code -0.0}, which JSON can carry.
 */
public final class CleanJsonFormat implements ValueFormat {

    public static final CleanJsonFormat INSTANCE = new CleanJsonFormat();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CleanJsonFormat() {
    }

    @Override
    public JsonNode encode(ConvexValue value) {
        return switch (value) {
            case ConvexValue.Null n -> NODES.nullNode();
            case ConvexValue.Int64 i -> NODES.textNode(Long.toString(i.value()));
            case ConvexValue.Float64 f -> encodeFloat(f.value());
            case ConvexValue.Bool b -> NODES.booleanNode(b.value());
            case ConvexValue.Str s -> NODES.textNode(s.value());
            case ConvexValue.Bytes b -> NODES.textNode(Base64.getEncoder().encodeToString(b.value()));
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

    private static JsonNode encodeFloat(double value) {
        if (Double.isNaN(value)) {
            return NODES.textNode("NaN");
        }
        if (Double.isInfinite(value)) {
            return NODES.textNode(value > 0 ? "Infinity" : "-Infinity");
        }
        return NODES.numberNode(value);
    }

    /** Plain JSON in: numbers become float64 (Convex's JavaScript view of a JSON number). */
    @Override
    public ConvexValue decode(JsonNode json) {
        return decodePlain(json, this::decode);
    }

    /**
     * Plain JSON as Convex takes it, array elements and object fields through {@code nested}, so a
     * format with tagged values decodes those inside arrays and objects too.
     */
    static ConvexValue decodePlain(JsonNode json, java.util.function.Function<JsonNode, ConvexValue> nested) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return ConvexValue.nullValue();
        }
        if (json.isBoolean()) {
            return ConvexValue.bool(json.booleanValue());
        }
        if (json.isNumber()) {
            return ConvexValue.float64(json.doubleValue());
        }
        if (json.isTextual()) {
            return ConvexValue.string(json.textValue());
        }
        if (json.isArray()) {
            List<ConvexValue> elements = new ArrayList<>();
            json.forEach(element -> elements.add(nested.apply(element)));
            return new ConvexValue.Array(elements);
        }
        Map<String, ConvexValue> fields = new LinkedHashMap<>();
        json.fields().forEachRemaining(field -> fields.put(field.getKey(), nested.apply(field.getValue())));
        return ConvexValue.object(fields);
    }
}
