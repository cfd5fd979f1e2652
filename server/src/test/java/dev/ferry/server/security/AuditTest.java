package dev.ferry.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.server.ApiClient;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every change and trigger leaves an entry (also refusals), and GET /api/audit filters and pages them. */
class AuditTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path folder;

    private final MutableClock clock = new MutableClock(START);

    @Test
    void changesTriggersAndRefusalsAreRecordedWithWhoWhatWhenWhereAndOutcome() {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 20);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "items", source, folder.resolve("destination.db"), "");
            return settings.withClock(clock);
        })) {
            ApiClient admin = server.as(Role.ADMIN);
            ApiClient operator = server.as(Role.OPERATOR);
            ApiClient viewer = server.as(Role.VIEWER);

            ApiClient.Response started = operator.post("/api/pipelines/items/runs", "{}");
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            long runId = started.json().get("runId").asLong();
            await().atMost(Duration.ofSeconds(30)).until(() -> !operator.get("/api/runs/" + runId).json()
                    .get("status").asText().equals("RUNNING"));
            minute();
            assertThat(operator.post("/api/runs/" + runId + "/cancel", null).status()).isEqualTo(409);
            minute();
            assertThat(operator.post("/api/pipelines/missing/runs", "{}").status()).isEqualTo(404);
            minute();
            assertThat(viewer.post("/api/reload", null).status()).isEqualTo(403);
            minute();
            assertThat(admin.post("/api/reload", null).status()).isEqualTo(200);
            minute();
            assertThat(admin.post("/api/tokens", "{\"name\": \"ci\", \"role\": \"operator\"}").status()).isEqualTo(201);
            assertThat(admin.post("/api/tokens", "{\"name\": \"ci\", \"role\": \"viewer\"}").status()).isEqualTo(409);
            minute();
            assertThat(admin.delete("/api/tokens/ci").status()).isEqualTo(204);
            assertThat(admin.delete("/api/tokens/test-admin").status()).isEqualTo(409);
            // Reads are not changes: none of these leaves an entry.
            viewer.get("/api/pipelines");
            admin.get("/api/tokens");

            JsonNode all = admin.get("/api/audit?limit=100").json();
            assertThat(all.get("total").asLong()).isEqualTo(9);
            assertThat(rows(all)).containsExactly(
                    "test-admin|admin|token.revoke|test-admin|refused",
                    "test-admin|admin|token.revoke|ci|ok",
                    "test-admin|admin|token.create|ci|refused",
                    "test-admin|admin|token.create|ci|ok",
                    "test-admin|admin|pipelines.reload|null|ok",
                    "test-viewer|viewer|POST /api/reload|null|refused",
                    "test-operator|operator|pipeline.run|missing|refused",
                    "test-operator|operator|run.cancel|" + runId + "|refused",
                    "test-operator|operator|pipeline.run|items|ok");
            for (JsonNode entry : all.get("items")) {
                assertThat(entry.get("address").asText()).isEqualTo("127.0.0.1");
                assertThat(Instant.parse(entry.get("at").asText())).isBetween(START, START.plus(Duration.ofMinutes(6)));
            }
            assertThat(all.get("items").get(8).get("detail").asText()).isEqualTo("run " + runId);
            assertThat(all.get("items").get(8).get("at").asText()).isEqualTo("2026-03-01T10:00:00Z");
            assertThat(all.get("items").get(5).get("detail").asText()).contains("status 403 forbidden")
                    .contains("needs the admin role");
            assertThat(all.get("items").get(6).get("detail").asText()).contains("status 404");
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theAuditLogIsFilteredByActorActionTargetOutcomeAndTimeAndPaged(String store) {
        try (TestServer server = TestServer.start(folder, settings -> store.equals("sqlite") ? settings.withClock(clock)
                : settings.withClock(clock).withState(new StateConfig(TestPostgres.freshDatabase("ferry_audit"), null, null)))) {
            ApiClient admin = server.as(Role.ADMIN);
            for (String name : List.of("a", "b", "c")) {
                admin.post("/api/tokens", "{\"name\": \"" + name + "\", \"role\": \"viewer\"}");
                minute();
            }
            admin.post("/api/tokens", "{\"name\": \"a\", \"role\": \"viewer\"}");
            minute();
            server.as(Role.OPERATOR).post("/api/reload", null);
            minute();
            admin.delete("/api/tokens/b");

            assertThat(rows(admin.get("/api/audit?actor=test-operator").json()))
                    .containsExactly("test-operator|operator|POST /api/reload|null|refused");
            assertThat(rows(admin.get("/api/audit?action=token.create").json())).hasSize(4);
            assertThat(rows(admin.get("/api/audit?action=token.*").json())).hasSize(5);
            assertThat(rows(admin.get("/api/audit?target=a").json())).containsExactly(
                    "test-admin|admin|token.create|a|refused", "test-admin|admin|token.create|a|ok");
            assertThat(rows(admin.get("/api/audit?outcome=refused").json())).hasSize(2);
            assertThat(rows(admin.get("/api/audit?from=2026-03-01T10:01:00Z&to=2026-03-01T10:03:00Z").json()))
                    .containsExactly("test-admin|admin|token.create|c|ok", "test-admin|admin|token.create|b|ok");
            assertThat(rows(admin.get("/api/audit?actor=test-admin&action=token.create&outcome=ok&from=2026-03-01T10:02:00Z").json()))
                    .containsExactly("test-admin|admin|token.create|c|ok");

            JsonNode page = admin.get("/api/audit?limit=2&offset=1").json();
            assertThat(page.get("total").asLong()).isEqualTo(6);
            assertThat(rows(page)).containsExactly("test-operator|operator|POST /api/reload|null|refused",
                    "test-admin|admin|token.create|a|refused");

            ApiClient.Response badTime = admin.get("/api/audit?from=yesterday");
            assertThat(badTime.status()).isEqualTo(400);
            assertThat(badTime.json().get("error").get("message").asText()).contains("from").contains("ISO-8601");
            assertThat(admin.get("/api/audit?limit=0").status()).isEqualTo(400);
            assertThat(server.as(Role.OPERATOR).get("/api/audit").status()).isEqualTo(403);
        }
    }

    private void minute() {
        clock.advance(Duration.ofMinutes(1));
    }

    private static List<String> rows(JsonNode page) {
        List<String> rows = new ArrayList<>();
        for (JsonNode entry : page.get("items")) {
            rows.add(entry.get("actor").asText() + "|" + entry.get("role").asText() + "|" + entry.get("action").asText()
                    + "|" + entry.get("target").asText() + "|" + entry.get("outcome").asText());
        }
        return rows;
    }
}
