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
        assertThat(unchanged.streams().getFirst().skipped()).isEqualTo(25);

        memory.sourceRows.set(6, new Object[] {7L, 7L, "changed"});
        memory.sourceRows.set(7, new Object[] {8L, 8L, null});
        RunResult changed = run(pipeline);
        assertThat(changed.streams().getFirst().written()).isEqualTo(2);
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
        Map<String, ConnectionConfig> connections = Map.of(
                "src", new ConnectionConfig("src", "memory", "memory:src", null, null, Map.of()),
                "dst", new ConnectionConfig("dst", "memory", "memory:dst", null, null, Map.of()));
        return new PipelineConfig("memory-test", null, connections, "src", "dst", List.of(stream), 10, 10,
                StateConfig.embeddedDefault());
    }
}
