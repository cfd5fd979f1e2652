package dev.ferry.server.notify;

import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StreamStats;
import dev.ferry.server.runs.RunEvent;
import dev.ferry.server.store.ServerDatabase;
import dev.ferry.server.store.Sql;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The streak rules on the server's real tables, on SQLite and on PostgreSQL. */
class FailureStreaksTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path folder;

    private long nextRun = 1;

    private StateConfig store(String kind) {
        return kind.equals("sqlite") ? new StateConfig("jdbc:sqlite:" + folder.resolve("state.db"), null, null)
                : new StateConfig(TestPostgres.freshDatabase("ferry_streaks"), null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void oneFailureNoticeAndOneRecoveryNoticePerStreakRememberedAcrossARestart(String kind) {
        StateConfig state = store(kind);
        List<Optional<Notice.Event>> decided = new ArrayList<>();
        try (ServerDatabase database = ServerDatabase.open(state)) {
            FailureStreaks streaks = new FailureStreaks(new Sql(database), CLOCK);
            decided.add(event(streaks.record(run("p", RunStatus.SUCCEEDED, "a", "b"))));
            decided.add(event(streaks.record(run("p", RunStatus.FAILED, "a", "b"))));
            decided.add(event(streaks.record(run("p", RunStatus.FAILED, "a", "b"))));
            decided.add(event(streaks.record(run("p", RunStatus.CANCELLED, "a"))));
            decided.add(event(streaks.record(run("p", RunStatus.INTERRUPTED))));
        }
        // A restart: a new node on the same store goes on with the same streak.
        try (ServerDatabase database = ServerDatabase.open(state)) {
            FailureStreaks streaks = new FailureStreaks(new Sql(database), CLOCK);
            decided.add(event(streaks.record(run("p", RunStatus.FAILED, "a", "b"))));
            decided.add(event(streaks.record(run("p", RunStatus.SUCCEEDED, "a", "b"))));
            assertThat(streaks.find("p")).hasValueSatisfying(streak -> {
                assertThat(streak.failing()).isFalse();
                assertThat(streak.firstFailedRun()).isEqualTo(2);
                assertThat(streak.failedRuns()).isEqualTo(3);
            });
            decided.add(event(streaks.record(run("p", RunStatus.SUCCEEDED, "a", "b"))));
            decided.add(event(streaks.record(run("p", RunStatus.FAILED, "a", "b"))));
            decided.add(event(streaks.record(run("p", RunStatus.SUCCEEDED, "a", "b"))));
        }
        assertThat(decided).containsExactly(Optional.empty(), Optional.of(Notice.Event.FAILURE), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(Notice.Event.RECOVERY), Optional.empty(),
                Optional.of(Notice.Event.FAILURE), Optional.of(Notice.Event.RECOVERY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aRunSeenTwiceOrLateChangesNothingAndPipelinesHaveTheirOwnStreaks(String kind) {
        try (ServerDatabase database = ServerDatabase.open(store(kind))) {
            FailureStreaks streaks = new FailureStreaks(new Sql(database), CLOCK);
            RunEvent.Finished failed = run("p", RunStatus.FAILED, "a");
            assertThat(event(streaks.record(failed))).contains(Notice.Event.FAILURE);
            assertThat(event(streaks.record(failed))).isEmpty();
            assertThat(event(streaks.record(run("q", RunStatus.FAILED, "a")))).contains(Notice.Event.FAILURE);
            RunEvent.Finished late = run("p", RunStatus.SUCCEEDED, "a");
            assertThat(event(streaks.record(run("p", RunStatus.FAILED, "a")))).isEmpty();
            assertThat(event(streaks.record(late))).as("older than the newest run counted").isEmpty();
            assertThat(streaks.find("p").orElseThrow().failedRuns()).isEqualTo(2);
        }
    }

    @Test
    void aSuccessOfOtherStreamsOnlyDoesNotEndTheStreak() {
        try (ServerDatabase database = ServerDatabase.open(store("sqlite"))) {
            FailureStreaks streaks = new FailureStreaks(new Sql(database), CLOCK);
            assertThat(event(streaks.record(run("p", RunStatus.FAILED, "a", "b")))).contains(Notice.Event.FAILURE);
            assertThat(event(streaks.record(run("p", RunStatus.SUCCEEDED, "b")))).isEmpty();
            assertThat(streaks.find("p").orElseThrow().failing()).isTrue();
            assertThat(event(streaks.record(run("p", RunStatus.SUCCEEDED, "a")))).contains(Notice.Event.RECOVERY);

            // A run that failed before any stream (its source unreachable) is ended by any success.
            assertThat(event(streaks.record(new RunEvent.Finished(nextRun++, "p", "api:test", RunStatus.FAILED, "cannot connect",
                    List.of(), List.of(), Duration.ofSeconds(1), CLOCK.instant())))).contains(Notice.Event.FAILURE);
            assertThat(event(streaks.record(run("p", RunStatus.SUCCEEDED, "b")))).contains(Notice.Event.RECOVERY);

            // A failed run in which b succeeded leaves only a failing.
            assertThat(event(streaks.record(run("p", RunStatus.FAILED, "a", "b")))).contains(Notice.Event.FAILURE);
            assertThat(event(streaks.record(new RunEvent.Finished(nextRun++, "p", "api:test", RunStatus.FAILED, "a: broken",
                    List.of(StreamStats.empty("a"), StreamStats.empty("b")), List.of("a"), Duration.ofSeconds(1),
                    CLOCK.instant())))).isEmpty();
            assertThat(streaks.find("p").orElseThrow().failedStreams()).containsExactly("a");
            assertThat(event(streaks.record(run("p", RunStatus.SUCCEEDED, "a")))).contains(Notice.Event.RECOVERY);
        }
    }

    private static Optional<Notice.Event> event(Optional<FailureStreaks.Transition> transition) {
        return transition.map(FailureStreaks.Transition::event);
    }

    /**
     * A finished run of {@code streams}: when failed, all of them failed.
     */
    private RunEvent.Finished run(String pipeline, RunStatus status, String... streams) {
        List<StreamStats> stats = java.util.Arrays.stream(streams).map(StreamStats::empty).toList();
        List<String> failed = status == RunStatus.FAILED ? List.of(streams) : List.of();
        return new RunEvent.Finished(nextRun++, pipeline, "api:test", status,
                status == RunStatus.FAILED ? String.join("\n", failed) + ": broken" : null, stats, failed,
                Duration.ofSeconds(1), CLOCK.instant());
    }
}
