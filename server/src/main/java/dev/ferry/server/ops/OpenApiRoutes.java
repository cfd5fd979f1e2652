package dev.ferry.server.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.server.auth.Role;
import dev.ferry.server.http.ApiRoutes;
import dev.ferry.server.http.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/openapi.json}: the API described in OpenAPI 3.1, written by hand beside the
 * code ({@value #RESOURCE}) and kept true by a test that compares it with the registered routes
 * and their roles. Each operation's {@code x-ferry-role} names the least role it needs.
 *
 * <p>Thread-safe: the document is read once.
 */
public final class OpenApiRoutes {
    static final String RESOURCE = "/dev/ferry/server/openapi.json";

    private final String document;

    public OpenApiRoutes() {
        this.document = load();
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/openapi.json", Role.VIEWER, "This API described in OpenAPI 3.1",
                ctx -> ctx.contentType("application/json").result(document));
    }

    /** The document; read and parsed at start, so a broken one stops the server at once instead of at its first request. */
    private static String load() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The OpenAPI document " + RESOURCE + " is missing from the class path");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Json.MAPPER.readTree(text);
            return text;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The OpenAPI document " + RESOURCE + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the OpenAPI document " + RESOURCE, e);
        }
    }
}
