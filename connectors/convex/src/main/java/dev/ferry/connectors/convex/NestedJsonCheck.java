package dev.ferry.connectors.convex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.RejectedValueException;

import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * A JSON column's text as the value Convex will store, checked against what Convex documents for
 * values: field names nonempty and not starting with {@code $} or {@code _}, at most 1,024 fields
 * an object, 8,192 elements an array, 16 levels of nesting. Integers are read exactly and refused
 * beyond 2^53 in magnitude, where Convex's float64 would round them; other numbers keep their
 * digits in the body and Convex reads them as float64, as any JavaScript reader of JSON does.
 */
final class NestedJsonCheck {
    static final int MAX_ARRAY_ELEMENTS = 8192;
    static final int MAX_DEPTH = 16;
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final BigInteger MAX_EXACT = BigInteger.valueOf(ImportValueEncoder.MAX_EXACT_FLOAT_INTEGER);

    private NestedJsonCheck() {
    }

    static JsonNode parse(String column, String text) {
        JsonNode value;
        try {
            value = EXACT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RejectedValueException(column, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (value == null || value.isMissingNode()) {
            throw new RejectedValueException(column, "empty text is not a JSON value");
        }
        check(column, value, "$", 1);
        return value;
    }

    private static void check(String column, JsonNode node, String path, int depth) {
        if (depth > MAX_DEPTH && node.isContainerNode()) {
            throw new RejectedValueException(column, "JSON at " + path + " nests deeper than Convex's " + MAX_DEPTH + " levels");
        }
        if (node.isIntegralNumber() && node.bigIntegerValue().abs().compareTo(MAX_EXACT) > 0) {
            throw new RejectedValueException(column, "JSON number " + node.bigIntegerValue() + " at " + path
                    + " is beyond 2^53 in magnitude; Convex would store it as a float64, rounded");
        }
        if (node.isArray()) {
            if (node.size() > MAX_ARRAY_ELEMENTS) {
                throw new RejectedValueException(column, "JSON array at " + path + " has " + node.size()
                        + " elements; Convex arrays hold at most " + MAX_ARRAY_ELEMENTS);
            }
            for (int i = 0; i < node.size(); i++) {
                check(column, node.get(i), path + "[" + i + "]", depth + 1);
            }
        } else if (node.isObject()) {
            if (node.size() > ConvexNames.MAX_FIELDS) {
                throw new RejectedValueException(column, "JSON object at " + path + " has " + node.size()
                        + " fields; Convex objects hold at most " + ConvexNames.MAX_FIELDS);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String problem = ConvexNames.fieldNameProblem(field.getKey());
                if (problem != null) {
                    throw new RejectedValueException(column, "JSON field \"" + field.getKey() + "\" at " + path + ": " + problem);
                }
                check(column, field.getValue(), path + "." + field.getKey(), depth + 1);
            }
        }
    }
}
