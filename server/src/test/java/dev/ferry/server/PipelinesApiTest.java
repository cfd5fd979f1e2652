package dev.ferry.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.server.audit.AuditEntry;
import dev.ferry.server.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pipelines as config as code (the folder, reloaded when it changes) and stored through the API
 * (created, replaced, deleted, YAML read back byte for byte), pause and resume, and the audit.
 */
class PipelinesApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path folder;

    @Test
    void aStoredPipelineIsCreatedReadBackExactlyReplacedRunAndDeleted() throws Exception {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 12);
        try (TestServer server = TestServer.start(folder)) {
            AtomicInteger changes = new AtomicInteger();
            server.server().parts().pipelines().onChange(changes::incrementAndGet);
            // Comments, blank lines, odd spacing, CRLF line ends, trailing spaces and non-ASCII text
            // all come back exactly as sent.
            String yaml = "# Copia de artículos — «stored»\r\n"
                    + "pipeline: stored\r\n\r\n"
                    + "connections:\r\n"
                    + "  src:   {url: \"jdbc:sqlite:" + source + "\"}   \r\n"
                    + "  dst: {url: \"jdbc:sqlite:" + folder.resolve("dst.db") + "\"}\r\n"
                    + "source: src\r\ndestination: dst\r\n"
                    + "streams:\r\n  - table: items    # all of them\r\n";
            ApiResponse created = putYaml(server, Role.ADMIN, "stored", yaml, "application/yaml");
            assertThat(created.status).as(created.body).isEqualTo(201);
            JsonNode view = server.as(Role.VIEWER).get("/api/pipelines/stored").json();
            assertThat(view.get("origin").asText()).isEqualTo("api");
            assertThat(view.get("readOnly").asBoolean()).isFalse();
            assertThat(view.get("valid").asBoolean()).isTrue();
            assertThat(view.get("paused").asBoolean()).isFalse();
            assertThat(changes.get()).as("listeners hear of the new pipeline").isGreaterThanOrEqualTo(1);

            HttpResponse<byte[]> text = getBytes(server, "/api/pipelines/stored/yaml");
            assertThat(text.statusCode()).isEqualTo(200);
            assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
            assertThat(text.body()).isEqualTo(yaml.getBytes(StandardCharsets.UTF_8));

            String replaced = yaml.replace("# all of them", "# replaced");
            int before = changes.get();
            ApiResponse second = putYaml(server, Role.ADMIN, "stored", replaced, "text/plain; charset=utf-8");
            assertThat(second.status).as(second.body).isEqualTo(200);
            assertThat(getBytes(server, "/api/pipelines/stored/yaml").body()).isEqualTo(replaced.getBytes(StandardCharsets.UTF_8));
            assertThat(changes.get()).isGreaterThan(before);

            ApiClient operator = server.as(Role.OPERATOR);
            long runId = operator.post("/api/pipelines/stored/runs", "{}").json().get("runId").asLong();
            JsonNode run = await().atMost(WAIT).until(() -> operator.get("/api/runs/" + runId).json(),
                    body -> !body.get("status").asText().equals("RUNNING"));
            assertThat(run.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(SqlitePipelines.count(folder.resolve("dst.db"), "items")).isEqualTo(12);

            // Kept across a restart: it is in the server's database.
            server.server().parts().pipelines().reload();
            assertThat(server.as(Role.VIEWER).get("/api/pipelines/stored").status()).isEqualTo(200);

            before = changes.get();
            assertThat(server.as(Role.ADMIN).delete("/api/pipelines/stored").status()).isEqualTo(204);
            assertThat(server.as(Role.VIEWER).get("/api/pipelines/stored").status()).isEqualTo(404);
            assertThat(server.as(Role.ADMIN).delete("/api/pipelines/stored").status()).isEqualTo(404);
            assertThat(changes.get()).isGreaterThan(before);

            List<String> audited = server.server().parts().audit().recent(50, 0).stream()
                    .filter(entry -> "stored".equals(entry.target()))
                    .map(entry -> entry.action() + " " + entry.outcome() + " " + entry.actor()).toList();
            assertThat(audited).contains("pipeline.create ok test-admin", "pipeline.replace ok test-admin",
                    "pipeline.delete ok test-admin", "pipeline.delete refused test-admin");
            assertThat(server.server().parts().audit().recent(50, 0)).extracting(AuditEntry::detail)
                    .noneMatch(detail -> detail != null && detail.contains("jdbc:sqlite"));
        }
    }

    @Test
    void invalidYamlIsRefusedWithLocatedProblemsAndNothingIsStored() throws Exception {
        try (TestServer server = TestServer.start(folder)) {
            String yaml = "pipeline: broken\n"
                    + "connections:\n"
                    + "  src: {url: \"jdbc:sqlite:" + folder.resolve("s.db") + "\"}\n"
                    + "source: src\n"
                    + "destination: nowhere\n"
                    + "streams:\n"
                    + "  - table: items\n"
                    + "    sink: yes\n";
            ApiResponse invalid = putYaml(server, Role.ADMIN, "broken", yaml, "application/yaml");
            assertThat(invalid.status).as(invalid.body).isEqualTo(422);
            JsonNode error = invalid.json().get("error");
            assertThat(error.get("code").asText()).isEqualTo("invalid_pipeline");
            JsonNode problems = error.get("details").get("problems");
            assertThat(problems.size()).isGreaterThanOrEqualTo(2);
            assertThat(problems).allSatisfy(problem -> assertThat(problem.get("file").asText()).isEqualTo("api:broken"));
            assertThat(problems).anySatisfy(problem -> {
                assertThat(problem.get("line").asInt()).isEqualTo(8);
                assertThat(problem.get("field").asText()).contains("sink");
            });
            assertThat(problems).anySatisfy(problem -> assertThat(problem.get("line").asInt()).isEqualTo(5));
            assertThat(server.as(Role.VIEWER).get("/api/pipelines/broken").status()).isEqualTo(404);

            String otherName = "pipeline: elsewhere\nconnections:\n  a: {url: \"jdbc:sqlite:" + folder.resolve("a.db")
                    + "\"}\nsource: a\ndestination: a\nstreams:\n  - table: t\n    destination_table: u\n";
            ApiResponse mismatch = putYaml(server, Role.ADMIN, "here", otherName, "application/yaml");
            assertThat(mismatch.status).as(mismatch.body).isEqualTo(422);
            JsonNode problem = mismatch.json().get("error").get("details").get("problems").get(0);
            assertThat(problem.get("line").asInt()).isEqualTo(1);
            assertThat(problem.get("message").asText()).contains("elsewhere").contains("here");
            assertThat(server.as(Role.VIEWER).get("/api/pipelines/here").status()).isEqualTo(404);

            assertThat(putYaml(server, Role.ADMIN, "here", otherName, "application/json").status).isEqualTo(415);
            assertThat(putYaml(server, Role.ADMIN, "bad name", otherName, "application/yaml").status).isEqualTo(400);
            assertThat(putYaml(server, Role.OPERATOR, "here", otherName, "application/yaml").status).isEqualTo(403);
            assertThat(server.server().parts().audit().recent(50, 0)).extracting(AuditEntry::action, AuditEntry::outcome)
                    .contains(org.assertj.core.groups.Tuple.tuple("pipeline.save", "refused"));
        }
    }

    @Test
    void aFilePipelineIsReadOnlyAndItsNameCannotBeStored() throws Exception {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 3);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "from-file", source, folder.resolve("d.db"), "");
            return settings;
        })) {
            Path file = server.pipelinesFolder().resolve("from-file.yml");
            String original = Files.readString(file);
            ApiResponse put = putYaml(server, Role.ADMIN, "from-file", original, "application/yaml");
            assertThat(put.status).as(put.body).isEqualTo(409);
            assertThat(put.json().get("error").get("code").asText()).isEqualTo("read_only_pipeline");
            assertThat(put.json().get("error").get("message").asText()).contains(file.toString());
            ApiClient.Response delete = server.as(Role.ADMIN).delete("/api/pipelines/from-file");
            assertThat(delete.status()).isEqualTo(409);
            assertThat(delete.json().get("error").get("details").get("file").asText()).isEqualTo(file.toString());
            assertThat(Files.readString(file)).isEqualTo(original);
            JsonNode view = server.as(Role.VIEWER).get("/api/pipelines/from-file").json();
            assertThat(view.get("readOnly").asBoolean()).isTrue();
            assertThat(view.get("origin").asText()).isEqualTo("file");
            assertThat(getBytes(server, "/api/pipelines/from-file/yaml").body()).isEqualTo(original.getBytes(StandardCharsets.UTF_8));

            // A file that arrives later with a stored pipeline's name is listed as a clash; the stored one keeps running.
            String stored = original.replace("pipeline: from-file", "pipeline: later");
            assertThat(putYaml(server, Role.ADMIN, "later", stored, "application/yaml").status).isEqualTo(201);
            Files.writeString(server.pipelinesFolder().resolve("later.yml"), stored);
            JsonNode clash = await().atMost(WAIT).until(() -> server.as(Role.VIEWER).get("/api/pipelines/later@later.yml"),
                    response -> response.status() == 200).json();
            assertThat(clash.get("valid").asBoolean()).isFalse();
            assertThat(clash.get("problems").get(0).get("message").asText()).contains("stored through the API");
            assertThat(server.as(Role.VIEWER).get("/api/pipelines/later").json().get("origin").asText()).isEqualTo("api");
        }
    }

    @Test
    void folderChangesArePickedUpWithoutRestartAndABrokenFileNeverStopsTheOthers() throws Exception {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 4);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "first", source, folder.resolve("d1.db"), "");
            return settings;
        })) {
            ApiClient viewer = server.as(Role.VIEWER);
            AtomicInteger changes = new AtomicInteger();
            server.server().parts().pipelines().onChange(changes::incrementAndGet);

            SqlitePipelines.itemsPipeline(server.pipelinesFolder(), "second", source, folder.resolve("d2.db"), "");
            await().atMost(WAIT).until(() -> viewer.get("/api/pipelines/second").status() == 200);
            assertThat(changes.get()).isGreaterThanOrEqualTo(1);

            Files.writeString(server.pipelinesFolder().resolve("second.yml"), "pipeline: second\nsource: [oops\n");
            JsonNode broken = await().atMost(WAIT).until(() -> viewer.get("/api/pipelines/second").json(),
                    body -> !body.get("valid").asBoolean());
            assertThat(broken.get("problems").size()).isGreaterThanOrEqualTo(1);
            assertThat(broken.get("problems").get(0).get("file").asText()).endsWith("second.yml");
            assertThat(broken.get("problems").get(0).get("line").asInt()).isPositive();

            JsonNode list = viewer.get("/api/pipelines").json();
            assertThat(list.findValuesAsText("name")).contains("first", "second");
            ApiClient operator = server.as(Role.OPERATOR);
            ApiClient.Response started = operator.post("/api/pipelines/first/runs", "{}");
            assertThat(started.status()).as("the others still run").isEqualTo(202);
            long runId = started.json().get("runId").asLong();
            await().atMost(WAIT).until(() -> operator.get("/api/runs/" + runId).json().get("status").asText(),
                    "SUCCEEDED"::equals);
            assertThat(operator.post("/api/pipelines/second/runs", "{}").status()).isEqualTo(422);

            Files.delete(server.pipelinesFolder().resolve("second.yml"));
            await().atMost(WAIT).until(() -> viewer.get("/api/pipelines/second").status() == 404);
        }
    }

    @Test
    void aPipelineIsPausedAndResumedByAnOperatorAndSyncNowStillRunsIt() {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 2);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "pausable", source, folder.resolve("d.db"), "");
            return settings;
        })) {
            AtomicInteger changes = new AtomicInteger();
            server.server().parts().pipelines().onChange(changes::incrementAndGet);
            assertThat(server.as(Role.VIEWER).post("/api/pipelines/pausable/pause", "").status()).isEqualTo(403);

            ApiClient operator = server.as(Role.OPERATOR);
            ApiClient.Response paused = operator.post("/api/pipelines/pausable/pause", "");
            assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
            assertThat(paused.json().get("paused").asBoolean()).isTrue();
            assertThat(server.server().parts().pipelines().isPaused("pausable")).isTrue();
            assertThat(changes.get()).as("the scheduler hears of it").isGreaterThanOrEqualTo(1);
            assertThat(operator.get("/api/pipelines").json().get(0).get("paused").asBoolean()).isTrue();
            assertThat(operator.post("/api/pipelines/pausable/pause", "").status()).as("pausing twice").isEqualTo(200);

            // A reload keeps the pause: it is stored.
            server.server().parts().pipelines().reload();
            assertThat(server.server().parts().pipelines().isPaused("pausable")).isTrue();

            ApiClient.Response started = operator.post("/api/pipelines/pausable/runs", "{}");
            assertThat(started.status()).as("Sync now is explicit: a paused pipeline still runs").isEqualTo(202);
            long runId = started.json().get("runId").asLong();
            await().atMost(WAIT).until(() -> operator.get("/api/runs/" + runId).json().get("status").asText(),
                    "SUCCEEDED"::equals);

            ApiClient.Response resumed = operator.post("/api/pipelines/pausable/resume", "");
            assertThat(resumed.json().get("paused").asBoolean()).isFalse();
            assertThat(server.server().parts().pipelines().isPaused("pausable")).isFalse();
            assertThat(operator.post("/api/pipelines/nothing/pause", "").status()).isEqualTo(404);

            assertThat(server.server().parts().audit().recent(50, 0)).extracting(AuditEntry::action, AuditEntry::target,
                    AuditEntry::outcome).contains(
                    org.assertj.core.groups.Tuple.tuple("pipeline.pause", "pausable", "ok"),
                    org.assertj.core.groups.Tuple.tuple("pipeline.resume", "pausable", "ok"),
                    org.assertj.core.groups.Tuple.tuple("pipeline.pause", "nothing", "refused"));
        }
    }

    @Test
    void storedPipelinesPausesAndRunFiltersWorkOnAPostgresStateStore() throws Exception {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 5);
        String state = dev.ferry.testkit.TestPostgres.freshDatabase("h1state");
        try (TestServer server = TestServer.start(folder, settings ->
                settings.withState(new dev.ferry.engine.config.StateConfig(state, null, null)))) {
            String yaml = "pipeline: on-pg\nconnections:\n  src: {url: \"jdbc:sqlite:" + source + "\"}\n"
                    + "  dst: {url: \"jdbc:sqlite:" + folder.resolve("d.db") + "\"}\nsource: src\ndestination: dst\n"
                    + "streams:\n  - table: items\n";
            assertThat(putYaml(server, Role.ADMIN, "on-pg", yaml, "application/yaml").status).isEqualTo(201);
            assertThat(getBytes(server, "/api/pipelines/on-pg/yaml").body()).isEqualTo(yaml.getBytes(StandardCharsets.UTF_8));
            assertThat(server.as(Role.OPERATOR).post("/api/pipelines/on-pg/pause", "").json().get("paused").asBoolean())
                    .isTrue();
            ApiClient operator = server.as(Role.OPERATOR);
            long runId = operator.post("/api/pipelines/on-pg/runs", "{}").json().get("runId").asLong();
            await().atMost(WAIT).until(() -> operator.get("/api/runs/" + runId).json().get("status").asText(),
                    "SUCCEEDED"::equals);
            JsonNode page = operator.get("/api/runs?pipeline=on-pg&status=SUCCEEDED&q=").json();
            assertThat(page.get("total").asLong()).isEqualTo(1);
            assertThat(page.get("items").get(0).get("streams").get(0).get("endedAt").isNull()).isFalse();
            assertThat(server.as(Role.ADMIN).delete("/api/pipelines/on-pg").status()).isEqualTo(204);
            assertThat(server.server().parts().pipelineStore().paused()).as("a deleted pipeline's pause goes too")
                    .doesNotContain("on-pg");
        }
    }

    private record ApiResponse(int status, String body) {
        JsonNode json() {
            return new ApiClient.Response(status, body, null).json();
        }
    }

    private static ApiResponse putYaml(TestServer server, Role role, String name, String yaml, String contentType)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.server().url() + "/api/pipelines/"
                        + name.replace(" ", "%20")))
                .header("Authorization", "Bearer " + server.token(role)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(yaml.getBytes(StandardCharsets.UTF_8))).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new ApiResponse(response.statusCode(), response.body());
    }

    private static HttpResponse<byte[]> getBytes(TestServer server, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.server().url() + path))
                .header("Authorization", "Bearer " + server.token(Role.VIEWER)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
