package dev.ferry.server.schedule;

import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.server.ApiClient;
import dev.ferry.server.FerryServer;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * db-scheduler on the embedded SQLite store, tried the hard way: two servers on one SQLite file
 * (as two {@code ferry serve} on one machine would be), a schedule every second and triggers sent
 * to both, while runs write to the same file. Every queued run runs once, none overlaps another
 * of its pipeline, and no run fails for the database being locked.
 */
class SqliteSchedulerTest {

    @TempDir
    Path folder;

    @Test
    void twoServersOnOneSqliteStoreRunEachExecutionOnceAndNeverTwoAtOnce() {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 500);
        try (TestServer first = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "ticks", source, folder.resolve("ticks.db"),
                    "schedule: {every: 1s}\n");
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "pushed", source, folder.resolve("pushed.db"), "");
            return settings;
        }); FerryServer second = FerryServer.start(first.server().parts().settings())) {
            ApiClient toFirst = first.as(Role.OPERATOR);
            ApiClient toSecond = new ApiClient(second.url(), first.token(Role.OPERATOR));
            for (int i = 0; i < 4; i++) {
                assertThat(toFirst.post("/api/pipelines/pushed/trigger", null).status()).isEqualTo(202);
                assertThat(toSecond.post("/api/pipelines/pushed/trigger", null).status()).isEqualTo(202);
            }

            await().atMost(Duration.ofSeconds(90)).until(() -> succeeded(first, "pushed") == 8 && succeeded(first, "ticks") >= 6);

            for (String pipeline : List.of("pushed", "ticks")) {
                List<RunRecord> runs = first.server().parts().history().recentRuns(pipeline, 1000).stream()
                        .filter(run -> run.status() != RunStatus.RUNNING)
                        .sorted(Comparator.comparingLong(RunRecord::id)).toList();
                assertThat(runs).as(pipeline).allSatisfy(run -> assertThat(run.status()).as("run %d: %s", run.id(), run.error())
                        .isEqualTo(RunStatus.SUCCEEDED));
                for (int i = 1; i < runs.size(); i++) {
                    assertThat(runs.get(i).started()).as("%s run %d starts after run %d ended", pipeline, runs.get(i).id(),
                            runs.get(i - 1).id()).isAfterOrEqualTo(runs.get(i - 1).ended());
                }
            }
            assertThat(first.server().parts().history().recentRuns("pushed", 100)).hasSize(8)
                    .allSatisfy(run -> assertThat(run.trigger()).isEqualTo("trigger:test-operator"));
            assertThat(SqlitePipelines.count(folder.resolve("pushed.db"), "items")).isEqualTo(500);
        }
    }

    private static long succeeded(TestServer server, String pipeline) {
        return server.server().parts().history().recentRuns(pipeline, 1000).stream()
                .filter(run -> run.status() == RunStatus.SUCCEEDED).count();
    }
}
