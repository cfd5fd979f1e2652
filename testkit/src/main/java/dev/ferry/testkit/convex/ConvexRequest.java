package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.io.IOException;
import java.util.Map;

/** A parsed request handed to a route: method, path, query parameters and the raw body. */
record ConvexRequest(String method, String path, Map<String, String> query, byte[] body) {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The body as JSON; an empty body reads as {@code {}}. */
    JsonNode json() {
        if (body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ConvexHttpException(400, "BadJsonBody", "Failed to deserialize the request body: " + e.getMessage());
        }
    }

    /**
     * A parameter from the query string or, for a POST with a JSON object body, from that body
     * (choice: the export routes that accept POST take the same names in the body).
     */
    String param(String name) {
        String fromQuery = query.get(name);
        if (fromQuery != null || !method.equals("POST") || body.length == 0) {
            return fromQuery;
        }
        JsonNode value = json().get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    long longParam(String name) {
        String text = param(name);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ConvexHttpException(400, "InvalidParameter", name + " must be a 64-bit integer, got '" + text + "'");
        }
    }
}
