package dev.ferry.engine.state;

import dev.ferry.api.Checkpoint;
import dev.ferry.api.ColumnType;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The same contract on both engines the state can live in. */
class StateStoreTest {
    @TempDir
    Path dir;

    private final StreamKey orders = new StreamKey("shop", "orders");

    private StateConfig config(String engine) {
        return switch (engine) {
            case "sqlite" -> new StateConfig("jdbc:sqlite:" + dir.resolve("nested/state.db"), null, null);
            case "postgresql" -> new StateConfig(TestPostgres.freshDatabase("state"), null, null);
            default -> throw new IllegalArgumentException(engine);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void checkpointsSurviveReopeningExactly(String engine) {
        StateConfig config = config(engine);
        List<Checkpoint> checkpoints = List.of(
                new Checkpoint.CursorValue("updated_at", ColumnType.TIMESTAMP,
                        LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_789)),
                new Checkpoint.CursorValue("changed", ColumnType.TIMESTAMP_TZ,
                        OffsetDateTime.of(2024, 1, 1, 8, 0, 0, 1_000, ZoneOffset.ofHours(5))),
                new Checkpoint.CursorValue("amount", ColumnType.DECIMAL, new BigDecimal("12.3400")),
                new Checkpoint.CursorValue("id", ColumnType.BIGINT, Long.MAX_VALUE),
                new Checkpoint.CursorValue("code", ColumnType.UUID, UUID.randomUUID()),
                new Checkpoint.LogPosition("0/16B3748"));
        for (int i = 0; i < checkpoints.size(); i++) {
            StreamKey key = new StreamKey("p", "s" + i);
            try (StateStore store = StateStores.open(config)) {
                store.commitProgress(key, checkpoints.get(i), Map.of());
            }
            try (StateStore store = StateStores.open(config)) {
                Checkpoint read = store.checkpoint(key).orElseThrow();
                assertThat(read).isEqualTo(checkpoints.get(i));
                if (read instanceof Checkpoint.CursorValue cursor && cursor.value() instanceof BigDecimal decimal) {
                    assertThat(decimal.scale()).isEqualTo(4);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void nullCheckpointKeepsTheStoredOneAndHashesAccumulate(String engine) {
        try (StateStore store = StateStores.open(config(engine))) {
            Checkpoint first = new Checkpoint.CursorValue("id", ColumnType.BIGINT, 10L);
            store.commitProgress(orders, first, Map.of("1", new byte[]{1}));
            store.commitProgress(orders, null, Map.of("2", new byte[]{2}, "1", new byte[]{9}));

            assertThat(store.checkpoint(orders)).contains(first);
            Map<String, byte[]> hashes = store.rowHashes(orders, List.of("1", "2", "3"));
            assertThat(hashes).containsOnlyKeys("1", "2");
            assertThat(hashes.get("1")).containsExactly(9);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void hashLookupsSpanManyChunks(String engine) {
        try (StateStore store = StateStores.open(config(engine))) {
            Map<String, byte[]> written = new HashMap<>();
            IntStream.range(0, 2_345).forEach(i -> written.put("k" + i, new byte[]{(byte) i, (byte) (i >> 8)}));
            store.commitProgress(orders, null, written);

            List<String> asked = IntStream.range(0, 3_000).mapToObj(i -> "k" + i).toList();
            Map<String, byte[]> found = store.rowHashes(orders, asked);

            assertThat(found).hasSize(2_345);
            assertThat(found.get("k2000")).containsExactly((byte) 2000, (byte) (2000 >> 8));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void hashesOfRowsARunDidNotSeeAreForgottenForThatStreamOnly(String engine) {
        try (StateStore store = StateStores.open(config(engine))) {
            StreamKey other = new StreamKey("shop", "customers");
            byte[] hash = {7};
            store.commitProgress(orders, null, Map.of("1", hash, "2", hash, "3", hash, "4", hash));
            store.commitProgress(other, null, Map.of("1", hash, "9", hash));
            store.startSeenRows(orders);
            store.noteSeenRows(orders, List.of("2", "4"));
            store.noteSeenRows(orders, List.of("4", "5"));

            assertThat(store.forgetUnseenRowHashes(orders)).isEqualTo(2);

            assertThat(store.rowHashes(orders, List.of("1", "2", "3", "4"))).containsOnlyKeys("2", "4");
            assertThat(store.rowHashes(other, List.of("1", "9"))).containsOnlyKeys("1", "9");
            // A new run starts from nothing seen: what an earlier run noted does not protect a hash.
            store.startSeenRows(orders);
            store.noteSeenRows(orders, List.of("4"));
            assertThat(store.forgetUnseenRowHashes(orders)).isEqualTo(1);
            assertThat(store.rowHashes(orders, List.of("2", "4"))).containsOnlyKeys("4");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theCursorBoundaryChangesWithItsCheckpointAndKeepsCursorValuesExactly(String engine) {
        LocalDateTime at = LocalDateTime.of(2024, 3, 10, 10, 0, 0, 123_456_789);
        Checkpoint first = new Checkpoint.CursorValue("updated_at", ColumnType.TIMESTAMP, at);
        try (StateStore store = StateStores.open(config(engine))) {
            store.commitProgress(orders, first, Map.of(), new BoundaryChange(false, List.of(), List.of(
                    new BoundaryRow("1:1", new byte[]{1}, at), new BoundaryRow("1:2", new byte[]{2}, at),
                    new BoundaryRow("1:3", new byte[]{3}, at.minusSeconds(1)))));
            Checkpoint second = new Checkpoint.CursorValue("updated_at", ColumnType.TIMESTAMP, at.plusHours(1));
            store.commitProgress(orders, second, Map.of(), new BoundaryChange(false, List.of("1:1", "1:3"),
                    List.of(new BoundaryRow("1:2", new byte[]{9}, at.plusHours(1)))));

            List<BoundaryRow> rows = store.cursorBoundary(orders, ColumnType.TIMESTAMP);
            assertThat(rows).singleElement().satisfies(row -> {
                assertThat(row.rowKey()).isEqualTo("1:2");
                assertThat(row.hash()).containsExactly(9);
                assertThat(row.cursor()).isEqualTo(at.plusHours(1));
            });
            assertThat(store.checkpoint(orders)).contains(second);

            store.commitProgress(orders, second, Map.of(), new BoundaryChange(true, List.of(),
                    List.of(new BoundaryRow("1:4", new byte[]{4}, at.plusHours(1)))));
            assertThat(store.cursorBoundary(orders, ColumnType.TIMESTAMP)).extracting(BoundaryRow::rowKey)
                    .containsExactly("1:4");
            assertThat(store.rowHashes(orders, List.of("1:4"))).as("hash mode's hashes are apart").isEmpty();

            store.resetStream(orders);
            assertThat(store.cursorBoundary(orders, ColumnType.TIMESTAMP)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theKeyMapKeepsEachRecordsRemoteObjectPerPipelineAndTargetAcrossReopeningAndResets(String engine) {
        StateConfig config = config(engine);
        try (StateStore store = StateStores.open(config)) {
            store.putRemoteId("team4", "contacts", "17", "ghl-contact-a");
            store.putRemoteId("team4", "contacts", "18", "ghl-contact-b");
            store.putRemoteId("team4", "appointments", "17", "ghl-event-x");
            store.putRemoteId("other", "contacts", "17", "ghl-contact-z");
            store.putRemoteId("team4", "contacts", "18", "ghl-contact-b2");
            store.resetStream(new StreamKey("team4", "contacts"));
        }
        try (StateStore store = StateStores.open(config)) {
            assertThat(store.remoteId("team4", "contacts", "17")).isEqualTo("ghl-contact-a");
            assertThat(store.remoteId("team4", "contacts", "18")).as("a second put replaces").isEqualTo("ghl-contact-b2");
            assertThat(store.remoteId("team4", "appointments", "17")).isEqualTo("ghl-event-x");
            assertThat(store.remoteId("other", "contacts", "17")).isEqualTo("ghl-contact-z");
            assertThat(store.remoteId("team4", "contacts", "19")).isNull();
            store.removeRemoteId("team4", "contacts", "17");
            assertThat(store.remoteId("team4", "contacts", "17")).isNull();
            assertThat(store.remoteId("other", "contacts", "17")).isEqualTo("ghl-contact-z");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void resetForgetsOnlyThatStream(String engine) {
        try (StateStore store = StateStores.open(config(engine))) {
            StreamKey other = new StreamKey("shop", "customers");
            Checkpoint cursor = new Checkpoint.CursorValue("id", ColumnType.INTEGER, 5);
            store.commitProgress(orders, cursor, Map.of("a", new byte[]{1}));
            store.commitProgress(other, cursor, Map.of("a", new byte[]{1}));

            store.resetStream(orders);

            assertThat(store.checkpoint(orders)).isEmpty();
            assertThat(store.rowHashes(orders, List.of("a"))).isEmpty();
            assertThat(store.checkpoint(other)).contains(cursor);
            assertThat(store.rowHashes(other, List.of("a"))).containsOnlyKeys("a");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void runHistoryKeepsCountsStatusErrorsAndLog(String engine) {
        try (StateStore store = StateStores.open(config(engine))) {
            long first = store.startRun("shop", "cli");
            store.recordStreamStats(first, new StreamStats("orders", 10, 10, 0, 0, 0, 0));
            store.recordStreamStats(first, new StreamStats("customers", 6, 1, 1, 3, 1, 0));
            store.recordStreamStats(first, new StreamStats("orders", 12, 11, 1, 0, 0, 2));
            store.log(first, "INFO", "orders", "12 rows");
            store.log(first, "ERROR", null, "boom");
            store.finishRun(first, RunStatus.FAILED, "customers: boom");
            long second = store.startRun("other", "every");

            List<RunRecord> all = store.recentRuns(null, 10);
            assertThat(all).extracting(RunRecord::id).containsExactly(second, first);
            assertThat(all.getFirst().status()).isEqualTo(RunStatus.RUNNING);
            assertThat(all.getFirst().ended()).isNull();

            RunRecord failed = store.recentRuns("shop", 10).getFirst();
            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            assertThat(failed.error()).isEqualTo("customers: boom");
            assertThat(failed.ended()).isNotNull();
            assertThat(failed.streams()).containsExactly(
                    new StreamStats("orders", 12, 11, 1, 0, 0, 2),
                    new StreamStats("customers", 6, 1, 1, 3, 1, 0));
            assertThat(failed.totalWritten()).isEqualTo(14);
            assertThat(failed.totals()).isEqualTo(new StreamStats("total", 18, 12, 2, 3, 1, 2));

            assertThat(store.runLog(first)).extracting(LogLine::level, LogLine::stream, LogLine::message)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("INFO", "orders", "12 rows"),
                            org.assertj.core.groups.Tuple.tuple("ERROR", null, "boom"));
            assertThat(store.recentRuns(null, 1)).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void reopeningAMigratedStoreKeepsItsData(String engine) {
        StateConfig config = config(engine);
        long run;
        try (StateStore store = StateStores.open(config)) {
            run = store.startRun("shop", "cli");
        }
        try (StateStore store = StateStores.open(config)) {
            assertThat(store.recentRuns("shop", 5)).extracting(RunRecord::id).containsExactly(run);
        }
    }

    // ---- one run per pipeline, and runs whose process died ----

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aPipelinesLockHasOneHolderAtATimeAndClosingItFreesIt(String engine) {
        StateConfig config = config(engine);
        try (StateStore first = StateStores.open(config); StateStore second = StateStores.open(config)) {
            PipelineLock held = first.tryLockPipeline("shop").orElseThrow();

            assertThat(second.tryLockPipeline("shop")).as("another store on the same state").isEmpty();
            assertThat(first.tryLockPipeline("shop")).as("the same store again").isEmpty();
            try (PipelineLock other = second.tryLockPipeline("other").orElseThrow()) {
                assertThat(other.pipeline()).isEqualTo("other");
            }

            held.close();
            held.close();
            try (PipelineLock again = second.tryLockPipeline("shop").orElseThrow()) {
                assertThat(again.pipeline()).isEqualTo("shop");
                assertThat(first.tryLockPipeline("shop")).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void closingAStoreReleasesTheLocksTakenThroughIt(String engine) {
        StateConfig config = config(engine);
        try (StateStore other = StateStores.open(config)) {
            StateStore first = StateStores.open(config);
            first.tryLockPipeline("shop").orElseThrow();
            assertThat(other.tryLockPipeline("shop")).isEmpty();

            first.close();

            assertThat(other.tryLockPipeline("shop")).isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void takingAPipelinesLockMarksItsRunsLeftRunningAsInterrupted(String engine) {
        try (StateStore store = StateStores.open(config(engine))) {
            long orphan = store.startRun("shop", "cli");
            store.log(orphan, "INFO", "orders", "12 rows");
            long otherPipeline = store.startRun("other", "cli");
            long lastSignOfLife = store.runLog(orphan).getLast().at().toEpochMilli();

            try (PipelineLock lock = store.tryLockPipeline("shop").orElseThrow()) {
                assertThat(lock.pipeline()).isEqualTo("shop");
            }

            RunRecord interrupted = store.recentRuns("shop", 5).getFirst();
            assertThat(interrupted.id()).isEqualTo(orphan);
            assertThat(interrupted.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(interrupted.process()).isEqualTo(RunProcess.current());
            assertThat(interrupted.error()).startsWith("interrupted: its process (pid " + ProcessHandle.current().pid()
                    + " on host " + RunProcess.current().host() + ") ended without finishing it");
            assertThat(interrupted.ended().toEpochMilli()).as("its last log line").isEqualTo(lastSignOfLife);
            assertThat(store.runLog(orphan).getLast().message()).isEqualTo(interrupted.error());
            assertThat(store.recentRuns("other", 5).getFirst().status()).as("another pipeline's run")
                    .isEqualTo(RunStatus.RUNNING);
            assertThat(store.recentRuns("other", 5).getFirst().id()).isEqualTo(otherPipeline);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void openingAStoreMarksTheRunsOfPipelinesWhoseLockIsFreeAndLeavesLiveRunsAlone(String engine) {
        StateConfig config = config(engine);
        StateStore live = StateStores.open(config);
        live.tryLockPipeline("shop").orElseThrow();
        long running = live.startRun("shop", "cli");
        long orphan = live.startRun("other", "cli");

        try (StateStore reopened = StateStores.open(config)) {
            assertThat(status(reopened, "shop", running)).isEqualTo(RunStatus.RUNNING);
            assertThat(status(reopened, "other", orphan)).isEqualTo(RunStatus.INTERRUPTED);
        }
        live.close();
        try (StateStore reopened = StateStores.open(config)) {
            assertThat(status(reopened, "shop", running)).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(reopened.tryLockPipeline("shop")).as("marking let go of the lock").isPresent();
        }
    }

    @org.junit.jupiter.api.Test
    void anAdvisoryLockDiesWithItsSession() throws Exception {
        StateConfig config = config("postgresql");
        try (StateStore holder = StateStores.open(config); StateStore other = StateStores.open(config)) {
            holder.tryLockPipeline("shop").orElseThrow();
            assertThat(other.tryLockPipeline("shop")).isEmpty();

            try (var connection = java.sql.DriverManager.getConnection(config.url());
                 var statement = connection.createStatement();
                 var killed = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_locks "
                         + "WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database "
                         + "WHERE datname = current_database())")) {
                killed.next();
                assertThat(killed.getInt(1)).isEqualTo(1);
            }

            // The server ends the session a moment after the signal.
            long deadline = System.nanoTime() + 10_000_000_000L;
            java.util.Optional<PipelineLock> taken = other.tryLockPipeline("shop");
            while (taken.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                taken = other.tryLockPipeline("shop");
            }
            assertThat(taken).as("free once the holder's session is gone").isPresent();
        }
    }

    private static RunStatus status(StateStore store, String pipeline, long runId) {
        return store.recentRuns(pipeline, 10).stream().filter(run -> run.id() == runId).findFirst()
                .orElseThrow().status();
    }

    @org.junit.jupiter.api.Test
    void schemaVersionConstantMatchesTheNewestMigration() throws Exception {
        for (String folder : List.of("sqlite", "postgresql")) {
            Path migrations = Path.of(getClass().getResource("/dev/ferry/engine/state/migration/" + folder).toURI());
            int newest;
            try (var files = java.nio.file.Files.list(migrations)) {
                newest = files.map(f -> f.getFileName().toString())
                        .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                        .max(Integer::compare).orElseThrow();
            }
            assertThat(newest).as(folder).isEqualTo(StateStores.SCHEMA_VERSION);
        }
    }

    @org.junit.jupiter.api.Test
    void unsupportedUrlIsRefusedWithoutEchoingItsQuery() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        StateStores.open(new StateConfig("jdbc:mysql://h/db?password=hunter2", null, null)))
                .hasMessageContaining("jdbc:sqlite:")
                .hasMessageNotContaining("hunter2");
    }
}
