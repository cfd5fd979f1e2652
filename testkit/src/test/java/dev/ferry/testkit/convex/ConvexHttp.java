package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A small client for the tests: sends JSON, returns status, headers and parsed body. */
final class ConvexHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String key;

    ConvexHttp(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    ConvexHttp withKey(String otherKey) {
        return new ConvexHttp(baseUrl, otherKey);
    }

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
        String code() {
            return body.path("code").asText();
        }
    }

    Response get(String pathAndQuery) {
        return send("GET", pathAndQuery, null);
    }

    Response send(String method, String pathAndQuery, Object body) {
        try {
            return sendOrThrow(method, pathAndQuery, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response sendOrThrow(String method, String pathAndQuery, Object body) throws IOException {
        byte[] bytes = body == null ? new byte[0]
                : body instanceof byte[] raw ? raw
                : body instanceof String text ? text.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : JSON.writeValueAsBytes(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Convex " + key);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), parsed, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
