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
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The run history added up per span of time, as the dashboard's charts read it: on both engines. */
class RunTotalsTest {
    private static final Instant DAY0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path dir;

    private StateConfig config(String engine) {
        return switch (engine) {
            case "sqlite" -> new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null);
            case "postgresql" -> new StateConfig(TestPostgres.freshDatabase("totals"), null, null);
            default -> throw new IllegalArgumentException(engine);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void runsAreAddedUpPerDayWithTheirRowsAndDurations(String engine) throws SQLException {
        StateConfig config = config(engine);
        try (StateStore store = StateStores.open(config)) {
            long before = run(store, "alpha", RunStatus.SUCCEEDED, 5);
            long ok = run(store, "alpha", RunStatus.SUCCEEDED, 7);
            long failed = run(store, "beta", RunStatus.FAILED, 2);
            long interrupted = run(store, "beta", RunStatus.INTERRUPTED, 0);
            long nextDay = run(store, "alpha", RunStatus.SUCCEEDED, 11);
            long cancelled = run(store, "beta", RunStatus.CANCELLED, 1);
            long running = store.startRun("gamma", "api");
            long after = run(store, "alpha", RunStatus.SUCCEEDED, 100);
            times(config, before, DAY0.minusSeconds(1), Duration.ofSeconds(9));
            times(config, ok, DAY0, Duration.ofSeconds(3));
            times(config, failed, DAY0.plusSeconds(3600), Duration.ofSeconds(4));
            times(config, interrupted, DAY0.plusSeconds(7200), Duration.ofMillis(500));
            times(config, nextDay, DAY0.plus(DAY).plusSeconds(60), Duration.ofSeconds(20));
            times(config, cancelled, DAY0.plus(DAY.multipliedBy(2)), Duration.ofSeconds(1));
            times(config, running, DAY0.plus(DAY.multipliedBy(2)).plusSeconds(5), null);
            times(config, after, DAY0.plus(DAY.multipliedBy(3)), Duration.ofSeconds(1));

            List<RunTotals> totals = store.runTotals(DAY0, DAY0.plus(DAY.multipliedBy(3)), DAY);

            assertThat(totals).containsExactly(
                    new RunTotals(DAY0, 3, 1, 2, 9, Duration.ofMillis(7_500)),
                    new RunTotals(DAY0.plus(DAY), 1, 1, 0, 11, Duration.ofSeconds(20)),
                    new RunTotals(DAY0.plus(DAY.multipliedBy(2)), 2, 0, 0, 1, Duration.ofSeconds(1)));
            assertThat(store.runTotals(DAY0.minus(DAY.multipliedBy(30)), DAY0.minus(DAY), DAY)).as("no runs then")
                    .isEmpty();
        }
    }

    /**
     * 100,000 ended runs over two weeks, three streams each, as {@code finishRun} leaves them: the
     * chart's query stays well under a page's budget.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aHundredThousandRunsAreAddedUpQuickly(String engine) throws SQLException {
        StateConfig config = config(engine);
        int runs = 100_000;
        try (StateStore store = StateStores.open(config)) {
            store.startRun("warm-up", "cli"); // the schema exists from here on
            try (Connection connection = DriverManager.getConnection(config.url())) {
                connection.setAutoCommit(false);
                try (PreparedStatement run = connection.prepareStatement("INSERT INTO ferry_run (id, pipeline, trigger_by, "
                        + "started_at, ended_at, status, rows_written) VALUES (?, ?, 'every', ?, ?, ?, 30)");
                     PreparedStatement stream = connection.prepareStatement("INSERT INTO ferry_run_stream (run_id, stream, "
                             + "position, rows_read, rows_written, rows_deleted, rows_failed, rows_skipped) "
                             + "VALUES (?, ?, ?, 10, 10, 0, 0, 0)")) {
                    for (int i = 0; i < runs; i++) {
                        long id = 1_000 + i;
                        long start = DAY0.toEpochMilli() + i * (14 * DAY.toMillis() / runs);
                        run.setLong(1, id);
                        run.setString(2, "pipeline-" + i % 100);
                        run.setLong(3, start);
                        run.setLong(4, start + 1_000);
                        run.setString(5, i % 10 == 0 ? "FAILED" : "SUCCEEDED");
                        run.addBatch();
                        for (int s = 0; s < 3; s++) {
                            stream.setLong(1, id);
                            stream.setString(2, "stream" + s);
                            stream.setInt(3, s);
                            stream.addBatch();
                        }
                        if (i % 5_000 == 4_999) {
                            run.executeBatch();
                            stream.executeBatch();
                        }
                    }
                }
                connection.commit();
            }
            if (engine.equals("postgresql")) {
                analyze(config);
            }
            List<RunTotals> totals = store.runTotals(DAY0, DAY0.plus(DAY.multipliedBy(14)), DAY); // warm
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                totals = store.runTotals(DAY0, DAY0.plus(DAY.multipliedBy(14)), DAY);
                best = Math.min(best, System.nanoTime() - start);
            }
            assertThat(totals).hasSize(14);
            assertThat(totals.stream().mapToLong(RunTotals::runs).sum()).isEqualTo(runs);
            assertThat(totals.stream().mapToLong(RunTotals::failed).sum()).isEqualTo(runs / 10);
            assertThat(totals.stream().mapToLong(RunTotals::written).sum()).isEqualTo(runs * 30L);
            System.out.printf("runTotals over %,d runs on %s: %d ms%n", runs, engine, best / 1_000_000);
            // generous for a busy machine: it took 50 to 100 ms on a quiet one
            assertThat(Duration.ofNanos(best)).as("one aggregate query on an index").isLessThan(Duration.ofMillis(500));
        }
    }

    private static long run(StateStore store, String pipeline, RunStatus status, long written) {
        long run = store.startRun(pipeline, "cli");
        store.finishStream(run, new StreamStats("items", written, written, 0, 0, 0, 0), null);
        store.finishRun(run, status, status == RunStatus.SUCCEEDED ? null : "boom");
        return run;
    }

    private static void times(StateConfig config, long runId, Instant started, Duration took) throws SQLException {
        try (Connection connection = DriverManager.getConnection(config.url());
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE ferry_run SET started_at = ?, ended_at = ? WHERE id = ?")) {
            update.setLong(1, started.toEpochMilli());
            if (took == null) {
                update.setNull(2, java.sql.Types.BIGINT);
            } else {
                update.setLong(2, started.plus(took).toEpochMilli());
            }
            update.setLong(3, runId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static void analyze(StateConfig config) throws SQLException {
        try (Connection connection = DriverManager.getConnection(config.url());
             var statement = connection.createStatement()) {
            statement.execute("ANALYZE ferry_run");
            statement.execute("ANALYZE ferry_run_stream");
        }
    }
}
