package dev.ferry.server.security;

import dev.ferry.server.ApiClient;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bodies over the size limit get 413 naming it; unknown JSON fields get 400 naming the field, on every JSON route. */
class RequestBodyTest {
    private static final long LIMIT = 4096;

    @TempDir
    Path folder;

    private TestServer start() {
        return TestServer.start(folder, settings -> settings.withMaxBodyBytes(LIMIT));
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413NamingTheLimitAndOneUnderItIsRead() {
        try (TestServer server = start()) {
            ApiClient admin = server.as(Role.ADMIN);
            String padding = " ".repeat((int) LIMIT);
            ApiClient.Response tooLarge = admin.post("/api/tokens", "{\"name\": \"big\", \"role\": \"viewer\"}" + padding);
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.json().get("error").get("code").asText()).isEqualTo("body_too_large");
            assertThat(tooLarge.json().get("error").get("message").asText()).contains("4096 bytes");
            assertThat(tooLarge.json().get("error").get("details").get("limitBytes").asLong()).isEqualTo(LIMIT);
            assertThat(admin.get("/api/tokens").body()).doesNotContain("\"big\"");

            // Refused before authentication: a large body costs an anonymous sender nothing but a 413.
            assertThat(server.anonymous().post("/api/tokens", padding + padding).status()).isEqualTo(413);

            String fits = "{\"name\": \"fits\", \"role\": \"viewer\"}" + " ".repeat((int) LIMIT - 100);
            assertThat(admin.post("/api/tokens", fits).status()).isEqualTo(201);
        }
    }

    @Test
    void aChunkedBodyWithoutALengthIsCutOffAtTheLimit() throws IOException, InterruptedException {
        try (TestServer server = start()) {
            byte[] body = ("{\"name\": \"chunked\", \"role\": \"viewer\"}" + " ".repeat((int) LIMIT * 4)).getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.server().url() + "/api/tokens"))
                    .header("Authorization", "Bearer " + server.token(Role.ADMIN))
                    .header("Content-Type", "application/json")
                    // An input stream has no known length: the client sends it chunked.
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                    .build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
            assertThat(response.body()).contains("body_too_large").contains("4096 bytes")
                    // The length was not declared, so it was counted while read: the message cannot say it.
                    .contains("The request body is larger");
            assertThat(server.as(Role.ADMIN).get("/api/tokens").body()).doesNotContain("chunked");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "POST | /api/pipelines/any/runs | {\"streams\": [], \"fullRefresh\": false, \"fullRefrseh\": true} | fullRefrseh",
            "POST | /api/tokens             | {\"name\": \"n\", \"role\": \"viewer\", \"roles\": \"admin\"}    | roles",
    })
    void anUnknownFieldIsA400NamingIt(String method, String path, String body, String field) {
        try (TestServer server = start()) {
            ApiClient.Response response = server.as(Role.ADMIN).send(method, path, body);
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.json().get("error").get("code").asText()).isEqualTo("unknown_field");
            assertThat(response.json().get("error").get("details").get("field").asText()).isEqualTo(field);
            assertThat(response.json().get("error").get("message").asText()).contains("'" + field + "'");
        }
    }

    @Test
    void aBodyOfJustNullIsA400NotAFailure() {
        try (TestServer server = TestServer.start(folder)) {
            for (String path : new String[] {"/api/tokens", "/api/pipelines/any/runs"}) {
                ApiClient.Response response = server.as(Role.ADMIN).post(path, "null");
                assertThat(response.status()).as(path + ": " + response).isEqualTo(400);
                assertThat(response.json().get("error").get("message").asText()).contains("JSON object");
            }
        }
    }
}
