package dev.ferry.engine.run;

import dev.ferry.api.Lookback;
import dev.ferry.api.WriteMode;
import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.Naming;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.SyncMode;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.state.LogLine;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.engine.state.StreamRun;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Stream order ({@code depends_on}) and parallel streams, written to a real PostgreSQL database whose
 * sequence numbers every row and every commit: what the database saw first is what happened first.
 */
class StreamOrderRunTest {
    private static final int ROWS = 25;

    @TempDir
    Path dir;

    private String destinationUrl;
    private PostgresTablesConnector connector;
    private StateStore state;

    @BeforeEach
    void createDestination() {
        destinationUrl = TestPostgres.freshDatabase("stream_order");
        connector = new PostgresTablesConnector(destinationUrl, ROWS);
    }

    @AfterEach
    void closeState() {
        if (state != null) {
            state.close();
        }
    }

    @Test
    void aDependentStreamWritesOnlyAfterItsDependencyCommittedEvenWithRoomToRunBoth() throws Exception {
        openState("sqlite");
        PipelineConfig pipeline = pipeline(2, stream("appointments", "patients"), stream("patients"), stream("operators"));

        RunResult result = run(pipeline, RunOptions.all("test"));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(rowCount("appointments")).isEqualTo(ROWS);
        long lastPatientsCommit = number("SELECT max(seq) FROM commit_log WHERE stream = 'patients'");
        long firstAppointment = number("SELECT min(seq) FROM appointments");
        assertThat(firstAppointment).as("the first appointment row was written after the last commit of patients")
                .isGreaterThan(lastPatientsCommit);
        assertThat(number("SELECT count(*) FROM commit_log WHERE stream = 'patients'"))
                .as("patients committed more than once, so the order is not an accident of one commit").isGreaterThan(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aFailedDependencySkipsItsDependentsAndFailsTheRunWhileAnIndependentStreamSucceeds(String stateEngine)
            throws Exception {
        openState(stateEngine);
        connector.failingTables.add("patients");
        PipelineConfig pipeline = pipeline(2, stream("patients"), stream("appointments", "patients"),
                stream("invoices", "appointments"), stream("operators"));

        RunResult result = run(pipeline, RunOptions.all("test"));

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error().split("\n")).containsExactlyInAnyOrder(
                "patients: source broke reading patients",
                "appointments: skipped: depends on patients, which failed",
                "invoices: skipped: depends on appointments, which was skipped");
        assertThat(state.runLog(result.runId())).extracting(LogLine::level, LogLine::stream, LogLine::message)
                .contains(tuple("ERROR", "appointments", "skipped: depends on patients, which failed"),
                        tuple("ERROR", "invoices", "skipped: depends on appointments, which was skipped"));
        assertThat(state.run(result.runId()).orElseThrow().streamRuns())
                .extracting(StreamRun::stream, run -> run.stats().read(), StreamRun::error)
                .contains(tuple("appointments", 0L, "skipped: depends on patients, which failed"),
                        tuple("operators", (long) ROWS, null));
        assertThat(rowCount("operators")).isEqualTo(ROWS);
        assertThat(tableExists("appointments")).as("a skipped stream opens no writer").isFalse();
        assertThat(tableExists("invoices")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void parallelismTwoRunsTwoStreamsAtOnceEachOnConnectionsOfItsOwn(String stateEngine) throws Exception {
        openState(stateEngine);
        // Each reader waits here for a second one: a run of one stream at a time would fail every stream.
        connector.meetAtStart = new CyclicBarrier(2);
        PipelineConfig pipeline = pipeline(2, stream("a"), stream("b"), stream("c"), stream("d"));

        RunResult result = run(pipeline, RunOptions.all("test"));

        assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(connector.mostReadingAtOnce.get()).as("never more streams at once than parallelism").isEqualTo(2);
        for (String table : List.of("a", "b", "c", "d")) {
            assertThat(rowCount(table)).as(table).isEqualTo(ROWS);
        }
        assertThat(connector.sourcesOpened.get()).isEqualTo(4);
        assertThat(connector.sourcesClosed.get()).isEqualTo(4);
        assertThat(connector.destinationsOpened.get()).isEqualTo(4);
        assertThat(connector.destinationsClosed.get()).isEqualTo(4);
        assertThat(connector.backendOfTable.get("a")).as("a and b ran at once, on different connections")
                .isNotEqualTo(connector.backendOfTable.get("b"));
        assertThat(result.streams()).extracting(s -> s.stream(), s -> s.inserted())
                .containsExactlyInAnyOrder(tuple("a", 25L), tuple("b", 25L), tuple("c", 25L), tuple("d", 25L));
        assertThat(state.runLog(result.runId())).filteredOn(line -> line.message().startsWith("done: "))
                .extracting(LogLine::stream).containsExactlyInAnyOrder("a", "b", "c", "d");
    }

    @Test
    void parallelismOneRunsOneStreamAtATimeInFileOrderOnOneSharedPairOfConnections() throws Exception {
        openState("postgresql");
        PipelineConfig pipeline = pipeline(1, stream("a"), stream("b"), stream("c"));

        RunResult result = run(pipeline, RunOptions.all("test"));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(connector.mostReadingAtOnce.get()).isEqualTo(1);
        assertThat(connector.sourcesOpened.get()).isEqualTo(1);
        assertThat(connector.destinationsOpened.get()).isEqualTo(1);
        assertThat(Map.copyOf(connector.backendOfTable).values()).containsOnly(connector.backendOfTable.get("a"));
        assertThat(number("SELECT max(seq) FROM a")).isLessThan(number("SELECT min(seq) FROM b"));
        assertThat(number("SELECT max(seq) FROM b")).isLessThan(number("SELECT min(seq) FROM c"));
    }

    @Test
    void parallelismOneWithAMeetingPointFailsBecauseNoTwoStreamsOverlap() {
        openState("sqlite");
        connector.meetAtStart = new CyclicBarrier(2);
        connector.meetTimeoutMillis = 300;
        PipelineConfig pipeline = pipeline(1, stream("a"), stream("b"));

        RunResult result = run(pipeline, RunOptions.all("test"));

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("a: no other stream was reading while a waited");
    }

    @Test
    void aRunOfOneStreamNeitherRunsNorWaitsForItsDependenciesAndSaysSo() throws Exception {
        openState("sqlite");
        PipelineConfig pipeline = pipeline(1, stream("patients"), stream("appointments", "patients"));

        RunResult result = run(pipeline, new RunOptions("appointments", false, "test"));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(rowCount("appointments")).isEqualTo(ROWS);
        assertThat(tableExists("patients")).isFalse();
        assertThat(state.runLog(result.runId())).extracting(LogLine::stream, LogLine::message)
                .contains(tuple("appointments", "depends on patients, not part of this run: not run and not waited for"));
    }

    @Test
    void aStopStartsNoFurtherStreamAndSkipsTheStreamsWaitingForOne() throws Exception {
        openState("sqlite");
        RunControl control = new RunControl();
        PipelineConfig pipeline = pipeline(1, stream("patients"), stream("operators"), stream("appointments", "operators"));
        RunListener stopAfterPatients = new RunListener() {
            @Override
            public void streamFinished(dev.ferry.engine.state.StreamStats stats, boolean succeeded) {
                if (stats.stream().equals("patients")) {
                    control.requestStop();
                }
            }
        };

        RunResult result = new PipelineRunner(ConnectorRegistry.of(List.of(connector)), state,
                new RetryPolicy(1, Duration.ZERO)).run(pipeline, RunOptions.all("test"), control, stopAfterPatients);

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.error()).isNull();
        assertThat(rowCount("patients")).isEqualTo(ROWS);
        assertThat(tableExists("operators")).isFalse();
        assertThat(state.run(result.runId()).orElseThrow().streamRuns())
                .extracting(StreamRun::stream, StreamRun::error)
                .containsExactly(tuple("patients", null),
                        tuple("appointments", "skipped: depends on operators, which did not run: the run was stopped"));
    }

    private void openState(String engine) {
        state = StateStores.open(switch (engine) {
            case "sqlite" -> new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null);
            case "postgresql" -> new StateConfig(TestPostgres.freshDatabase("stream_order_state"), null, null);
            default -> throw new IllegalArgumentException(engine);
        });
    }

    private RunResult run(PipelineConfig pipeline, RunOptions options) {
        return new PipelineRunner(ConnectorRegistry.of(List.of(connector)), state, new RetryPolicy(1, Duration.ZERO))
                .run(pipeline, options, new RunControl(), RunListener.NONE);
    }

    private static StreamConfig stream(String name, String... dependsOn) {
        return new StreamConfig(name, name, null, name, List.of(), List.of(), Map.of(), Naming.AS_IS,
                SyncMode.FULL_REFRESH, WriteMode.UPSERT, null, Lookback.NONE).withDependsOn(List.of(dependsOn));
    }

    /** Batches of 10 and a commit after each, so every stream commits several times. */
    private static PipelineConfig pipeline(int parallelism, StreamConfig... streams) {
        String type = PostgresTablesConnector.TYPE;
        Map<String, ConnectionConfig> connections = Map.of(
                "src", new ConnectionConfig("src", type, type + ":src", null, null, Map.of()),
                "dst", new ConnectionConfig("dst", type, type + ":dst", null, null, Map.of()));
        return new PipelineConfig("stream-order", null, connections, "src", "dst", List.of(streams), 10, 10,
                StateConfig.embeddedDefault()).withParallelism(parallelism);
    }

    private long rowCount(String table) throws SQLException {
        return number("SELECT count(*) FROM " + table);
    }

    private boolean tableExists(String table) throws SQLException {
        return number("SELECT count(*) FROM pg_tables WHERE tablename = '" + table + "'") > 0;
    }

    private long number(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(destinationUrl);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
