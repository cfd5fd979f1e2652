package dev.ferry.cli.e2e;

import dev.ferry.api.Checkpoint;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.engine.state.StreamKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM, as a scheduler or {@code docker stop} sends it, stops {@code ferry run} gracefully: the
 * process exits 0, no run is left RUNNING in the history, and what was committed is consistent
 * with the stored checkpoint, so the next run completes the sync. {@link Process#destroy()} sends
 * SIGTERM on Linux.
 */
class SigtermTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final String ROWS_OF_EVENTS = "select id, payload, amount, seq from events order by id";

    @TempDir
    Path dir;

    @Test
    void sigtermBetweenScheduledRunsExitsZeroWithEveryRunEndedAndBothSidesEqual() throws Exception {
        Path source = dir.resolve("source.db");
        Path destination = dir.resolve("warehouse.db");
        ChildFerry.createEvents(source, 1_000);
        Files.writeString(dir.resolve("pipeline.yml"), pipeline("ticker", 2_000));
        Path log = dir.resolve("ferry.log");

        Process ferry = ChildFerry.start(dir, log, Map.of(), "run", "pipeline.yml", "--every", "1s");
        try {
            ChildFerry.awaitWhileAlive(ferry, log, "two scheduled runs", STARTUP, () -> ChildFerry.logText(log).contains("INFO run 2 succeeded"));
            // Changes made while the schedule runs: new rows, and updated rows with a later cursor.
            execute(source, "insert into events select id + 1000, 'late ' || id, id, seq + 1000 from events where id <= 50",
                    "update events set payload = 'changed', seq = 5000 + id where id % 100 = 0");
            ChildFerry.awaitWhileAlive(ferry, log, "a later run to copy the changes", STARTUP,
                    () -> digestIfPresent(destination).equals(Optional.of(digest(source))));

            ferry.destroy();

            assertThat(ferry.waitFor(30, TimeUnit.SECONDS)).as("exits within 30 s of SIGTERM").isTrue();
        } finally {
            ferry.destroyForcibly();
        }
        String output = ChildFerry.logText(log);
        assertThat(ferry.exitValue()).as(output).isZero();
        assertThat(output).contains("ferry: stopping after the current batch...");
        List<RunRecord> runs = runs(dir, "ticker");
        assertThat(runs).hasSizeGreaterThanOrEqualTo(3);
        assertThat(runs).allSatisfy(run -> {
            assertThat(run.trigger()).isEqualTo("every");
            assertThat(run.ended()).as("run %d ended", run.id()).isNotNull();
            assertThat(run.status()).as("run %d", run.id()).isIn(RunStatus.SUCCEEDED, RunStatus.CANCELLED);
        });
        assertThat(digest(destination)).isEqualTo(digest(source));
        assertThat(ChildFerry.countEvents(destination)).isEqualTo(1_050);
    }

    @Test
    void sigtermDuringALargeRunCommitsUpToTheCheckpointAndTheNextRunCompletesTheSync() throws Exception {
        int rows = 500_000;
        Path source = dir.resolve("source.db");
        Path destination = dir.resolve("warehouse.db");
        ChildFerry.createEvents(source, rows);
        Files.writeString(dir.resolve("pipeline.yml"), pipeline("big", 500));
        Path log = dir.resolve("ferry.log");

        Process ferry = ChildFerry.start(dir, log, Map.of(), "run", "pipeline.yml");
        try {
            ChildFerry.awaitWhileAlive(ferry, log, "the first rows to be committed", STARTUP, () -> ChildFerry.countEventsIfPresent(destination) >= 10_000);

            ferry.destroy();

            assertThat(ferry.waitFor(30, TimeUnit.SECONDS)).as("exits within 30 s of SIGTERM").isTrue();
        } finally {
            ferry.destroyForcibly();
        }
        String output = ChildFerry.logText(log);
        assertThat(ferry.exitValue()).as(output).isZero();
        assertThat(output).contains("ferry: stopping after the current batch...");
        RunRecord stopped = runs(dir, "big").getFirst();
        assertThat(stopped.ended()).isNotNull();
        assertThat(stopped.status()).isIn(RunStatus.CANCELLED, RunStatus.SUCCEEDED);
        long cursor = storedCursor(dir, new StreamKey("big", "events"));
        if (stopped.status() == RunStatus.CANCELLED) {
            assertThat(output).contains("[events] stopped: ").contains("run 1 cancelled");
            assertThat(cursor).isLessThan(rows);
        }
        assertThat(ChildFerry.countEvents(destination)).as("the destination holds exactly the rows up to the stored checkpoint")
                .isEqualTo(cursor);
        assertThat(stopped.streams().getFirst().written()).isEqualTo(cursor);

        Path rerunLog = dir.resolve("rerun.log");
        Process rerun = ChildFerry.start(dir, rerunLog, Map.of(), "run", "pipeline.yml");
        try {
            assertThat(rerun.waitFor(120, TimeUnit.SECONDS)).isTrue();
        } finally {
            rerun.destroyForcibly();
        }
        assertThat(rerun.exitValue()).as(ChildFerry.logText(rerunLog)).isZero();
        RunRecord completed = runs(dir, "big").getFirst();
        assertThat(completed.id()).isEqualTo(stopped.id() + 1);
        assertThat(completed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(completed.totalRead()).as("resumes at the checkpoint, inclusive").isEqualTo(rows - cursor + 1);
        assertThat(ChildFerry.countEvents(destination)).isEqualTo(rows);
        assertThat(digest(destination)).isEqualTo(digest(source));
    }

    private static String pipeline(String name, int batchSize) {
        return """
                pipeline: %s
                connections:
                  src: {url: "jdbc:sqlite:source.db"}
                  dst: {url: "jdbc:sqlite:warehouse.db"}
                source: src
                destination: dst
                state: {url: "jdbc:sqlite:state.db"}
                batch_size: %d
                commit_every: %d
                streams:
                  - table: events
                    sync: incremental
                    cursor: seq
                """.formatted(name, batchSize, batchSize);
    }


    private static void execute(Path database, String... statements) throws SQLException {
        try (Connection connection = sqlite(database); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }



    private static List<RunRecord> runs(Path dir, String pipeline) {
        try (StateStore state = openState(dir)) {
            return state.recentRuns(pipeline, 100);
        }
    }

    private static long storedCursor(Path dir, StreamKey stream) {
        try (StateStore state = openState(dir)) {
            Checkpoint checkpoint = state.checkpoint(stream).orElseThrow();
            return ((Number) ((Checkpoint.CursorValue) checkpoint).value()).longValue();
        }
    }

    private static StateStore openState(Path dir) {
        return StateStores.open(new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null));
    }

    private static Connection sqlite(Path database) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + database);
    }



    private static Optional<String> digestIfPresent(Path database) throws Exception {
        if (!Files.exists(database)) {
            return Optional.empty();
        }
        try {
            return Optional.of(digest(database));
        } catch (SQLException notCreatedYet) {
            return Optional.empty();
        }
    }

    /** Row count and an MD5 of every value of every row in key order. */
    private static String digest(Path database) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        long rows = 0;
        try (Connection connection = sqlite(database); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(ROWS_OF_EVENTS)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                rows++;
                for (int i = 1; i <= columns; i++) {
                    String value = result.getString(i);
                    md5.update((value == null ? "\u0000" : value).getBytes(StandardCharsets.UTF_8));
                    md5.update((byte) '|');
                }
            }
        }
        return rows + " rows, " + HexFormat.of().formatHex(md5.digest());
    }
}
