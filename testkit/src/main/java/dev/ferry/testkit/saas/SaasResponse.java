package dev.ferry.testkit.saas;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a fake answers: a status, extra headers and a body (JSON unless a header says otherwise). */
public record SaasResponse(int status, Map<String, String> headers, byte[] body) {

    public SaasResponse {
        headers = Map.copyOf(headers);
    }

    /** Any value Jackson can write (records, maps, {@code JsonNode}) as a JSON body. */
    public static SaasResponse json(int status, Object value) {
        try {
            return new SaasResponse(status, Map.of(), SaasRequest.JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The fake could not write its own answer as JSON", e);
        }
    }

    public static SaasResponse ok(Object value) {
        return json(200, value);
    }

    public SaasResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new SaasResponse(status, more, body);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
