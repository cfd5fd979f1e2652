package dev.ferry.testkit.saas;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A request a fake received, for assertions.
 *
 * @param route the key of the route it matched ({@code GET /contacts/{contactId}}), or null
 * @param headers header names in lower case
 * @param fault the fault that answered or delayed it, or null
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers, String body,
                              Instant receivedAt, String route, int status, Fault fault) {

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
