package dev.ferry.server.schedule;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.TestServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs missed while no server ran, on a real server: the hourly schedule's pending execution is
 * moved two and a half hours into the past, as a stop of every node would have left it (three
 * regular times missed), and the server picks it up.
 */
class CatchUpServerTest {

    @TempDir
    Path folder;

    @ParameterizedTest(name = "catch_up: {0} runs {1} time(s)")
    @CsvSource({"none, 0", "one, 1", "all, 3"})
    void missedRunsAreCaughtUpAsConfigured(String catchUp, int expectedRuns) {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 10);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "hourly", source, folder.resolve("d.db"),
                    "schedule:\n  every: 1h\n  catch_up: " + catchUp + "\n");
            return settings;
        })) {
            ScheduleService schedules = server.server().parts().schedules();
            Instant missed = Instant.now().minus(Duration.ofMinutes(150)).truncatedTo(ChronoUnit.MILLIS);
            Instant nextRegular = missed.plus(Duration.ofHours(3));

            assertThat(schedules.scheduler().reschedule(ScheduleService.scheduleId("hourly"), missed,
                    ScheduleState.regular(missed, "every PT1H"))).isTrue();

            await().atMost(Duration.ofSeconds(60)).until(() -> schedules.scheduler().getScheduledExecution(
                            ScheduleService.scheduleId("hourly")).filter(execution -> !execution.isPicked())
                    .map(ScheduledExecution::getExecutionTime).filter(nextRegular::equals).isPresent());
            List<RunRecord> runs = server.server().parts().history().recentRuns("hourly", 100);
            assertThat(runs).hasSize(expectedRuns)
                    .allSatisfy(run -> {
                        assertThat(run.trigger()).isEqualTo("schedule");
                        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
                    });
            if (expectedRuns < 2) {
                assertThat(schedules.schedulerLag()).as("the scheduler lag shows how late the missed time was picked")
                        .isGreaterThanOrEqualTo(Duration.ofMinutes(150));
            }
            assertThat(schedules.schedules()).singleElement().satisfies(view -> assertThat(view.nextDue()).isEqualTo(nextRegular));
        }
    }
}
