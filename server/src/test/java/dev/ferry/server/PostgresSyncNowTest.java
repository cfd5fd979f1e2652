package dev.ferry.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.server.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sync now on a PostgreSQL-to-PostgreSQL pipeline whose source lets rows through only as far as the
 * test opens its gate, so a run is in progress for exactly as long as the test needs: a second run
 * is refused naming the running one, a cancel stops at a batch boundary keeping what was committed,
 * the next run continues from the checkpoint, and the live log streams as it is written.
 */
class PostgresSyncNowTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    @Test
    void aSecondRunIsRefusedNamingTheRunningOneAndACancelKeepsTheCommittedRowsForTheNextRun() {
        try (GatedPostgresSource source = new GatedPostgresSource(200, 20);
             TestServer server = TestServer.start(folder, settings -> {
                 source.pipeline(settings.pipelinesFolder(), "pg-copy");
                 return settings;
             })) {
            ApiClient operator = server.as(Role.OPERATOR);
            ApiClient.Response started = operator.post("/api/pipelines/pg-copy/runs", "{}");
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            long runId = started.json().get("runId").asLong();

            ApiClient.Response second = operator.post("/api/pipelines/pg-copy/runs", "{}");
            assertThat(second.status()).as(second.toString()).isEqualTo(409);
            assertThat(second.json().get("error").get("code").asText()).isEqualTo("pipeline_busy");
            assertThat(second.json().get("error").get("details").get("runningRunId").asLong()).isEqualTo(runId);
            assertThat(second.json().get("error").get("message").asText()).contains(Long.toString(runId));

            // Rows 1 to 20 pass the gate, and rows 1 to 10 arrive as one batch, committed; row 20 is held.
            await().atMost(WAIT).until(() -> operator.get("/api/runs/" + runId).json().get("streams"),
                    streams -> streams.size() == 1 && streams.get(0).get("written").asLong() == 10);
            ApiClient.Response cancel = operator.post("/api/runs/" + runId + "/cancel", "");
            assertThat(cancel.status()).as(cancel.toString()).isEqualTo(202);
            // The stop is taken at the next batch boundary: when the next batch arrives, before it is written.
            source.open();
            JsonNode cancelled = awaitEnd(operator, runId);
            assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
            assertThat(cancelled.get("streams").get(0).get("written").asLong()).isEqualTo(10);
            assertThat(cancelled.get("streams").get(0).get("startedAt").isNull()).isFalse();
            assertThat(cancelled.get("streams").get(0).get("endedAt").isNull()).isFalse();
            assertThat(source.destinationRows()).as("committed rows are kept").isEqualTo(10);

            ApiClient.Response next = operator.post("/api/pipelines/pg-copy/runs", "{}");
            assertThat(next.status()).as(next.toString()).isEqualTo(202);
            JsonNode resumed = awaitEnd(operator, next.json().get("runId").asLong());
            assertThat(resumed.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(source.destinationRows()).isEqualTo(200);
            long read = resumed.get("streams").get(0).get("read").asLong();
            assertThat(read).as("the next run continues from the checkpoint of row 10").isBetween(190L, 191L);
            assertThat(resumed.get("trigger").asText()).isEqualTo("api:test-operator");
        }
    }

    @Test
    void theLiveLogSendsTheLinesSoFarThenNewOnesThenTheEnd() throws InterruptedException {
        try (GatedPostgresSource source = new GatedPostgresSource(50, 0);
             TestServer server = TestServer.start(folder, settings -> {
                 source.pipeline(settings.pipelinesFolder(), "pg-live");
                 return settings;
             })) {
            ApiClient operator = server.as(Role.OPERATOR);
            long runId = operator.post("/api/pipelines/pg-live/runs", "{}").json().get("runId").asLong();
            String url = server.server().url() + "/api/runs/" + runId + "/log/live";

            List<SseReader.Event> received = new ArrayList<>();
            try (SseReader live = new SseReader(url, server.token(Role.VIEWER), null)) {
                assertThat(live.status()).isEqualTo(200);
                assertThat(live.contentType()).startsWith("text/event-stream");
                assertThat(live.next(WAIT).comment()).as("a comment on connecting").contains("following run " + runId);
                // The gate holds the run at its first row: these lines come while it runs.
                SseReader.Event first = live.nextEvent(WAIT);
                assertThat(first.name()).isEqualTo("log");
                assertThat(first.json().get("message").asText()).contains("run " + runId + " of pipeline pg-live started");
                assertThat(Long.parseLong(first.id())).isEqualTo(first.json().get("id").asLong());
                received.add(first);
                assertThat(operator.get("/api/runs/" + runId).json().get("status").asText()).isEqualTo("RUNNING");

                source.open();
                SseReader.Event event;
                while (!(event = live.nextEvent(WAIT)).name().equals("end")) {
                    assertThat(event.name()).isEqualTo("log");
                    received.add(event);
                }
                assertThat(event.json().get("status").asText()).isEqualTo("SUCCEEDED");
                assertThat(event.json().get("runId").asLong()).isEqualTo(runId);
                assertThat(live.next(WAIT)).as("the stream closes after the end").isSameAs(SseReader.CLOSED);
            }
            assertThat(received).extracting(e -> e.json().get("message").asText())
                    .anySatisfy(message -> assertThat(message).contains("done: 50 read"))
                    .last().satisfies(message -> assertThat(message).contains("succeeded"));
            assertThat(received).extracting(e -> e.json().get("id").asLong()).isSorted().doesNotHaveDuplicates();
            List<String> stored = new ArrayList<>();
            operator.get("/api/runs/" + runId + "/log").json().get("lines")
                    .forEach(line -> stored.add(line.get("message").asText()));
            assertThat(received).extracting(e -> e.json().get("message").asText()).containsExactlyElementsOf(stored);

            // A client that comes back names the last line it has, and gets the rest and the end.
            String lastButOne = received.get(received.size() - 2).id();
            try (SseReader again = new SseReader(url, server.token(Role.VIEWER), lastButOne)) {
                SseReader.Event rest = again.nextEvent(WAIT);
                assertThat(rest.id()).isEqualTo(received.getLast().id());
                assertThat(again.nextEvent(WAIT).name()).isEqualTo("end");
            }
        }
    }

    @Test
    void stoppingTheServerEndsOpenLiveStreamsAndLetsTheRunStopAtABatchBoundary() throws Exception {
        try (GatedPostgresSource source = new GatedPostgresSource(40, 0)) {
            TestServer server = TestServer.start(folder, settings -> {
                source.pipeline(settings.pipelinesFolder(), "pg-stop");
                return settings;
            });
            long runId;
            try (server) {
                runId = server.as(Role.OPERATOR).post("/api/pipelines/pg-stop/runs", "{}").json().get("runId").asLong();
                String url = server.server().url() + "/api/runs/" + runId + "/log/live";
                try (SseReader live = new SseReader(url, server.token(Role.VIEWER), null)) {
                    assertThat(live.nextEvent(WAIT).name()).isEqualTo("log");
                    Thread stopping = Thread.ofPlatform().start(server::close);
                    SseReader.Event event;
                    do {
                        event = live.next(WAIT);
                    } while (event != SseReader.CLOSED);
                    assertThat(stopping.isAlive()).as("the stream ends before the run does").isTrue();
                    source.open();
                    stopping.join(WAIT.toMillis());
                    assertThat(stopping.isAlive()).isFalse();
                }
            }
            try (var store = dev.ferry.engine.state.StateStores.open(new dev.ferry.engine.config.StateConfig(
                    "jdbc:sqlite:" + folder.resolve("state.db"), null, null))) {
                assertThat(store.run(runId).orElseThrow().status()).isEqualTo(dev.ferry.engine.state.RunStatus.CANCELLED);
            }
        }
    }

    private static JsonNode awaitEnd(ApiClient client, long runId) {
        return await().atMost(WAIT).until(() -> client.get("/api/runs/" + runId).json(),
                run -> !run.get("status").asText().equals("RUNNING"));
    }
}
