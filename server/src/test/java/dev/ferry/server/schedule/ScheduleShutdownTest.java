package dev.ferry.server.schedule;

import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.server.FerryServer;
import dev.ferry.server.ServerSettings;
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
 * A server stopped while a queued run goes on: the run stops at a batch boundary, and its
 * execution stays in the store, due at once, so the next node to start (or another running node)
 * runs it again from the checkpoint.
 */
class ScheduleShutdownTest {

    @TempDir
    Path folder;

    @Test
    void aRunStoppedByAShutdownIsRunAgainByTheNextServer() {
        Path source = folder.resolve("source.db");
        Path destination = folder.resolve("destination.db");
        SqlitePipelines.sourceWithItems(source, 60_000);
        ServerSettings settings;
        try (TestServer server = TestServer.start(folder, s -> {
            SqlitePipelines.itemsPipeline(s.pipelinesFolder(), "long", source, destination,
                    "    sync: incremental\n    cursor: id\nbatch_size: 100\ncommit_every: 100\n");
            return s;
        })) {
            settings = server.server().parts().settings();
            assertThat(server.as(Role.OPERATOR).post("/api/pipelines/long/trigger", null).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).until(() -> java.nio.file.Files.exists(destination)
                    && server.server().parts().runs().active().stream().anyMatch(run -> run.progress().stream()
                    .anyMatch(stream -> stream.written() > 0)));
        }
        List<RunRecord> stopped = runs(settings);
        assertThat(stopped).singleElement().satisfies(run -> assertThat(run.status()).isEqualTo(RunStatus.CANCELLED));

        try (FerryServer again = FerryServer.start(settings)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> runs(settings).size() == 2
                    && runs(settings).get(1).status() == RunStatus.SUCCEEDED);
            RunRecord resumed = runs(settings).get(1);
            assertThat(resumed.trigger()).isEqualTo("trigger:test-operator");
            assertThat(resumed.totalRead()).as("resumes from the checkpoint").isLessThan(60_000);
            assertThat(SqlitePipelines.count(destination, "items")).isEqualTo(60_000);
        }
    }

    private static List<RunRecord> runs(ServerSettings settings) {
        try (var store = dev.ferry.engine.state.StateStores.open(settings.state())) {
            return store.recentRuns("long", 10).stream().sorted(Comparator.comparingLong(RunRecord::id)).toList();
        }
    }
}
