package dev.ferry.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.Ferry;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.state.PipelineLock;
import dev.ferry.engine.state.RunProcess;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code ferry run} tells about itself, in real child processes: a second run of a pipeline is
 * refused (or waits) while one holds the pipeline's lock; a run killed with SIGKILL is found and
 * marked interrupted, and its lock is free again; {@code --every} backs off after failed runs and
 * exits 1 on SIGTERM when its last run failed.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RunHonestyTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The state store of the test's pipeline; a SQLite file beside it unless a test chooses PostgreSQL. */
    private String stateUrl = "jdbc:sqlite:state.db";

    @Test
    void aSecondRunIsRefusedWithExitCode3NamingTheRunningOneOrWaitsForItWithWait() throws Exception {
        createEvents(dir.resolve("source.db"), 100);
        Files.writeString(dir.resolve("pipeline.yml"), pipeline("events", 100));
        Path refusedLog = dir.resolve("refused.log");
        Path waitingLog = dir.resolve("waiting.log");
        long running;
        Process waiting;
        // This test's JVM is the process with a run in progress: it holds the lock a child must respect.
        try (StateStore state = openState(); PipelineLock lock = state.tryLockPipeline("events").orElseThrow()) {
            running = state.startRun("events", "cli");

            Process refused = ChildFerry.start(dir, refusedLog, Map.of(), "run", "pipeline.yml");
            assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();

            String output = Files.readString(refusedLog);
            assertThat(refused.exitValue()).as(output).isEqualTo(3);
            assertThat(output).contains("ferry: pipeline events is already running: run " + running + " (pid "
                    + ProcessHandle.current().pid() + " on host " + RunProcess.current().host() + ", started ")
                    .contains("nothing was run (use --wait to wait for it to end)");
            assertThat(state.recentRuns("events", 10)).extracting(RunRecord::id).containsExactly(running);
            assertThat(dir.resolve("warehouse.db")).doesNotExist();
            Result status = ferry("status", "pipeline.yml");
            assertThat(status.out().lines().map(String::strip)).as(status.out())
                    .contains("running in pid " + ProcessHandle.current().pid() + " on host " + RunProcess.current().host());

            waiting = ChildFerry.start(dir, waitingLog, Map.of(), "run", "pipeline.yml", "--wait");
            ChildFerry.awaitWhileAlive(waiting, waitingLog, "the waiting message", STARTUP, () -> ChildFerry.logText(waitingLog)
                    .contains("pipeline events is already running: run " + running));
            Thread.sleep(1_500);
            assertThat(waiting.isAlive()).as("still waiting: " + ChildFerry.logText(waitingLog)).isTrue();
            assertThat(state.recentRuns("events", 10)).hasSize(1);
            state.finishRun(running, RunStatus.SUCCEEDED, null);
        }
        try {
            assertThat(waiting.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            waiting.destroyForcibly();
        }
        assertThat(waiting.exitValue()).as(ChildFerry.logText(waitingLog)).isZero();
        List<RunRecord> runs = runs("events");
        assertThat(runs).extracting(RunRecord::status).containsExactly(RunStatus.SUCCEEDED, RunStatus.SUCCEEDED);
        assertThat(runs.getFirst().totalWritten()).isEqualTo(100);
        assertThat(runs.getFirst().process().pid()).isEqualTo(waiting.pid());
    }

    @ParameterizedTest(name = "state in {0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aRunKilledWithSigkillIsMarkedInterruptedOnTheNextOpenAndItsLockIsFree(String stateEngine) throws Exception {
        int rows = 300_000;
        Path destination = dir.resolve("warehouse.db");
        createEvents(dir.resolve("source.db"), rows);
        stateUrl = stateEngine.equals("sqlite") ? stateUrl : TestPostgres.freshDatabase("honest_state");
        Files.writeString(dir.resolve("pipeline.yml"), pipeline("big", 500));
        Path log = dir.resolve("killed.log");

        Process killed = ChildFerry.start(dir, log, Map.of(), "run", "pipeline.yml");
        try {
            ChildFerry.awaitWhileAlive(killed, log, "the first rows to be committed", STARTUP, () -> ChildFerry.countEventsIfPresent(destination) >= 5_000);
            killed.destroyForcibly();
            assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            killed.destroyForcibly();
        }

        // PostgreSQL ends the killed process's session, and with it the lock, once it sees the socket closed.
        long deadline = System.nanoTime() + 10_000_000_000L;
        Result status = ferry("status", "pipeline.yml");
        while (!status.out().contains("interrupted") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = ferry("status", "pipeline.yml");
        }
        Result json = ferry("status", "pipeline.yml", "--json");

        assertThat(status.exitCode()).as(status.err()).isZero();
        List<String> lines = status.out().lines().map(String::strip).toList();
        assertThat(lines.getFirst()).matches("#1\\s+big\\s+interrupted\\s.*");
        assertThat(lines).contains("interrupted: its process (pid " + killed.pid() + " on host "
                + RunProcess.current().host() + ") ended without finishing it (killed or crashed); what it committed"
                + " stays, and the next run resumes from the last stored checkpoint");
        JsonNode run = JSON.readTree(json.out()).get(0);
        assertThat(run.get("status").asText()).isEqualTo("INTERRUPTED");
        assertThat(run.get("process").get("pid").asLong()).isEqualTo(killed.pid());
        assertThat(run.get("ended").isNull()).as("its last sign of life").isFalse();

        Path rerunLog = dir.resolve("rerun.log");
        Process rerun = ChildFerry.start(dir, rerunLog, Map.of(), "run", "pipeline.yml");
        try {
            assertThat(rerun.waitFor(120, TimeUnit.SECONDS)).isTrue();
        } finally {
            rerun.destroyForcibly();
        }
        assertThat(rerun.exitValue()).as("the lock died with the killed process: " + ChildFerry.logText(rerunLog)).isZero();
        assertThat(runs("big")).extracting(RunRecord::status).containsExactly(RunStatus.SUCCEEDED, RunStatus.INTERRUPTED);
        assertThat(ChildFerry.countEvents(destination)).isEqualTo(rows);
    }

    @Test
    void aRunStoppedAtOnceByASecondCtrlCExits130AndIsMarkedInterrupted() throws Exception {
        createEvents(dir.resolve("source.db"), 1_000_000);
        // The second Ctrl+C races the graceful stop the first one asked for. When the stop wins (its
        // batch was written before the second signal arrived), the run is rightly recorded as
        // cancelled; the attempt is made again, with a new pipeline, until the second Ctrl+C finds
        // the run going, which must exit 130 and be marked interrupted.
        List<String> attempts = new java.util.ArrayList<>();
        for (int attempt = 1; attempt <= 5; attempt++) {
            String name = "impatient-" + attempt;
            Path destination = dir.resolve("warehouse-" + attempt + ".db");
            // Large batches: the graceful stop takes a while, time for the second Ctrl+C.
            Files.writeString(dir.resolve(name + ".yml"), pipeline(name, 50_000).replace("warehouse.db", destination.getFileName().toString()));
            Path log = dir.resolve(name + ".log");
            Process ferry = ChildFerry.start(dir, log, Map.of(), "run", name + ".yml");
            try {
                ChildFerry.awaitWhileAlive(ferry, log, "the first rows to be committed", STARTUP, () -> ChildFerry.countEventsIfPresent(destination) >= 50_000);
                ctrlC(ferry);
                ChildFerry.awaitWhileAlive(ferry, log, "the first Ctrl+C to be seen", STARTUP, () -> ChildFerry.logText(log).contains("stopping after"));
                // Signals of one kind pending together count as one, so the second comes after the first
                // was seen, and again until the process is gone.
                while (ferry.isAlive()) {
                    ctrlC(ferry);
                    ferry.waitFor(5, TimeUnit.MILLISECONDS);
                }
            } finally {
                ferry.destroyForcibly();
            }
            RunRecord run = runs(name).getFirst();
            if (run.status() == RunStatus.CANCELLED) {
                // The stop ended first: exit 0, or 130 when the second Ctrl+C came while the process closed.
                assertThat(ChildFerry.logText(log)).as("cancelled only when the graceful stop ended first").contains("cancelled in");
                assertThat(ferry.exitValue()).as(ChildFerry.logText(log)).isIn(0, 130);
                attempts.add(name + ": the graceful stop ended first");
                continue;
            }
            assertThat(ferry.exitValue()).as(ChildFerry.logText(log)).isEqualTo(130);
            assertThat(run.status()).as(String.join("; ", attempts)).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(run.error()).startsWith("interrupted: its process (pid " + ferry.pid() + " on host ");
            return;
        }
        throw new AssertionError("the second Ctrl+C never found the run going: " + attempts);
    }

    private static void ctrlC(Process ferry) throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(ferry.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void everyBacksOffAfterFailedRunsAndExitsOneOnSigtermWhenItsLastRunFailed() throws Exception {
        createEvents(dir.resolve("source.db"), 10);
        Files.writeString(dir.resolve("pipeline.yml"), pipeline("broken", 100).replace("table: events", "table: no_such_table"));
        Path log = dir.resolve("every.log");

        Process every = ChildFerry.start(dir, log, Map.of(), "run", "pipeline.yml", "--every", "300ms");
        try {
            ChildFerry.awaitWhileAlive(every, log, "five failed runs", STARTUP, () -> ChildFerry.logText(log).contains("run 5 failed"));
            every.destroy();
            assertThat(every.waitFor(30, TimeUnit.SECONDS)).as("exits within 30 s of SIGTERM").isTrue();
        } finally {
            every.destroyForcibly();
        }

        String output = ChildFerry.logText(log);
        assertThat(every.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("ferry: stopping after the current batch...")
                .contains("run 1 failed: next run 600 ms after this one started, not 300 ms (the wait doubles after"
                        + " each failed run, up to 3 s, and is back to 300 ms after a run succeeds)")
                .contains("run 2 failed, 2 runs in a row: next run 1.2 s after this one started");
        List<RunRecord> runs = runs("broken").stream().sorted(Comparator.comparingLong(RunRecord::id)).toList();
        assertThat(runs).hasSizeGreaterThanOrEqualTo(5);
        assertThat(runs).allSatisfy(run -> assertThat(run.status()).isEqualTo(RunStatus.FAILED));
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < 5; i++) {
            gaps.add(Duration.between(runs.get(i - 1).started(), runs.get(i).started()).toMillis());
        }
        // Planned from start to start: 600, 1200, 2400, then the cap of ten intervals, 3000. The recorded
        // start times trail the planned ones by the few milliseconds before a run's row is written.
        assertThat(gaps.get(0)).as("gaps %s", gaps).isGreaterThanOrEqualTo(500);
        assertThat(gaps.get(1)).as("gaps %s", gaps).isGreaterThanOrEqualTo(1_100).isGreaterThan(gaps.get(0));
        assertThat(gaps.get(2)).as("gaps %s", gaps).isGreaterThanOrEqualTo(2_300).isGreaterThan(gaps.get(1));
        assertThat(gaps.get(3)).as("gaps %s", gaps).isBetween(2_900L, 4_500L);
        try (StateStore state = openState()) {
            assertThat(state.runLog(runs.get(1).id()).getLast().message())
                    .startsWith("run 2 failed, 2 runs in a row: next run 1.2 s after this one started");
        }
    }

    // ---- helpers ----

    private record Result(int exitCode, String out, String err) {
    }

    private Result ferry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] inDir = args.clone();
        for (int i = 0; i < inDir.length; i++) {
            if (inDir[i].endsWith(".yml")) {
                inDir[i] = dir.resolve(inDir[i]).toString();
            }
        }
        int exitCode = Ferry.execute(new PrintWriter(out, true), new PrintWriter(err, true), inDir);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private String pipeline(String name, int batchSize) {
        return """
                pipeline: %s
                connections:
                  src: {url: "jdbc:sqlite:source.db"}
                  dst: {url: "jdbc:sqlite:warehouse.db"}
                source: src
                destination: dst
                state: {url: "%s"}
                batch_size: %d
                commit_every: %d
                streams:
                  - table: events
                    sync: incremental
                    cursor: seq
                """.formatted(name, stateUrl, batchSize, batchSize);
    }

    private StateStore openState() {
        String url = stateUrl.equals("jdbc:sqlite:state.db") ? "jdbc:sqlite:" + dir.resolve("state.db") : stateUrl;
        return StateStores.open(new StateConfig(url, null, null));
    }

    private List<RunRecord> runs(String pipeline) {
        try (StateStore state = openState()) {
            return state.recentRuns(pipeline, 100);
        }
    }

    private static void createEvents(Path database, int count) throws SQLException {
        try (Connection connection = sqlite(database); Statement statement = connection.createStatement()) {
            statement.execute("create table events (id integer primary key, payload text not null, seq integer not null)");
            statement.execute("with recursive n(i) as (select 1 union all select i + 1 from n where i < " + count + ") "
                    + "insert into events select i, 'event ' || i, i from n");
        }
    }



    private static Connection sqlite(Path database) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + database);
    }



}
