package dev.ferry.engine.run;

import dev.ferry.api.Checkpoint;
import dev.ferry.api.DeletePolicy;
import dev.ferry.api.Lookback;
import dev.ferry.api.WriteMode;
import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.DeleteSettings;
import dev.ferry.engine.config.Naming;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.SyncMode;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.engine.state.StreamKey;
import dev.ferry.engine.state.StreamStats;
import dev.ferry.engine.transform.TestTransforms;
import dev.ferry.engine.transform.TransformChain;
import dev.ferry.engine.transform.TransformStep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sync: changes}: a snapshot first, then the source's changes from the position stored with each commit. */
class ChangesRunTest {
    private static final StreamKey PEOPLE = new StreamKey("changes-test", "people");

    @TempDir
    Path dir;

    private final ChangeLogConnector source = new ChangeLogConnector();
    private final MemoryConnector destination = new MemoryConnector();
    private StateStore state;
    private PipelineRunner runner;

    @BeforeEach
    void open() {
        state = StateStores.open(new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null));
        runner = new PipelineRunner(ConnectorRegistry.of(List.of(source, destination)), state,
                new RetryPolicy(1, Duration.ZERO));
        for (long id = 1; id <= 25; id++) {
            source.upsert(id, "person " + id);
        }
    }

    @AfterEach
    void close() {
        state.close();
    }

    @Test
    void theFirstRunCopiesASnapshotAndLaterRunsApplyTheChangesSinceItsPosition() {
        RunResult first = run(changes(DeletePolicy.HARD, TransformChain.NONE), false);
        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(destination.committed).hasSize(25);
        assertThat(storedPosition()).isEqualTo("seq:25");

        source.upsert(3, "renamed 3");
        source.delete(5);
        source.upsert(30, "person 30");
        RunResult second = run(changes(DeletePolicy.HARD, TransformChain.NONE), false);

        assertThat(second.streams().getFirst()).isEqualTo(new StreamStats("people", 3, 1, 1, 0, 1, 0));
        assertThat(destination.committed).hasSize(25).doesNotContainKey(5L).containsKey(30L);
        assertThat(destination.committed.get(3L)).containsExactly(3L, "renamed 3");
        assertThat(storedPosition()).isEqualTo("seq:28");
        assertThat(run(changes(DeletePolicy.HARD, TransformChain.NONE), false).streams().getFirst().read())
                .as("nothing new").isZero();
    }

    @Test
    void withDeletesNoneTheSourcesDeletesAreNotApplied() {
        run(changes(DeletePolicy.NONE, TransformChain.NONE), false);
        source.delete(5);

        RunResult second = run(changes(DeletePolicy.NONE, TransformChain.NONE), false);

        assertThat(destination.committed).hasSize(25).containsKey(5L);
        assertThat(second.streams().getFirst()).isEqualTo(new StreamStats("people", 1, 0, 0, 1, 0, 0));
        assertThat(storedPosition()).as("the delete was read: the position passes it").isEqualTo("seq:26");
    }

    @Test
    void deletesPassTheTransformsWithTheirKeyAndAFullRefreshStartsFromASnapshotAgain() {
        TransformChain chain = TransformChain.of(List.of(
                new TransformStep.OnColumn("name", TestTransforms.upper()),
                new TransformStep.OnRow(TestTransforms.keepIf("named", row -> row[1] != null))));
        run(changes(DeletePolicy.HARD, chain), false);
        assertThat(destination.committed.get(7L)).containsExactly(7L, "PERSON 7");

        source.delete(7);
        run(changes(DeletePolicy.HARD, chain), false);
        assertThat(destination.committed).as("a filter does not judge a delete").doesNotContainKey(7L);

        destination.committed.clear();
        RunResult refreshed = run(changes(DeletePolicy.HARD, chain), true);
        assertThat(refreshed.streams().getFirst().read()).isEqualTo(24);
        assertThat(destination.committed).hasSize(24);
    }

    @Test
    void aSourceWithoutAChangeLogFailsTheStreamSayingWhatToUseInstead() {
        source.readsChanges = false;

        RunResult run = run(changes(DeletePolicy.NONE, TransformChain.NONE), false);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("sync: changes reads a source's own change log, and connection src has none")
                .contains("sync: incremental with a cursor, or hash");
        assertThat(destination.committed).isEmpty();
    }

    @Test
    void softDeletesAreRefusedBeforeAnyRowIsRead() {
        RunResult run = run(changes(DeletePolicy.SOFT, TransformChain.NONE), false);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("deletes: soft is not available with sync: changes");
        assertThat(destination.writes).isEmpty();
    }

    private RunResult run(StreamConfig stream, boolean fullRefresh) {
        Map<String, ConnectionConfig> connections = Map.of(
                "src", new ConnectionConfig("src", "changelog", "changelog:src", null, null, Map.of()),
                "dst", new ConnectionConfig("dst", "memory", "memory:dst", null, null, Map.of()));
        PipelineConfig pipeline = new PipelineConfig("changes-test", null, connections, "src", "dst", List.of(stream),
                10, 10, StateConfig.embeddedDefault());
        return runner.run(pipeline, new RunOptions(null, fullRefresh, "test"), new RunControl(), RunListener.NONE);
    }

    private static StreamConfig changes(DeletePolicy deletes, TransformChain chain) {
        return new StreamConfig("people", "people", null, "people", List.of(), List.of(), Map.of(), Naming.AS_IS,
                SyncMode.CHANGES, WriteMode.UPSERT, null, Lookback.NONE,
                deletes == DeletePolicy.NONE ? DeleteSettings.NONE : new DeleteSettings(deletes, false, 0), chain);
    }

    private String storedPosition() {
        return state.checkpoint(PEOPLE).map(cp -> ((Checkpoint.LogPosition) cp).position()).orElse(null);
    }
}
