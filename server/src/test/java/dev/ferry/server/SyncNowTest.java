package dev.ferry.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.server.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SyncNowTest {

    @TempDir
    Path folder;

    @Test
    void syncNowRunsThePipelineAndTheRunShowsItsCounts() {
        Path source = folder.resolve("source.db");
        Path destination = folder.resolve("destination.db");
        SqlitePipelines.sourceWithItems(source, 250);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "items-copy", source, destination, "");
            return settings;
        })) {
            ApiClient operator = server.as(Role.OPERATOR);
            ApiClient.Response started = operator.post("/api/pipelines/items-copy/runs", "{}");
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            long runId = started.json().get("runId").asLong();

            JsonNode run = await().atMost(Duration.ofSeconds(30)).until(
                    () -> operator.get("/api/runs/" + runId).json(), body -> !body.get("status").asText().equals("RUNNING"));
            assertThat(run.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(run.get("trigger").asText()).isEqualTo("api:test-operator");
            assertThat(run.get("streams").get(0).get("read").asLong()).isEqualTo(250);
            assertThat(run.get("streams").get(0).get("written").asLong()).isEqualTo(250);
            assertThat(SqlitePipelines.count(destination, "items")).isEqualTo(250);
        }
    }

    @Test
    void aRequestWithoutOrWithAWrongTokenIsRefusedAndAViewerCannotRun() {
        try (TestServer server = TestServer.start(folder)) {
            ApiClient.Response anonymous = server.anonymous().get("/api/pipelines");
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(new ApiClient(server.server().url(), "fy_wrong").get("/api/pipelines").status()).isEqualTo(401);

            ApiClient.Response viewer = server.as(Role.VIEWER).post("/api/pipelines/any/runs", "{}");
            assertThat(viewer.status()).isEqualTo(403);
            assertThat(viewer.json().get("error").get("message").asText()).contains("operator");

            assertThat(server.anonymous().get("/health").status()).isEqualTo(200);
            assertThat(server.anonymous().get("/ready").status()).isEqualTo(200);
        }
    }

    @Test
    void anUnknownFieldIsNamed() {
        try (TestServer server = TestServer.start(folder)) {
            ApiClient.Response response = server.as(Role.OPERATOR).post("/api/pipelines/any/runs", "{\"fullRefreh\": true}");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("error").get("code").asText()).isEqualTo("unknown_field");
            assertThat(response.json().get("error").get("message").asText()).contains("fullRefreh").contains("fullRefresh");
        }
    }
}
