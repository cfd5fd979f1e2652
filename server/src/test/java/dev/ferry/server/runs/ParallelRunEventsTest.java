package dev.ferry.server.runs;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.config.loader.PipelineLoader;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.run.RetryPolicy;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StreamStats;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A run whose streams run in parallel reports every stream once, whichever thread ended it. */
class ParallelRunEventsTest {
    @TempDir
    Path dir;

    @Test
    void theFinishedEventNamesEveryFailedStreamOfAParallelRun() throws Exception {
        String source = TestPostgres.freshDatabase("parallel_events_src");
        String destination = TestPostgres.freshDatabase("parallel_events_dst");
        try (Connection connection = DriverManager.getConnection(source); Statement statement = connection.createStatement()) {
            for (String table : new String[] {"a", "b", "c"}) {
                statement.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, name text)");
                statement.execute("INSERT INTO " + table + " SELECT i, 'row ' || i FROM generate_series(1, 50) i");
            }
        }
        PipelineConfig pipeline = PipelineLoader.parse("""
                pipeline: parallel-events
                connections:
                  src: {url: "%s"}
                  dst: {url: "%s"}
                source: src
                destination: dst
                parallelism: 3
                streams:
                  - table: a
                  - table: missing_one
                  - table: b
                  - table: missing_two
                  - table: c
                    depends_on: missing_one
                """.formatted(source, destination), Path.of("api:parallel-events"), dir, Map.of());
        RunEvents events = new RunEvents();
        CompletableFuture<RunEvent.Finished> finished = new CompletableFuture<>();
        events.subscribe(event -> {
            if (event instanceof RunEvent.Finished end) {
                finished.complete(end);
            }
        });

        try (RunService runs = new RunService(new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null),
                ConnectorRegistry.load(), RetryPolicy.NONE, events, Clock.systemUTC())) {
            runs.start(pipeline, RunRequest.all("test"));
            RunEvent.Finished end = finished.get(60, TimeUnit.SECONDS);

            assertThat(end.status()).isEqualTo(RunStatus.FAILED);
            assertThat(end.failedStreams()).containsExactlyInAnyOrder("missing_one", "missing_two");
            assertThat(end.streams()).extracting(StreamStats::stream, StreamStats::inserted)
                    .contains(org.assertj.core.groups.Tuple.tuple("a", 50L), org.assertj.core.groups.Tuple.tuple("b", 50L));
            assertThat(end.error()).contains("c: skipped: depends on missing_one, which failed");
        }
    }
}
