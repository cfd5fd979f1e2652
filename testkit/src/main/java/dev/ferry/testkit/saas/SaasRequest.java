package dev.ferry.testkit.saas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request as a route sees it.
 *
 * @param route the pattern of the route it matched, e.g. {@code /contacts/{contactId}}
 * @param pathParameters the values of the pattern's {@code {names}}, decoded
 * @param headers header names in lower case (HTTP names are case-insensitive)
 */
public record SaasRequest(String method, String path, String rawQuery, Map<String, String> query,
                          Map<String, List<String>> headers, byte[] body, String route,
                          Map<String, String> pathParameters, Instant receivedAt) {

    public static final ObjectMapper JSON = new ObjectMapper();

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    /** A query parameter, or null; a name given twice keeps its first value. */
    public String queryParameter(String name) {
        return query.get(name);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body as JSON; an empty body reads as {@code {}}. A body that is not JSON throws
     * {@link SaasHttpException} with the answer {@code invalidJson} gives, since each API words
     * that error its own way.
     */
    public JsonNode json(java.util.function.Function<String, SaasResponse> invalidJson) {
        if (body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new SaasHttpException(invalidJson.apply("The body is not JSON: " + e.getMessage()));
        }
    }

    /** The body as {@code application/x-www-form-urlencoded} fields (OAuth token requests). */
    public Map<String, String> form() {
        return parseQuery(bodyText());
    }

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
