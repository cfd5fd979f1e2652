package dev.ferry.server.quarantine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.state.PipelineLock;
import dev.ferry.server.ApiClient;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quarantine over the API: a pipeline whose lookup file misses an operator sets rows aside; they
 * are listed, shown, retried as a run once the file is fixed, and discarded; with roles, refusals and
 * the audit log.
 */
class QuarantineApiTest {
    private static final String OPERATORS = "{\"rossi\": {\"id\": 7}}";
    private static final String FIXED_OPERATORS = "{\"rossi\": {\"id\": 7}, \"verdi\": {\"id\": 8}}";

    @TempDir
    Path folder;

    @Test
    void rowsSetAsideAreListedShownAndRetriedAsARunOnceTheMappingIsFixed() throws Exception {
        try (TestServer server = start()) {
            ApiClient viewer = server.as(Role.VIEWER);
            ApiClient operator = server.as(Role.OPERATOR);
            assertThat(runAndWait(operator, "/api/pipelines/clinic/runs").path("status").asText()).isEqualTo("SUCCEEDED");

            ApiClient.Response list = viewer.get("/api/pipelines/clinic/quarantine");
            assertThat(list.status()).as(list.toString()).isEqualTo(200);
            JsonNode page = list.json();
            assertThat(page.path("total").asLong()).isEqualTo(3);
            assertThat(page.path("counts").path("patients").asLong()).isEqualTo(2);
            assertThat(page.path("counts").path("visits").asLong()).isEqualTo(1);
            assertThat(page.path("items")).hasSize(3);
            JsonNode first = page.path("items").get(0);
            assertThat(first.path("stream").asText()).isEqualTo("patients");
            assertThat(first.path("rowKey").asText()).isEqualTo("id=2");
            assertThat(first.path("stage").asText()).isEqualTo("TRANSFORM");
            assertThat(first.path("error").asText()).contains("operatore").contains("verdi");
            assertThat(first.has("row")).as("a list leaves values out").isFalse();
            assertThat(page.path("after").asLong()).isEqualTo(page.path("items").get(2).path("id").asLong());

            JsonNode paged = viewer.get("/api/pipelines/clinic/quarantine?stream=patients&limit=1&after="
                    + first.path("id").asLong()).json();
            assertThat(paged.path("items")).hasSize(1);
            assertThat(paged.path("items").get(0).path("rowKey").asText()).isEqualTo("id=3");
            assertThat(viewer.get("/api/pipelines/clinic/quarantine?after=" + paged.path("after").asLong()
                    + "&stream=patients").json().path("items")).isEmpty();

            ApiClient.Response shown = viewer.get("/api/pipelines/clinic/quarantine/" + first.path("id").asLong());
            assertThat(shown.status()).isEqualTo(200);
            JsonNode row = shown.json().path("row");
            assertThat(row).hasSize(3);
            assertThat(row.get(1).path("name").asText()).isEqualTo("operatore");
            assertThat(row.get(1).path("value").asText()).isEqualTo("verdi");
            assertThat(row.get(2).path("name").asText()).isEqualTo("note");
            assertThat(row.get(2).path("value").isNull()).as("SQL NULL stays null").isTrue();

            assertThat(server.anonymous().get("/api/pipelines/clinic/quarantine").status()).isEqualTo(401);
            assertThat(viewer.post("/api/pipelines/clinic/quarantine/retry", "{}").status()).isEqualTo(403);
            assertThat(viewer.post("/api/pipelines/clinic/quarantine/discard", "{\"all\": true}").status()).isEqualTo(403);

            Files.writeString(server.pipelinesFolder().resolve("operators.json"), FIXED_OPERATORS);
            // A loaded pipeline keeps the mapping it read: the folder watcher reloads it after a quiet
            // moment, a reload at once.
            assertThat(server.as(Role.ADMIN).post("/api/reload", null).status()).isEqualTo(200);
            ApiClient.Response retry = operator.post("/api/pipelines/clinic/quarantine/retry", "{\"stream\": \"patients\"}");
            assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
            assertThat(retry.json().path("rows").asLong()).isEqualTo(2);
            JsonNode retried = await(operator, retry.json().path("runId").asLong());
            assertThat(retried.path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(retried.path("trigger").asText()).isEqualTo("quarantine retry");
            assertThat(retried.path("streams").get(0).path("written").asLong()).isEqualTo(2);
            assertThat(rows("SELECT id, operatore FROM patients ORDER BY id")).containsExactly("1|7", "2|8", "3|8");

            JsonNode after = viewer.get("/api/pipelines/clinic/quarantine").json();
            assertThat(after.path("total").asLong()).as("the visit was not asked for").isEqualTo(1);
            assertThat(after.path("counts").has("patients")).isFalse();
            assertThat(viewer.get("/api/pipelines/clinic/quarantine/" + first.path("id").asLong()).status())
                    .isEqualTo(404);

            JsonNode audit = server.as(Role.ADMIN).get("/api/audit?action=quarantine.retry").json().path("items");
            assertThat(audit).hasSize(1);
            assertThat(audit.get(0).path("actor").asText()).isEqualTo("test-operator");
            assertThat(audit.get(0).path("detail").asText()).contains("run " + retried.path("id").asLong())
                    .contains("2 row(s)").contains("stream patients").doesNotContain("verdi");
        }
    }

    @Test
    void aRetryIsRefusedWhileARunHoldsThePipelineOrWhenThereIsNothingToRetry() {
        try (TestServer server = start()) {
            ApiClient operator = server.as(Role.OPERATOR);
            runAndWait(operator, "/api/pipelines/clinic/runs");

            try (PipelineLock lock = server.server().parts().history().tryLockPipeline("clinic").orElseThrow()) {
                ApiClient.Response busy = operator.post("/api/pipelines/clinic/quarantine/retry", null);
                assertThat(busy.status()).as(busy.toString()).isEqualTo(409);
                assertThat(busy.json().path("error").path("code").asText()).isEqualTo("pipeline_busy");
            }
            assertThat(operator.get("/api/pipelines/clinic/quarantine").json().path("total").asLong()).isEqualTo(3);

            operator.post("/api/pipelines/clinic/quarantine/discard", "{\"stream\": \"visits\"}");
            ApiClient.Response nothing = operator.post("/api/pipelines/clinic/quarantine/retry", "{\"stream\": \"visits\"}");
            assertThat(nothing.status()).isEqualTo(409);
            assertThat(nothing.json().path("error").path("code").asText()).isEqualTo("nothing_to_retry");
        }
    }

    @Test
    void rowsAreDiscardedByIdByStreamOrAllAndNeverByABodyThatDoesNotSayWhich() {
        try (TestServer server = start()) {
            ApiClient operator = server.as(Role.OPERATOR);
            runAndWait(operator, "/api/pipelines/clinic/runs");
            long id = operator.get("/api/pipelines/clinic/quarantine").json().path("items").get(0).path("id").asLong();

            ApiClient.Response none = operator.post("/api/pipelines/clinic/quarantine/discard", "{}");
            assertThat(none.status()).isEqualTo(400);
            assertThat(none.json().path("error").path("message").asText()).contains("Say which rows");
            ApiClient.Response two = operator.post("/api/pipelines/clinic/quarantine/discard",
                    "{\"all\": true, \"stream\": \"visits\"}");
            assertThat(two.status()).isEqualTo(400);
            ApiClient.Response unknown = operator.post("/api/pipelines/clinic/quarantine/discard",
                    "{\"ids\": [" + id + ", 987654]}");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.json().path("error").path("code").asText()).isEqualTo("unknown_id");
            assertThat(total(operator)).as("a wrong id discards nothing").isEqualTo(3);

            ApiClient.Response byId = operator.post("/api/pipelines/clinic/quarantine/discard", "{\"ids\": [" + id + "]}");
            assertThat(byId.status()).as(byId.toString()).isEqualTo(200);
            assertThat(byId.json().path("discarded").asLong()).isEqualTo(1);
            assertThat(total(operator)).isEqualTo(2);
            JsonNode byStream = operator.post("/api/pipelines/clinic/quarantine/discard", "{\"stream\": \"visits\"}").json();
            assertThat(byStream.path("discarded").asLong()).isEqualTo(1);
            JsonNode all = operator.post("/api/pipelines/clinic/quarantine/discard", "{\"all\": true}").json();
            assertThat(all.path("discarded").asLong()).isEqualTo(1);
            assertThat(total(operator)).isZero();

            JsonNode audit = server.as(Role.ADMIN).get("/api/audit?action=quarantine.discard").json().path("items");
            List<String> details = new ArrayList<>();
            audit.forEach(entry -> details.add(entry.path("outcome").asText() + ": " + entry.path("detail").asText()));
            assertThat(details).contains("ok: 1 row(s), ids " + id, "ok: 1 row(s), stream visits", "ok: 1 row(s), all");
        }
    }

    @Test
    void unknownPipelinesStreamsAndIdsAreNamed() {
        try (TestServer server = start()) {
            ApiClient operator = server.as(Role.OPERATOR);
            runAndWait(operator, "/api/pipelines/clinic/runs");

            assertThat(operator.get("/api/pipelines/nope/quarantine").status()).isEqualTo(404);
            ApiClient.Response stream = operator.get("/api/pipelines/clinic/quarantine?stream=patiens");
            assertThat(stream.status()).isEqualTo(400);
            assertThat(stream.json().path("error").path("code").asText()).isEqualTo("unknown_stream");
            assertThat(stream.json().path("error").path("message").asText()).contains("has no stream named patiens")
                    .contains("did you mean 'patients'?");
            assertThat(operator.post("/api/pipelines/clinic/quarantine/retry", "{\"stream\": \"visit\"}").json()
                    .path("error").path("message").asText()).contains("did you mean 'visits'?");
            assertThat(operator.post("/api/pipelines/clinic/quarantine/retry", "{\"ids\": [424242]}").json()
                    .path("error").path("message").asText()).contains("has no quarantined row with id 424242");
            assertThat(operator.post("/api/pipelines/clinic/quarantine/retry", "{\"id\": 1}").json()
                    .path("error").path("code").asText()).isEqualTo("unknown_field");
            ApiClient.Response show = operator.get("/api/pipelines/clinic/quarantine/424242");
            assertThat(show.status()).isEqualTo(404);
            assertThat(operator.get("/api/pipelines/clinic/quarantine/x").status()).isEqualTo(400);
            long visit = operator.get("/api/pipelines/clinic/quarantine?stream=visits").json().path("items").get(0)
                    .path("id").asLong();
            ApiClient.Response mismatch = operator.post("/api/pipelines/clinic/quarantine/retry",
                    "{\"stream\": \"patients\", \"ids\": [" + visit + "]}");
            assertThat(mismatch.status()).isEqualTo(400);
            assertThat(mismatch.json().path("error").path("message").asText()).contains("is of stream visits, not patients");
        }
    }

    private TestServer start() {
        createSource();
        return TestServer.start(folder, settings -> {
            write(settings.pipelinesFolder().resolve("operators.json"), OPERATORS);
            write(settings.pipelinesFolder().resolve("clinic.yml"), """
                    pipeline: clinic
                    connections:
                      src: {url: "jdbc:sqlite:%s"}
                      dst: {url: "jdbc:sqlite:%s"}
                    source: src
                    destination: dst
                    defaults:
                      max_bad_rows: 10
                    streams:
                      - table: patients
                        transforms:
                          - lookup: {column: operatore, file: operators.json, field: id}
                      - table: visits
                        transforms:
                          - lookup: {column: operatore, file: operators.json, field: id}
                    """.formatted(folder.resolve("source.db"), folder.resolve("copy.db")));
            return settings;
        });
    }

    private void createSource() {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("source.db"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE patients (id INTEGER PRIMARY KEY, operatore TEXT, note TEXT)");
            statement.execute("INSERT INTO patients VALUES (1, 'rossi', 'x'), (2, 'verdi', NULL), (3, 'verdi', 'y')");
            statement.execute("CREATE TABLE visits (id INTEGER PRIMARY KEY, operatore TEXT)");
            statement.execute("INSERT INTO visits VALUES (10, 'rossi'), (11, 'neri')");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode runAndWait(ApiClient operator, String path) {
        ApiClient.Response started = operator.post(path, "{}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return await(operator, started.json().path("runId").asLong());
    }

    private static JsonNode await(ApiClient client, long runId) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> client.get("/api/runs/" + runId).json(), run -> !run.path("status").asText().equals("RUNNING"));
    }

    private static long total(ApiClient client) {
        return client.get("/api/pipelines/clinic/quarantine").json().path("total").asLong();
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("copy.db"));
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1) + "|" + result.getString(2));
            }
        }
        return rows;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
