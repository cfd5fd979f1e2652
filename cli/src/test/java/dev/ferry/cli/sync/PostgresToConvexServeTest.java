package dev.ferry.cli.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.server.FerryServer;
import dev.ferry.server.ServerSettings;
import dev.ferry.server.auth.Role;
import dev.ferry.testkit.TestPostgres;
import dev.ferry.testkit.convex.FakeConvex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code examples/postgres-to-convex} pipeline served by {@code ferry serve}, as team 2 runs it:
 * the upstream job calls the trigger with an operator's bearer token when it has filled
 * PostgreSQL, the run mirrors the tables into Convex (the testkit's fake), and the health checks
 * answer without a token. The file is the shipped one with only its two URLs pointed at the test
 * database and the fake; its secrets come from the server's environment, as in production.
 */
class PostgresToConvexServeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theUpstreamTriggerRunsTheMirrorAndHealthAnswersWithoutAToken() throws Exception {
        String fieldops = TestPostgres.freshDatabase("team2_serve");
        SyncFixture.execute(fieldops, Files.readString(PostgresToConvexExampleTest.example("schema.sql")),
                PostgresToConvexExampleTest.testRows());
        Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
        try (FakeConvex fake = FakeConvex.start()) {
            Files.writeString(pipelines.resolve("pipeline.yml"), PostgresToConvexExampleTest.pointAt(
                    Files.readString(PostgresToConvexExampleTest.example("pipeline.yml")), fieldops, fake.url()));
            ServerSettings settings = ServerSettings.defaults().withPort(0).withPipelinesFolder(pipelines)
                    .withDataFolder(dir.resolve("data"))
                    // The test polls for the run's end; the upstream job itself makes one request.
                    .withRateLimit(new ServerSettings.RateLimit(1_000_000, 100_000))
                    .withState(new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null))
                    .withEnvironment(Map.of("CONVEX_DEPLOY_KEY", fake.deployKey(),
                            "CONVEX_SYNC_AUTH_KEY", fake.mutationAuthKey()));
            try (FerryServer server = FerryServer.start(settings)) {
                String upstreamJob = server.parts().tokens().create("upstream-job", Role.OPERATOR).value();
                String base = server.url();

                assertThat(get(base + "/health", null).statusCode()).isEqualTo(200);
                assertThat(get(base + "/ready", null).statusCode()).isEqualTo(200);
                assertThat(get(base + "/api/runs", null).statusCode()).as("the API itself needs a token").isEqualTo(401);
                JsonNode pipeline = JSON.readTree(get(base + "/api/pipelines/postgres-to-convex", upstreamJob).body());
                assertThat(pipeline.path("valid").asBoolean()).as(pipeline.toString()).isTrue();

                HttpResponse<String> trigger = HTTP.send(HttpRequest.newBuilder(
                                URI.create(base + "/api/pipelines/postgres-to-convex/trigger"))
                        .header("Authorization", "Bearer " + upstreamJob).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(trigger.statusCode()).as(trigger.body()).isEqualTo(202);
                assertThat(JSON.readTree(trigger.body()).path("status").asText()).isEqualTo("queued");

                JsonNode run = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                        .until(() -> finishedRun(base, upstreamJob), node -> node != null);
                assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
                assertThat(run.path("trigger").asText()).isEqualTo("trigger:upstream-job");
                for (String table : PostgresToConvexExampleTest.TABLES) {
                    assertThat(fake.documents(table)).as(table).isNotEmpty();
                }
                assertThat(PostgresToConvexExampleTest.TABLES.stream().mapToInt(t -> fake.documents(t).size()).sum())
                        .isEqualTo(60_000);

                HttpResponse<String> metrics = get(base + "/metrics", upstreamJob);
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body()).containsPattern(
                        "(?m)^ferry_pipeline_last_success_seconds\\{pipeline=\"postgres-to-convex\"[^}]*} [0-9.E]+$");
                JsonNode schedules = JSON.readTree(get(base + "/api/schedules", upstreamJob).body());
                assertThat(schedules.toString()).contains("postgres-to-convex").contains("every");
            }
        }
    }

    /** The pipeline's last run once it has ended, or null while there is none or it still runs. */
    private static JsonNode finishedRun(String base, String token) throws Exception {
        JsonNode runs = JSON.readTree(get(base + "/api/runs?pipeline=postgres-to-convex", token).body());
        for (JsonNode run : runs.path("items")) {
            String status = run.path("status").asText();
            if (!status.equals("RUNNING") && !status.equals("QUEUED")) {
                return run;
            }
        }
        return null;
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
