package dev.ferry.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.server.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The run history over HTTP on SQLite pipelines: filters and paging, a run with per-stream counts,
 * timings and errors, its log after a line, and one log file per pipeline.
 */
class RunsApiTest {
    @TempDir
    Path folder;

    @Test
    void runsAreFilteredByPipelineStatusErrorTextAndTimeAndPaged() {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 20);
        Path empty = folder.resolve("empty.db");
        SqlitePipelines.sourceWithItems(empty, 0);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "good", source, folder.resolve("good-dst.db"), "");
            // its source has no table "missing": the stream fails
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "bad", empty, folder.resolve("bad-dst.db"), "")
                    .toFile();
            return settings;
        })) {
            rewrite(server.pipelinesFolder().resolve("bad.yml"), "table: items", "table: missing");
            server.server().parts().pipelines().reload();
            ApiClient viewer = server.as(Role.VIEWER);
            long good1 = run(server, "good");
            long bad1 = run(server, "bad");
            long good2 = run(server, "good");
            long bad2 = run(server, "bad");

            JsonNode all = viewer.get("/api/runs").json();
            assertThat(ids(all)).containsExactly(bad2, good2, bad1, good1);
            assertThat(all.get("total").asLong()).isEqualTo(4);
            assertThat(all.get("limit").asInt()).isEqualTo(50);
            assertThat(all.get("offset").asInt()).isEqualTo(0);

            assertThat(ids(viewer.get("/api/runs?pipeline=good").json())).containsExactly(good2, good1);
            assertThat(ids(viewer.get("/api/runs?status=failed").json())).containsExactly(bad2, bad1);
            assertThat(ids(viewer.get("/api/runs?status=SUCCEEDED,cancelled").json())).containsExactly(good2, good1);
            assertThat(ids(viewer.get("/api/runs?status=FAILED&status=SUCCEEDED&pipeline=bad").json()))
                    .containsExactly(bad2, bad1);

            String error = viewer.get("/api/runs/" + bad1).json().get("error").asText();
            assertThat(error).startsWith("missing: ");
            String part = error.substring(0, Math.min(error.length(), 14)).toUpperCase(Locale.ROOT);
            assertThat(ids(viewer.get("/api/runs?q=" + encode(part)).json())).containsExactly(bad2, bad1);
            assertThat(ids(viewer.get("/api/runs?q=" + encode("no run has this")).json())).isEmpty();

            Instant good2Start = Instant.parse(viewer.get("/api/runs/" + good2).json().get("startedAt").asText());
            JsonNode from = viewer.get("/api/runs?from=" + encode(good2Start.toString())).json();
            assertThat(ids(from)).as("from is inclusive").containsExactly(bad2, good2);
            JsonNode to = viewer.get("/api/runs?to=" + good2Start).json();
            assertThat(ids(to)).as("to is exclusive").containsExactly(bad1, good1);
            String offsetForm = good2Start.atOffset(java.time.ZoneOffset.ofHours(2)).toString();
            assertThat(ids(viewer.get("/api/runs?from=" + encode(offsetForm)).json())).containsExactly(bad2, good2);

            JsonNode page = viewer.get("/api/runs?limit=2&offset=1").json();
            assertThat(ids(page)).containsExactly(good2, bad1);
            assertThat(page.get("total").asLong()).isEqualTo(4);
            assertThat(page.get("limit").asInt()).isEqualTo(2);
            assertThat(page.get("offset").asInt()).isEqualTo(1);

            ApiClient.Response badStatus = viewer.get("/api/runs?status=DONE");
            assertThat(badStatus.status()).isEqualTo(400);
            assertThat(badStatus.json().get("error").get("message").asText()).contains("status").contains("SUCCEEDED");
            assertThat(viewer.get("/api/runs?from=yesterday").status()).isEqualTo(400);
            assertThat(viewer.get("/api/runs?limit=0").status()).isEqualTo(400);
            assertThat(viewer.get("/api/runs?from=2026-03-02&to=2026-03-01").status()).isEqualTo(400);
        }
    }

    @Test
    void aRunShowsEachStreamsCountsTimingsAndErrorAndItsLogAfterALine() throws Exception {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 30);
        Path logs = folder.resolve("logs");
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "two", source, folder.resolve("dst.db"),
                    "  - table: missing\n");
            return settings.withLogsFolder(logs);
        })) {
            ApiClient viewer = server.as(Role.VIEWER);
            long runId = run(server, "two");
            JsonNode run = viewer.get("/api/runs/" + runId).json();
            assertThat(run.get("status").asText()).isEqualTo("FAILED");
            JsonNode items = run.get("streams").get(0);
            JsonNode missing = run.get("streams").get(1);
            assertThat(items.get("stream").asText()).isEqualTo("items");
            assertThat(items.get("read").asLong()).isEqualTo(30);
            assertThat(items.get("written").asLong()).isEqualTo(30);
            assertThat(items.get("inserted").asLong()).isEqualTo(30);
            assertThat(items.get("skipped").asLong()).isZero();
            assertThat(items.get("deleted").asLong()).isZero();
            assertThat(items.get("failed").asLong()).isZero();
            assertThat(items.get("error").isNull()).isTrue();
            Instant itemsStart = Instant.parse(items.get("startedAt").asText());
            Instant itemsEnd = Instant.parse(items.get("endedAt").asText());
            assertThat(itemsEnd).isAfterOrEqualTo(itemsStart);
            assertThat(items.get("durationMs").asLong()).isEqualTo(Duration.between(itemsStart, itemsEnd).toMillis());
            assertThat(missing.get("stream").asText()).isEqualTo("missing");
            assertThat(missing.get("error").asText()).isNotBlank();
            assertThat(Instant.parse(missing.get("startedAt").asText())).isAfterOrEqualTo(itemsEnd);
            assertThat(run.get("error").asText()).contains("missing: " + missing.get("error").asText());

            JsonNode log = viewer.get("/api/runs/" + runId + "/log").json();
            List<Long> lineIds = new ArrayList<>();
            List<String> messages = new ArrayList<>();
            log.get("lines").forEach(line -> {
                lineIds.add(line.get("id").asLong());
                messages.add(line.get("message").asText());
            });
            assertThat(lineIds).isSorted().doesNotHaveDuplicates().hasSizeGreaterThan(3);
            assertThat(log.get("status").asText()).isEqualTo("FAILED");
            assertThat(log.get("after").asLong()).isEqualTo(lineIds.getLast());
            JsonNode rest = viewer.get("/api/runs/" + runId + "/log?after=" + lineIds.get(1)).json();
            assertThat(rest.get("lines").get(0).get("id").asLong()).isEqualTo(lineIds.get(2));
            assertThat(rest.get("lines").size()).isEqualTo(lineIds.size() - 2);
            JsonNode limited = viewer.get("/api/runs/" + runId + "/log?after=" + lineIds.get(0) + "&limit=1").json();
            assertThat(limited.get("lines").size()).isEqualTo(1);
            assertThat(limited.get("after").asLong()).isEqualTo(lineIds.get(1));
            JsonNode none = viewer.get("/api/runs/" + runId + "/log?after=" + lineIds.getLast()).json();
            assertThat(none.get("lines").size()).isZero();
            assertThat(none.get("after").asLong()).isEqualTo(lineIds.getLast());
            assertThat(viewer.get("/api/runs/999999/log").status()).isEqualTo(404);
            java.net.http.HttpResponse<String> ndjson = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.server().url() + "/api/runs/" + runId
                                    + "/log?after=" + lineIds.get(0)))
                            .header("Authorization", "Bearer " + server.token(Role.VIEWER))
                            .header("Accept", "application/x-ndjson").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(ndjson.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
            List<String> jsonLines = ndjson.body().lines().toList();
            assertThat(jsonLines).hasSize(lineIds.size() - 1);
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(jsonLines.get(0)).get("id").asLong())
                    .isEqualTo(lineIds.get(1));

            // The pipeline's log file holds the same lines, each naming the run.
            Path file = logs.resolve("two.log");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file)
                    && Files.readAllLines(file).stream().anyMatch(line -> line.contains("failed")));
            String text = Files.readString(file);
            for (String message : messages) {
                assertThat(text).contains(message.lines().findFirst().orElseThrow());
            }
            assertThat(Files.readAllLines(file).getFirst()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z INFO run " + runId + " .*started.*");
        }
    }

    @Test
    void theLiveLogOfAFinishedRunSendsItsLinesAndTheEndAndAnUnknownRunAnError() throws InterruptedException {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 5);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "done", source, folder.resolve("dst.db"), "");
            return settings;
        })) {
            long runId = run(server, "done");
            int lines = server.as(Role.VIEWER).get("/api/runs/" + runId + "/log").json().get("lines").size();
            String base = server.server().url() + "/api/runs/";
            try (SseReader live = new SseReader(base + runId + "/log/live", server.token(Role.VIEWER), null)) {
                for (int i = 0; i < lines; i++) {
                    assertThat(live.nextEvent(Duration.ofSeconds(10)).name()).isEqualTo("log");
                }
                SseReader.Event end = live.nextEvent(Duration.ofSeconds(10));
                assertThat(end.name()).isEqualTo("end");
                assertThat(end.json().get("status").asText()).isEqualTo("SUCCEEDED");
            }
            try (SseReader unknown = new SseReader(base + "424242/log/live", server.token(Role.VIEWER), null)) {
                SseReader.Event error = unknown.nextEvent(Duration.ofSeconds(10));
                assertThat(error.name()).isEqualTo("error");
                assertThat(error.json().get("code").asText()).isEqualTo("not_found");
            }
            try (SseReader anonymous = new SseReader(base + runId + "/log/live", "fy_wrong", null)) {
                assertThat(anonymous.status()).isEqualTo(401);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().parts().followers().followers() == 0);
        }
    }

    private static long run(TestServer server, String pipeline) {
        ApiClient operator = server.as(Role.OPERATOR);
        ApiClient.Response started = operator.post("/api/pipelines/" + pipeline + "/runs", "{}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        long runId = started.json().get("runId").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> operator.get("/api/runs/" + runId).json(),
                body -> !body.get("status").asText().equals("RUNNING"));
        return runId;
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(run -> ids.add(run.get("id").asLong()));
        return ids;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void rewrite(Path file, String from, String to) {
        try {
            Files.writeString(file, Files.readString(file).replace(from, to));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
