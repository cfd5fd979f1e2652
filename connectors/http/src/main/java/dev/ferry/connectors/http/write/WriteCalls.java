package dev.ferry.connectors.http.write;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.connectors.http.call.ApiRequest;
import dev.ferry.connectors.http.definition.BodyTemplate;
import dev.ferry.connectors.http.definition.Template;
import dev.ferry.connectors.http.paging.QueryUris;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders a write's request for one record: its path, query and body from the templates. */
public final class WriteCalls {
    private final String baseUrl;
    private final Map<String, String> headers;

    /** @param headers the write's own headers, rendered */
    public WriteCalls(String baseUrl, Map<String, String> headers) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.headers = Map.copyOf(headers);
    }

    ApiRequest request(String method, Template path, Map<String, Template> query, JsonNode body, WriteScope scope) {
        String rendered = path.require(scope, WriteCalls::pathSegment);
        URI uri = URI.create(rendered.startsWith("http://") || rendered.startsWith("https://") ? rendered
                : baseUrl + (rendered.startsWith("/") ? rendered : "/" + rendered));
        Map<String, String> params = new LinkedHashMap<>();
        query.forEach((name, template) -> template.render(scope, text -> text).ifPresent(value -> params.put(name, value)));
        JsonNode json = body == null ? null : BodyTemplate.render(body, scope, scope::typed);
        return new ApiRequest(method, QueryUris.with(uri, params), headers, json == null ? null : json.toString());
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
