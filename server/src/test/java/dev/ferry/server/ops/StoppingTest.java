package dev.ferry.server.ops;

import dev.ferry.server.ApiClient;
import dev.ferry.server.ServerSettings;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While a server stops and waits for its runs to reach a batch boundary, {@code /ready} answers 503
 * (so a load balancer stops sending requests) and every other request gets 503 {@code shutting_down}.
 */
class StoppingTest {

    @TempDir
    Path folder;

    @Test
    void whileRunsDrainReadyAnswers503AndRequestsAreRefused() throws Exception {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 200_000);
        Path destination = folder.resolve("destination.db");
        String state = TestPostgres.freshDatabase("stopping");
        TestServer server = TestServer.start(folder, settings -> slowPipeline(settings, source, destination)
                .withState(new StateConfig(state, null, null)));
        CompletableFuture<Void> closed;
        ApiClient viewer = server.as(Role.VIEWER);
        ApiClient anonymous = server.anonymous();
        try {
            assertThat(anonymous.get("/ready").status()).isEqualTo(200);
            ApiClient.Response started = server.as(Role.OPERATOR).post("/api/pipelines/slow/runs", "{}");
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            long runId = started.json().get("runId").asLong();
            await().atMost(Duration.ofSeconds(30)).until(() -> rowsIfPresent(destination) > 0);

            // Holding a lock on the state store's stream table keeps the run from committing its next batch,
            // so the stop is still waiting while this test looks at the answers.
            try (Connection lock = DriverManager.getConnection(state);
                 Statement statement = lock.createStatement()) {
                lock.setAutoCommit(false);
                statement.execute("LOCK TABLE ferry_stream IN EXCLUSIVE MODE");

                closed = CompletableFuture.runAsync(server::close);

                ApiClient.Response ready = await().atMost(Duration.ofSeconds(10))
                        .until(() -> anonymous.get("/ready"), response -> response.status() == 503);
                assertThat(ready.json().get("checks").get("accepting_requests").asText()).isEqualTo("down");
                assertThat(anonymous.get("/health").status()).isEqualTo(200);
                ApiClient.Response refused = viewer.get("/api/pipelines");
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.json().get("error").get("code").asText()).isEqualTo("shutting_down");
                assertThat(refused.header("Retry-After")).isEqualTo("5");
                assertThat(closed).isNotDone();
                lock.rollback();
            }
            closed.get(60, java.util.concurrent.TimeUnit.SECONDS);
            try (StateStore history = StateStores.open(new StateConfig(state, null, null))) {
                assertThat(history.run(runId).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
            }
        } finally {
            server.close();
        }
    }

    @Test
    void aRunThatCannotReachABatchBoundaryDoesNotHoldTheStopPastTheShutdownTimeout() throws Exception {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 200_000);
        Path destination = folder.resolve("destination.db");
        String state = TestPostgres.freshDatabase("stopping");
        TestServer server = TestServer.start(folder, settings -> slowPipeline(settings, source, destination)
                .withState(new StateConfig(state, null, null)).withShutdownTimeout(Duration.ofSeconds(2)));
        try (Connection lock = DriverManager.getConnection(state); Statement statement = lock.createStatement()) {
            ApiClient.Response started = server.as(Role.OPERATOR).post("/api/pipelines/slow/runs", "{}");
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> rowsIfPresent(destination) > 0);
            lock.setAutoCommit(false);
            statement.execute("LOCK TABLE ferry_stream IN EXCLUSIVE MODE");

            // The lock is held throughout: the run cannot end, and the stop still returns.
            CompletableFuture.runAsync(server::close).get(60, java.util.concurrent.TimeUnit.SECONDS);
            lock.rollback();
        }
        try (StateStore history = StateStores.open(new StateConfig(state, null, null))) {
            assertThat(history.recentRuns("slow", 10)).singleElement().satisfies(run -> assertThat(run.status())
                    .as("left as it was when the stop gave up waiting; the next run resumes from its checkpoint")
                    .isIn(RunStatus.RUNNING, RunStatus.CANCELLED));
        }
    }

    private static ServerSettings slowPipeline(ServerSettings settings, Path source, Path destination) {
        try {
            Files.writeString(settings.pipelinesFolder().resolve("slow.yml"), """
                    pipeline: slow
                    connections:
                      src: {url: "jdbc:sqlite:%s"}
                      dst: {url: "jdbc:sqlite:%s"}
                    source: src
                    destination: dst
                    batch_size: 200
                    commit_every: 200
                    streams:
                      - table: items
                        sync: incremental
                        cursor: id
                    """.formatted(source, destination));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return settings;
    }

    private static long rowsIfPresent(Path database) {
        try {
            return Files.exists(database) ? SqlitePipelines.count(database, "items") : 0;
        } catch (IllegalStateException notCreatedYet) {
            return 0;
        }
    }
}
