package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;

/** How values cross the HTTP boundary: the export APIs' {@code format} parameter. */
public interface ValueFormat {

    JsonNode encode(ConvexValue value);

    /**
     * Reads a value sent by a client. Convex documents that its clean {@code json} format "does not
     * support all Convex data types as input"; both codecs here read plain JSON numbers as float64.
     */
    ConvexValue decode(JsonNode json);

    /**
     * The format named by a {@code format} parameter: absent or {@code json} is the clean format,
     * {@code convex_encoded_json} or its alias {@code convex_json} the encoded one.
     */
    static ValueFormat named(String name) {
        if (name == null || name.isEmpty() || name.equals("json")) {
            return CleanJsonFormat.INSTANCE;
        }
        if (name.equals("convex_encoded_json") || name.equals("convex_json")) {
            return ConvexEncodedJsonFormat.INSTANCE;
        }
        throw new ConvexHttpException(400, "InvalidFormat",
                "format '" + name + "' is not one of json, convex_encoded_json, convex_json");
    }
}
