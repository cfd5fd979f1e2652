package dev.ferry.server.ui;

import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.SseReader;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overview refreshes its pipeline table when a run of this node starts or ends: it follows a
 * stream of run events (only the pipeline's name), for signed-in browsers only, and still polls for
 * the runs of other nodes.
 */
class OverviewEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    @Test
    void aRunStartingAndEndingIsToldToTheOverviewByName() throws Exception {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 5);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "items-copy", source, folder.resolve("copy.db"), "");
            return settings;
        })) {
            DashboardClient viewer = DashboardClient.signIn(server, "vera", Role.VIEWER);
            assertThat(viewer.get(UiPaths.OVERVIEW).body()).contains("sse-connect=\"" + UiPaths.RUN_EVENTS + "\"")
                    .contains("hx-trigger=\"sse:run, every 5s\"");
            SseReader anonymous = new SseReader(server.server().url() + UiPaths.RUN_EVENTS, Map.of());
            assertThat(anonymous.status()).isEqualTo(401);
            anonymous.close();

            try (SseReader events = viewer.follow(UiPaths.RUN_EVENTS, null)) {
                assertThat(events.next(WAIT).comment()).isEqualTo("following runs");
                DashboardClient operator = DashboardClient.signIn(server, "olga", Role.OPERATOR);
                RunPageTest.syncNow(operator, "items-copy");
                SseReader.Event started = events.nextEvent(WAIT);
                assertThat(started.name()).isEqualTo("run");
                assertThat(started.data()).isEqualTo("items-copy");
                SseReader.Event ended = events.nextEvent(WAIT);
                assertThat(ended.name()).isEqualTo("run");
                assertThat(ended.data()).isEqualTo("items-copy");
            }
        }
    }
}
