package dev.ferry.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.server.ApiClient;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Creating, listing and revoking tokens through the API, as an admin. */
class TokenApiTest {
    @TempDir
    Path folder;

    @Test
    void aCreatedTokenIsShownOnceWorksWithItsRoleAndStopsWorkingWhenRevoked() {
        try (TestServer server = TestServer.start(folder)) {
            ApiClient admin = server.as(Role.ADMIN);
            ApiClient.Response created = admin.post("/api/tokens", "{\"name\": \"ci-deploy\", \"role\": \"operator\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String value = created.json().get("token").asText();
            assertThat(value).startsWith("fy_").hasSizeGreaterThan(40);
            assertThat(created.json().get("name").asText()).isEqualTo("ci-deploy");
            assertThat(created.json().get("role").asText()).isEqualTo("operator");

            ApiClient ci = new ApiClient(server.server().url(), value);
            assertThat(ci.get("/api/runs").status()).isEqualTo(200);
            assertThat(ci.post("/api/pipelines/none/runs", "{}").status()).isEqualTo(404);
            assertThat(ci.post("/api/reload", null).status()).isEqualTo(403);

            ApiClient.Response listed = admin.get("/api/tokens");
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.body()).doesNotContain(value).doesNotContain("hash").doesNotContain("\"token\"");
            JsonNode ciToken = null;
            for (JsonNode token : listed.json()) {
                if (token.get("name").asText().equals("ci-deploy")) {
                    ciToken = token;
                }
            }
            assertThat(ciToken).isNotNull();
            assertThat(ciToken.get("role").asText()).isEqualTo("operator");
            assertThat(ciToken.get("createdAt").asText()).isNotBlank();
            assertThat(ciToken.get("lastUsedAt").isNull()).as("used just now: " + ciToken).isFalse();
            assertThat(listed.json()).extracting(token -> token.get("name").asText())
                    .containsExactly("ci-deploy", "test-admin", "test-operator", "test-viewer");

            assertThat(admin.delete("/api/tokens/ci-deploy").status()).isEqualTo(204);
            assertThat(ci.get("/api/runs").status()).isEqualTo(401);
            assertThat(admin.delete("/api/tokens/ci-deploy").status()).isEqualTo(404);
            assertThat(admin.get("/api/tokens").body()).doesNotContain("ci-deploy");

            // The name is free again, for a new token with a new value.
            ApiClient.Response again = admin.post("/api/tokens", "{\"name\": \"ci-deploy\", \"role\": \"viewer\"}");
            assertThat(again.status()).isEqualTo(201);
            assertThat(again.json().get("token").asText()).isNotEqualTo(value);
        }
    }

    @Test
    void badRequestsAreRefusedNamingWhatIsWrong() {
        try (TestServer server = TestServer.start(folder)) {
            ApiClient admin = server.as(Role.ADMIN);
            ApiClient.Response badRole = admin.post("/api/tokens", "{\"name\": \"x\", \"role\": \"root\"}");
            assertThat(badRole.status()).isEqualTo(400);
            assertThat(badRole.json().get("error").get("message").asText()).contains("role").contains("viewer, operator, admin");
            ApiClient.Response badName = admin.post("/api/tokens", "{\"name\": \"a name with spaces\", \"role\": \"viewer\"}");
            assertThat(badName.status()).isEqualTo(400);
            assertThat(badName.json().get("error").get("details").get("field").asText()).isEqualTo("name");
            assertThat(admin.post("/api/tokens", "{\"role\": \"viewer\"}").status()).isEqualTo(400);
            assertThat(admin.post("/api/tokens", "").status()).isEqualTo(400);

            ApiClient.Response taken = admin.post("/api/tokens", "{\"name\": \"test-viewer\", \"role\": \"viewer\"}");
            assertThat(taken.status()).isEqualTo(409);
            assertThat(taken.json().get("error").get("code").asText()).isEqualTo("token_exists");

            ApiClient.Response lastAdmin = admin.delete("/api/tokens/test-admin");
            assertThat(lastAdmin.status()).isEqualTo(409);
            assertThat(lastAdmin.json().get("error").get("code").asText()).isEqualTo("last_admin");
            assertThat(admin.get("/api/tokens").status()).isEqualTo(200);

            // With a second admin, the first may go, even by its own hand.
            assertThat(admin.post("/api/tokens", "{\"name\": \"second-admin\", \"role\": \"admin\"}").status()).isEqualTo(201);
            assertThat(admin.delete("/api/tokens/test-admin").status()).isEqualTo(204);
            assertThat(admin.get("/api/tokens").status()).isEqualTo(401);
        }
    }
}
