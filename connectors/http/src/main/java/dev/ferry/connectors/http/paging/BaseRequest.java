package dev.ferry.connectors.http.paging;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * A stream's request with its templates rendered for one parent, window and starting point: what
 * every page of it shares before paging adds its own parameters.
 *
 * @param headers the stream's own headers, rendered
 * @param body    a JSON body, or null; pages that carry their cursor in the body get a copy each
 */
public record BaseRequest(String method, URI uri, Map<String, String> headers, ObjectNode body) {
    public BaseRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
    }
}
