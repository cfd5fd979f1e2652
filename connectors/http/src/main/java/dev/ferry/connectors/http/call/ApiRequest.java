package dev.ferry.connectors.http.call;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * One call as a stream makes it, before authentication is added.
 *
 * @param method  {@code GET}, {@code POST}, ...
 * @param uri     the full URL, query included
 * @param headers headers beyond the definition's and the authentication's
 * @param body    a JSON body; null for none
 */
public record ApiRequest(String method, URI uri, Map<String, String> headers, String body) {
    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
    }

    /** The same call with another JSON body. */
    public ApiRequest withBody(String json) {
        return new ApiRequest(method, uri, headers, json);
    }

    public static ApiRequest get(URI uri) {
        return new ApiRequest("GET", uri, Map.of(), null);
    }
}
