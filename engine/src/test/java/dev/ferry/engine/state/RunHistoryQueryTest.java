package dev.ferry.engine.state;

import dev.ferry.engine.config.StateConfig;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stream timings and errors, run filters with paging, and reading a log after a line: on both engines. */
class RunHistoryQueryTest {
    @TempDir
    Path dir;

    private StateConfig config(String engine) {
        return switch (engine) {
            case "sqlite" -> new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null);
            case "postgresql" -> new StateConfig(TestPostgres.freshDatabase("runs"), null, null);
            default -> throw new IllegalArgumentException(engine);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void eachStreamKeepsItsStartEndAndError(String engine) {
        try (StateStore store = StateStores.open(config(engine))) {
            long run = store.startRun("shop", "cli");
            Instant before = Instant.ofEpochMilli(System.currentTimeMillis());
            store.startStream(run, "orders");
            RunRecord running = store.run(run).orElseThrow();
            assertThat(running.streamRuns()).singleElement().satisfies(stream -> {
                assertThat(stream.stream()).isEqualTo("orders");
                assertThat(stream.started()).isAfterOrEqualTo(before);
                assertThat(stream.ended()).as("still running").isNull();
                assertThat(stream.stats()).isEqualTo(StreamStats.empty("orders"));
            });

            store.finishStream(run, new StreamStats("orders", 5, 4, 1, 0, 0, 0), null);
            store.startStream(run, "customers");
            store.finishStream(run, new StreamStats("customers", 2, 0, 0, 0, 0, 0), "connection reset");
            store.finishRun(run, RunStatus.FAILED, "customers: connection reset");

            RunRecord done = store.run(run).orElseThrow();
            assertThat(done.streams()).extracting(StreamStats::stream).containsExactly("orders", "customers");
            assertThat(done.streams().getFirst()).isEqualTo(new StreamStats("orders", 5, 4, 1, 0, 0, 0));
            StreamRun orders = done.streamRuns().get(0);
            StreamRun customers = done.streamRuns().get(1);
            assertThat(orders.error()).isNull();
            assertThat(orders.failed()).isFalse();
            assertThat(orders.ended()).isAfterOrEqualTo(orders.started());
            assertThat(customers.error()).isEqualTo("connection reset");
            assertThat(customers.started()).isAfterOrEqualTo(orders.ended());
            assertThat(customers.duration().isNegative()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void runsAreFilteredByPipelineStatusTimeAndErrorTextAndPaged(String engine) throws SQLException {
        StateConfig config = config(engine);
        try (StateStore store = StateStores.open(config)) {
            long a1 = finished(store, "alpha", RunStatus.SUCCEEDED, null);
            long a2 = finished(store, "alpha", RunStatus.FAILED, "orders: Connection REFUSED by 10.0.0.1");
            long b1 = finished(store, "beta", RunStatus.FAILED, "customers: duplicate key 100%_done");
            long b2 = finished(store, "beta", RunStatus.CANCELLED, null);
            long b3 = store.startRun("beta", "api");
            // Starts one day apart, so time ranges are exact.
            Instant day0 = Instant.parse("2026-03-01T00:00:00Z");
            List<Long> ids = List.of(a1, a2, b1, b2, b3);
            for (int i = 0; i < ids.size(); i++) {
                setStart(config, ids.get(i), day0.plusSeconds(86_400L * i));
            }

            assertThat(ids(store.findRuns(RunFilter.all()))).containsExactly(b3, b2, b1, a2, a1);
            assertThat(ids(store.findRuns(RunFilter.all().withPipeline("alpha")))).containsExactly(a2, a1);
            assertThat(ids(store.findRuns(RunFilter.all().withStatuses(Set.of(RunStatus.FAILED, RunStatus.RUNNING)))))
                    .containsExactly(b3, b1, a2);
            assertThat(ids(store.findRuns(RunFilter.all().withErrorText("connection refused")))).containsExactly(a2);
            assertThat(ids(store.findRuns(RunFilter.all().withErrorText("100%_")))).as("LIKE wildcards are literal")
                    .containsExactly(b1);
            assertThat(ids(store.findRuns(RunFilter.all().withErrorText("0%d")))).isEmpty();
            assertThat(ids(store.findRuns(RunFilter.all().withStartedFrom(day0.plusSeconds(86_400))
                    .withStartedTo(day0.plusSeconds(3 * 86_400))))).as("from inclusive, to exclusive")
                    .containsExactly(b1, a2);

            RunPage page = store.findRuns(RunFilter.all().withPipeline("beta").withLimit(2).withOffset(1));
            assertThat(ids(page)).containsExactly(b2, b1);
            assertThat(page.total()).isEqualTo(3);
            assertThat(page.limit()).isEqualTo(2);
            assertThat(page.offset()).isEqualTo(1);
            RunPage beyond = store.findRuns(RunFilter.all().withOffset(10));
            assertThat(beyond.items()).isEmpty();
            assertThat(beyond.total()).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aLogIsReadAfterTheLastLineSeen(String engine) {
        try (StateStore store = StateStores.open(config(engine))) {
            long run = store.startRun("shop", "cli");
            long other = store.startRun("other", "cli");
            store.log(run, "INFO", null, "one");
            store.log(other, "INFO", null, "elsewhere");
            store.log(run, "WARN", "orders", "two");
            store.log(run, "ERROR", "orders", "three");

            List<LogLine> all = store.runLog(run);
            assertThat(all).extracting(LogLine::message).containsExactly("one", "two", "three");
            assertThat(all).extracting(LogLine::id).isSorted().doesNotHaveDuplicates().allMatch(id -> id > 0);

            List<LogLine> firstTwo = store.runLog(run, 0, 2);
            assertThat(firstTwo).extracting(LogLine::message).containsExactly("one", "two");
            assertThat(store.runLog(run, firstTwo.getLast().id(), 100)).extracting(LogLine::message)
                    .containsExactly("three");
            assertThat(store.runLog(run, all.getLast().id(), 100)).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void aFilterRefusesAPageOutOfRangeAndABackwardsTimeRange() {
        assertThatThrownBy(() -> RunFilter.all().withLimit(0)).hasMessageContaining("limit");
        assertThatThrownBy(() -> RunFilter.all().withOffset(-1)).hasMessageContaining("offset");
        assertThatThrownBy(() -> RunFilter.all().withStartedFrom(Instant.parse("2026-01-02T00:00:00Z"))
                .withStartedTo(Instant.parse("2026-01-01T00:00:00Z"))).hasMessageContaining("before it starts");
    }

    private static long finished(StateStore store, String pipeline, RunStatus status, String error) {
        long run = store.startRun(pipeline, "cli");
        store.finishRun(run, status, error);
        return run;
    }

    private static List<Long> ids(RunPage page) {
        return page.items().stream().map(RunRecord::id).toList();
    }

    private static void setStart(StateConfig config, long runId, Instant started) throws SQLException {
        try (Connection connection = DriverManager.getConnection(config.url());
             PreparedStatement update = connection.prepareStatement("UPDATE ferry_run SET started_at = ? WHERE id = ?")) {
            update.setLong(1, started.toEpochMilli());
            update.setLong(2, runId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aRunListsTheRowsItSetAsideThatAreStillQuarantined(String engine) {
        try (StateStore store = StateStores.open(config(engine))) {
            StreamKey orders = new StreamKey("shop", "orders");
            long first = store.startRun("shop", "cli");
            store.quarantine(orders, first, List.of(bad("1", "amount is not a number"), bad("2", "too long"),
                    bad("3", "no date")));
            long second = store.startRun("shop", "cli");
            // Row 2 is refused again: its entry now belongs to the second run.
            store.quarantine(orders, second, List.of(bad("2", "still too long")));

            assertThat(store.quarantinedByRun(first, 10)).extracting(QuarantineEntry::rowKey).containsExactly("1", "3");
            assertThat(store.quarantinedByRun(first, 1)).extracting(QuarantineEntry::error)
                    .containsExactly("amount is not a number");
            assertThat(store.quarantinedByRunCount(first)).isEqualTo(2);
            assertThat(store.quarantinedByRun(second, 10)).singleElement().satisfies(entry -> {
                assertThat(entry.stream()).isEqualTo("orders");
                assertThat(entry.error()).isEqualTo("still too long");
            });
            assertThat(store.quarantinedByRunCount(second + 1)).isZero();
            assertThat(store.quarantinedByRun(second + 1, 10)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theLatestRunOfEachPipelineComesWithItsStreams(String engine) {
        try (StateStore store = StateStores.open(config(engine))) {
            long shop1 = store.startRun("shop", "cli");
            store.finishStream(shop1, new StreamStats("orders", 5, 5, 0, 0, 0, 0), null);
            store.finishRun(shop1, RunStatus.SUCCEEDED, null);
            long crm = store.startRun("crm", "cli");
            store.finishRun(crm, RunStatus.FAILED, "refused");
            long shop2 = store.startRun("shop", "schedule");
            store.finishStream(shop2, new StreamStats("orders", 7, 1, 2, 4, 0, 0), null);
            store.finishStream(shop2, new StreamStats("customers", 3, 3, 0, 0, 0, 0), null);

            java.util.Map<String, RunRecord> latest = store.latestRuns(List.of("shop", "crm", "never-ran", "shop"));
            assertThat(latest).containsOnlyKeys("shop", "crm");
            assertThat(latest.get("shop").id()).isEqualTo(shop2);
            assertThat(latest.get("shop").status()).isEqualTo(RunStatus.RUNNING);
            assertThat(latest.get("shop").streams()).containsExactly(new StreamStats("orders", 7, 1, 2, 4, 0, 0),
                    new StreamStats("customers", 3, 3, 0, 0, 0, 0));
            assertThat(latest.get("crm").error()).isEqualTo("refused");
            assertThat(store.latestRuns(List.of())).isEmpty();
            assertThat(store.recentRuns(null, 10)).extracting(RunRecord::id).containsExactly(shop2, crm, shop1);
            assertThat(store.recentRuns(null, 10).get(2).streams()).containsExactly(new StreamStats("orders", 5, 5, 0, 0, 0, 0));
        }
    }

    private static BadRow bad(String key, String error) {
        return new BadRow(key, QuarantineStage.TRANSFORM, error, new RowSnapshot(List.of(
                new RowSnapshot.Field("id", dev.ferry.api.ColumnType.INTEGER, key))));
    }
}
