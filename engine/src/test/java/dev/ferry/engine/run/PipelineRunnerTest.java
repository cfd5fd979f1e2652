package dev.ferry.engine.run;

import dev.ferry.api.Checkpoint;
import dev.ferry.api.Lookback;
import dev.ferry.api.WriteMode;
import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.Naming;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.SyncMode;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.state.PipelineBusyException;
import dev.ferry.engine.state.PipelineLock;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.engine.state.StreamKey;
import dev.ferry.engine.state.StreamStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runner's contract: checkpoints follow destination commits, failures and stops lose nothing. */
class PipelineRunnerTest {
    @TempDir
    Path dir;

    private final MemoryConnector memory = new MemoryConnector();
    private StateStore state;
    private PipelineRunner runner;

    @BeforeEach
    void open() {
        state = StateStores.open(new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null));
        runner = new PipelineRunner(ConnectorRegistry.of(List.of(memory)), state, new RetryPolicy(3, Duration.ZERO));
    }

    @AfterEach
    void close() {
        state.close();
    }

    @Test
    void incrementalRunCopiesEveryRowAndStoresTheHighestCursor() {
        addVersionedRows(25);

        RunResult result = run(pipeline(SyncMode.INCREMENTAL, WriteMode.UPSERT));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(memory.committed).hasSize(25);
        assertThat(storedCursor()).isEqualTo(25L);
        assertThat(result.streams().getFirst().written()).isEqualTo(25);
    }

    @Test
    void aFailedWriteKeepsTheCheckpointOfTheLastCommitAndTheRerunCompletes() {
        addVersionedRows(25);
        memory.failWriteAt = batch -> batch == 3;

        RunResult failed = run(pipeline(SyncMode.INCREMENTAL, WriteMode.UPSERT));

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error()).contains("destination broke at batch 3");
        assertThat(memory.committed).hasSize(20);
        assertThat(storedCursor()).isEqualTo(20L);

        memory.failWriteAt = batch -> false;
        RunResult rerun = run(pipeline(SyncMode.INCREMENTAL, WriteMode.UPSERT));

        assertThat(rerun.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(memory.committed).hasSize(25);
        assertThat(rerun.streams().getFirst().read()).as("resumes at the checkpoint, inclusive").isEqualTo(6);
        assertThat(storedCursor()).isEqualTo(25L);
    }

    @Test
    void anOverwriteThatFailsLeavesThePreviousContents() {
        addVersionedRows(25);
        run(pipeline(SyncMode.FULL_REFRESH, WriteMode.OVERWRITE));
        assertThat(memory.committed).hasSize(25);
        memory.addRows(10, 100);
        memory.failWriteAt = batch -> batch == 6;

        RunResult failed = run(pipeline(SyncMode.FULL_REFRESH, WriteMode.OVERWRITE));

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(memory.committed).hasSize(25);
    }

    @Test
    void hashModeWritesOnlyChangedRows() {
        addVersionedRows(25);
        PipelineConfig pipeline = pipeline(SyncMode.HASH, WriteMode.UPSERT);
        assertThat(run(pipeline).streams().getFirst().written()).isEqualTo(25);

        RunResult unchanged = run(pipeline);
        assertThat(unchanged.streams().getFirst().written()).isZero();
        assertThat(unchanged.streams().getFirst().unchanged()).isEqualTo(25);

        memory.sourceRows.set(6, new Object[] {7L, 7L, "changed"});
        memory.sourceRows.set(7, new Object[] {8L, 8L, null});
        RunResult changed = run(pipeline);
        assertThat(changed.streams().getFirst().written()).isEqualTo(2);
        assertThat(changed.streams().getFirst().updated()).isEqualTo(2);
        assertThat(changed.streams().getFirst().unchanged()).isEqualTo(23);
        assertThat(memory.committed.get(7L)[2]).isEqualTo("changed");
        assertThat(memory.committed.get(8L)[2]).isNull();
    }

    @Test
    void aRetriableReadFailureIsRetriedFromTheCheckpoint() {
        addVersionedRows(25);
        memory.failReadRetriable = true;
        memory.failReadAt = batch -> batch == 2;

        RunResult result = run(pipeline(SyncMode.INCREMENTAL, WriteMode.UPSERT));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(memory.committed).hasSize(25);
        assertThat(state.runLog(result.runId())).anySatisfy(line -> assertThat(line.message()).contains("retrying"));
    }

    @Test
    void aStopRequestCommitsWhatWasWrittenAndEndsCancelled() {
        addVersionedRows(25);
        RunControl control = new RunControl();
        memory.failWriteAt = batch -> {
            if (batch == 2) {
                control.requestStop();
            }
            return false;
        };

        RunResult result = runner.run(pipeline(SyncMode.INCREMENTAL, WriteMode.UPSERT), RunOptions.all("test"), control, RunListener.NONE);

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(memory.committed).hasSizeBetween(10, 20);
        assertThat(storedCursor()).isEqualTo((long) memory.committed.size());
    }

    @Test
    void fullRefreshOptionForgetsTheCheckpoint() {
        addVersionedRows(25);
        PipelineConfig pipeline = pipeline(SyncMode.INCREMENTAL, WriteMode.UPSERT);
        run(pipeline);

        RunResult again = runner.run(pipeline, new RunOptions(null, true, "test"), new RunControl(), RunListener.NONE);

        assertThat(again.streams().getFirst().read()).isEqualTo(25);
    }

    @Test
    void aRunIsRefusedWhileAnotherRunOfThePipelineHoldsItsLockAndRecordsNothing() {
        addVersionedRows(5);
        try (StateStore other = StateStores.open(new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null));
             PipelineLock lock = other.tryLockPipeline("memory-test").orElseThrow()) {
            long running = other.startRun("memory-test", "every");

            assertThatThrownBy(() -> run(pipeline(SyncMode.INCREMENTAL, WriteMode.UPSERT)))
                    .isInstanceOfSatisfying(PipelineBusyException.class, busy -> {
                        assertThat(busy.running()).hasValueSatisfying(run -> assertThat(run.id()).isEqualTo(running));
                        assertThat(busy.getMessage()).startsWith("pipeline memory-test is already running: run "
                                + running + " (pid " + ProcessHandle.current().pid() + " on host ");
                    });
            assertThat(state.recentRuns("memory-test", 10)).extracting(RunRecord::id).containsExactly(running);
            assertThat(memory.committed).isEmpty();
            other.finishRun(running, RunStatus.SUCCEEDED, null);
        }

        assertThat(run(pipeline(SyncMode.INCREMENTAL, WriteMode.UPSERT)).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void theSourcesEstimateIsPassedOnOnlyForReadsOfAWholeTable() {
        addVersionedRows(25);
        List<String> sized = new java.util.ArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void streamSized(String stream, long estimatedRows) {
                sized.add(stream + "=" + estimatedRows);
            }
        };
        PipelineConfig incremental = pipeline(SyncMode.INCREMENTAL, WriteMode.UPSERT);

        runner.run(incremental, RunOptions.all("test"), new RunControl(), listener);
        runner.run(incremental, RunOptions.all("test"), new RunControl(), listener);
        runner.run(pipeline(SyncMode.FULL_REFRESH, WriteMode.UPSERT), RunOptions.all("test"), new RunControl(), listener);

        assertThat(sized).as("from the beginning; not from a checkpoint; a full refresh").containsExactly("items=25", "items=25");
    }

    @Test
    void aRunStoppedByAJvmErrorIsRecordedAsFailedWithItAndFreesThePipeline() {
        addVersionedRows(5);
        RunListener crashing = new RunListener() {
            @Override
            public void streamStarted(String stream) {
                throw new OutOfMemoryError("Java heap space");
            }
        };

        assertThatThrownBy(() -> runner.run(pipeline(SyncMode.INCREMENTAL, WriteMode.UPSERT), RunOptions.all("test"),
                new RunControl(), crashing)).isInstanceOf(OutOfMemoryError.class);

        RunRecord crashed = state.recentRuns("memory-test", 1).getFirst();
        assertThat(crashed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(crashed.error()).isEqualTo("crashed: OutOfMemoryError: Java heap space");
        assertThat(run(pipeline(SyncMode.INCREMENTAL, WriteMode.UPSERT)).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    // ---- counts as the destination reported them

    @Test
    void aFullRefreshUpsertCountsWhatTheDestinationInsertedUpdatedAndLeftAlone() {
        addVersionedRows(25);
        PipelineConfig pipeline = pipeline(SyncMode.FULL_REFRESH, WriteMode.UPSERT);
        assertThat(run(pipeline).streams().getFirst()).isEqualTo(new StreamStats("items", 25, 25, 0, 0, 0, 0));

        RunResult again = run(pipeline);
        assertThat(again.streams().getFirst()).as("nothing changed: nothing written")
                .isEqualTo(new StreamStats("items", 25, 0, 0, 25, 0, 0));

        memory.sourceRows.set(3, new Object[] {4L, 4L, "changed"});
        memory.addRows(1, 30);
        assertThat(run(pipeline).streams().getFirst()).isEqualTo(new StreamStats("items", 26, 1, 1, 24, 0, 0));
    }

    @Test
    void retriesDoNotCountTheRowsOfATwoRowTableAgain() {
        addVersionedRows(2);
        memory.failWriteRetriable = true;
        memory.failWriteAt = batch -> true;
        runner = new PipelineRunner(ConnectorRegistry.of(List.of(memory)), state, new RetryPolicy(4, Duration.ZERO));

        RunResult result = run(pipeline(SyncMode.FULL_REFRESH, WriteMode.UPSERT));

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(state.runLog(result.runId())).filteredOn(line -> line.message().contains("retrying")).hasSize(3);
        assertThat(result.streams().getFirst()).as("read by the last try only; nothing was committed")
                .isEqualTo(new StreamStats("items", 2, 0, 0, 0, 0, 0));
        assertThat(state.recentRuns(null, 1).getFirst().streams().getFirst().read()).isEqualTo(2);
    }

    @Test
    void aRetryAfterACommitCountsEveryCommittedRowOnce() {
        addVersionedRows(25);
        memory.failWriteRetriable = true;
        memory.failWriteAt = batch -> batch == 3;

        RunResult result = run(pipeline(SyncMode.INCREMENTAL, WriteMode.UPSERT));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(memory.committed).hasSize(25);
        StreamStats stats = result.streams().getFirst();
        // Try 1 committed rows 1-20 and failed on 21-25; try 2 read 20-25 from the checkpoint (inclusive)
        // and found row 20 committed unchanged at the cursor boundary.
        assertThat(stats).isEqualTo(new StreamStats("items", 26, 25, 0, 1, 0, 0));
        assertThat(memory.writes).as("row 20 is written once").hasSize(25);
    }

    @Test
    void aRunWhoseStreamsFailNamesEveryFailedStreamWithItsError() {
        addVersionedRows(5);
        memory.failWriteAt = batch -> batch != 2;
        PipelineConfig pipeline = pipelineOf(List.of(stream("first", SyncMode.FULL_REFRESH, Lookback.NONE),
                stream("second", SyncMode.FULL_REFRESH, Lookback.NONE),
                stream("third", SyncMode.FULL_REFRESH, Lookback.NONE)));

        RunResult result = run(pipeline);

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).isEqualTo("first: destination broke at batch 1\nthird: destination broke at batch 3");
        assertThat(state.recentRuns(null, 1).getFirst().error()).isEqualTo(result.error());
    }

    // ---- the incremental cursor boundary

    @Test
    void rowsThatShareTheCursorValueAreNotWrittenAgainByTheNextRun() {
        memory.addRows(20_000, 0);
        PipelineConfig pipeline = pipelineWithBatches(SyncMode.INCREMENTAL, Lookback.NONE, 2_000, 10_000);
        assertThat(run(pipeline).streams().getFirst().inserted()).isEqualTo(20_000);

        // One statement sets the cursor of 10,000 rows to the same value.
        changeRows(0, 10_000, 1);
        int writesBefore = memory.writes.size();
        RunResult first = run(pipeline);
        assertThat(first.streams().getFirst()).as("reads every row at or above the stored 0, writes the changed")
                .isEqualTo(new StreamStats("items", 20_000, 0, 10_000, 10_000, 0, 0));
        assertThat(memory.writes.size() - writesBefore).isEqualTo(10_000);

        changeRows(10_000, 20_000, 2);
        writesBefore = memory.writes.size();
        RunResult second = run(pipeline);
        assertThat(second.streams().getFirst()).as("the 10,000 rows at the stored cursor value are read again, not written")
                .isEqualTo(new StreamStats("items", 20_000, 0, 10_000, 10_000, 0, 0));
        assertThat(memory.writes.size() - writesBefore).isEqualTo(10_000);

        RunResult idle = run(pipeline);
        assertThat(idle.streams().getFirst()).isEqualTo(new StreamStats("items", 10_000, 0, 0, 10_000, 0, 0));
        assertThat(memory.writes.size() - writesBefore).isEqualTo(10_000);
        assertThat(memory.committed.values()).allSatisfy(row -> assertThat(row[2]).asString().startsWith("changed"));
    }

    @Test
    void aLateTieAndARowChangedWithoutMovingTheCursorAreStillWritten() {
        addVersionedRows(25);
        PipelineConfig pipeline = pipeline(SyncMode.INCREMENTAL, WriteMode.UPSERT);
        run(pipeline);

        memory.sourceRows.set(24, new Object[] {25L, 25L, "edited, same cursor value"});
        memory.sourceRows.add(new Object[] {26L, 25L, "committed late with the last cursor value"});
        RunResult result = run(pipeline);

        assertThat(result.streams().getFirst()).isEqualTo(new StreamStats("items", 2, 1, 1, 0, 0, 0));
        assertThat(memory.committed.get(25L)[2]).isEqualTo("edited, same cursor value");
        assertThat(memory.committed.get(26L)[2]).isEqualTo("committed late with the last cursor value");
    }

    @Test
    void withALookBackEveryUnchangedRowInTheWindowIsSkipped() {
        addVersionedRows(25);
        PipelineConfig pipeline = pipelineOf(List.of(stream("items", SyncMode.INCREMENTAL,
                new Lookback.Amount(java.math.BigDecimal.valueOf(5)))));
        run(pipeline);
        int writesBefore = memory.writes.size();

        RunResult idle = run(pipeline);
        assertThat(idle.streams().getFirst()).as("versions 20 to 25 read again, all unchanged")
                .isEqualTo(new StreamStats("items", 6, 0, 0, 6, 0, 0));

        memory.sourceRows.set(21, new Object[] {22L, 22L, "late edit inside the window"});
        RunResult edited = run(pipeline);
        assertThat(edited.streams().getFirst()).isEqualTo(new StreamStats("items", 6, 0, 1, 5, 0, 0));
        assertThat(memory.writes.size() - writesBefore).isEqualTo(1);
    }

    @Test
    void beyondItsCapTheBoundaryFallsBackToWritingTheRest() {
        memory.addRows(CursorBoundary.MAX_ROWS + 5_000, 7);
        PipelineConfig pipeline = pipelineWithBatches(SyncMode.INCREMENTAL, Lookback.NONE, 5_000, 20_000);
        run(pipeline);
        int writesBefore = memory.writes.size();

        RunResult again = run(pipeline);

        assertThat(again.streams().getFirst().unchanged()).isEqualTo(CursorBoundary.MAX_ROWS + 5_000);
        assertThat(memory.writes.size() - writesBefore).as("the rows beyond the cap are written again")
                .isEqualTo(5_000);
    }

    @Test
    void aFullRefreshOfAnIncrementalStreamForgetsItsBoundary() {
        addVersionedRows(25);
        PipelineConfig pipeline = pipeline(SyncMode.INCREMENTAL, WriteMode.UPSERT);
        run(pipeline);
        memory.committed.clear();

        RunResult again = runner.run(pipeline, new RunOptions(null, true, "test"), new RunControl(), RunListener.NONE);

        assertThat(again.streams().getFirst()).isEqualTo(new StreamStats("items", 25, 25, 0, 0, 0, 0));
        assertThat(memory.committed).hasSize(25);
    }

    private void changeRows(int from, int to, long version) {
        for (int i = from; i < to; i++) {
            Object[] row = memory.sourceRows.get(i);
            memory.sourceRows.set(i, new Object[] {row[0], version, "changed " + version});
        }
    }

    private void addVersionedRows(int count) {
        for (int i = 1; i <= count; i++) {
            memory.sourceRows.add(new Object[] {(long) i, (long) i, "payload " + i});
        }
    }

    private Object storedCursor() {
        return state.checkpoint(new StreamKey("memory-test", "items"))
                .map(cp -> ((Checkpoint.CursorValue) cp).value()).orElse(null);
    }

    private RunResult run(PipelineConfig pipeline) {
        return runner.run(pipeline, RunOptions.all("test"), new RunControl(), RunListener.NONE);
    }

    private static PipelineConfig pipeline(SyncMode sync, WriteMode write) {
        StreamConfig stream = new StreamConfig("items", "items", null, "items", List.of(), List.of(), Map.of(),
                Naming.AS_IS, sync, write, sync == SyncMode.INCREMENTAL ? "version" : null, Lookback.NONE);
        return pipelineOf(List.of(stream));
    }

    private static StreamConfig stream(String name, SyncMode sync, Lookback lookback) {
        return new StreamConfig(name, "items", null, name, List.of(), List.of(), Map.of(), Naming.AS_IS, sync,
                WriteMode.UPSERT, sync == SyncMode.INCREMENTAL ? "version" : null, lookback);
    }

    private static PipelineConfig pipelineOf(List<StreamConfig> streams) {
        return pipelineWith(streams, 10, 10);
    }

    private static PipelineConfig pipelineWithBatches(SyncMode sync, Lookback lookback, int batchSize, int commitEvery) {
        return pipelineWith(List.of(stream("items", sync, lookback)), batchSize, commitEvery);
    }

    private static PipelineConfig pipelineWith(List<StreamConfig> streams, int batchSize, int commitEvery) {
        Map<String, ConnectionConfig> connections = Map.of(
                "src", new ConnectionConfig("src", "memory", "memory:src", null, null, Map.of()),
                "dst", new ConnectionConfig("dst", "memory", "memory:dst", null, null, Map.of()));
        return new PipelineConfig("memory-test", null, connections, "src", "dst", streams, batchSize, commitEvery,
                StateConfig.embeddedDefault());
    }
}
