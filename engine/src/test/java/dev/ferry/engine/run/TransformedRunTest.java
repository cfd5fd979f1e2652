package dev.ferry.engine.run;

import dev.ferry.api.Checkpoint;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.DeletePolicy;
import dev.ferry.api.Lookback;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
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
import dev.ferry.engine.transform.BoundRowTransform;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.RowTransform;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformChain;
import dev.ferry.engine.transform.TestTransforms;
import dev.ferry.engine.transform.TransformStep;
import dev.ferry.engine.transform.ValueTransform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A stream's transforms between reading and writing: the schema written, the rows, counts, checkpoints and failures. */
class TransformedRunTest {
    @TempDir
    Path dir;

    private final MemoryConnector memory = new MemoryConnector();
    private StateStore state;
    private PipelineRunner runner;

    @BeforeEach
    void open() {
        state = StateStores.open(new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null));
        runner = new PipelineRunner(ConnectorRegistry.of(List.of(memory)), state, new RetryPolicy(1, Duration.ZERO));
        for (long i = 1; i <= 25; i++) {
            memory.sourceRows.add(new Object[] {i, i, "payload " + i});
        }
    }

    @AfterEach
    void close() {
        state.close();
    }

    @Test
    void theStreamWritesTheTransformedSchemaAndRowsAndFilteredRowsStillAdvanceTheCursor() {
        TransformChain chain = TransformChain.of(List.of(
                new TransformStep.OnColumn("payload", TestTransforms.upper()),
                new TransformStep.OnRow(TestTransforms.addColumn("payload_length", ColumnType.INTEGER,
                        schema -> row -> ((String) row[schema.indexOf("payload")]).length())),
                new TransformStep.OnRow(TestTransforms.keepIf("filter", row -> (Long) row[0] % 5 != 0))));

        RunResultCheck run = run(incremental(chain));

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        StreamSchema written = memory.lastWrite.schema();
        assertThat(written.columnNames()).containsExactly("id", "version", "payload", "payload_length");
        assertThat(written.column("payload_length").type()).isEqualTo(ColumnType.INTEGER);
        assertThat(memory.committed).hasSize(20).doesNotContainKeys(5L, 10L, 15L, 20L, 25L);
        assertThat(memory.committed.get(7L)).containsExactly(7L, 7L, "PAYLOAD 7", 9);
        assertThat(run.stats()).isEqualTo(new StreamStats("items", 25, 20, 0, 5, 0, 0));
        assertThat(storedCursor()).as("the rows filtered out were read: the checkpoint covers them").isEqualTo(25L);
    }

    @Test
    void aValueATransformRejectsFailsTheStreamNamingTableColumnAndKeyAndKeepsWhatWasCommitted() {
        TransformChain chain = TransformChain.of(List.of(new TransformStep.OnColumn("payload", TestTransforms.refusing("payload 13"))));

        RunResultCheck run = run(incremental(chain));

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("items").contains("payload").contains("id=13").contains("'payload 13' is refused");
        assertThat(memory.committed).as("the batch before it was committed").hasSize(10);
        assertThat(storedCursor()).isEqualTo(10L);
    }

    @Test
    void aStreamThatRemovesMissingRowsRefusesATransformOfItsKey() {
        StreamConfig stream = new StreamConfig("items", "items", null, "items", List.of(), List.of(), Map.of(),
                Naming.AS_IS, SyncMode.FULL_REFRESH, WriteMode.UPSERT, null, Lookback.NONE,
                new DeleteSettings(DeletePolicy.HARD, false, 0),
                TransformChain.of(List.of(new TransformStep.OnColumn("id", TestTransforms.values("plus", value -> (Long) value + 1000)))));

        RunResultCheck run = run(stream);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("must not change key column id");
        assertThat(memory.committed).isEmpty();
    }

    @Test
    void aTransformOnAColumnThatIsNotThereFailsTheStreamBeforeAnyRowIsWritten() {
        TransformChain chain = TransformChain.of(List.of(new TransformStep.OnColumn("paylod", TestTransforms.upper())));

        RunResultCheck run = run(incremental(chain));

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("transform 1 (upper on paylod): there is no column paylod");
        assertThat(memory.writes).isEmpty();
    }

    private RunResultCheck run(StreamConfig stream) {
        Map<String, ConnectionConfig> connections = Map.of(
                "src", new ConnectionConfig("src", "memory", "memory:src", null, null, Map.of()),
                "dst", new ConnectionConfig("dst", "memory", "memory:dst", null, null, Map.of()));
        PipelineConfig pipeline = new PipelineConfig("memory-test", null, connections, "src", "dst", List.of(stream),
                10, 10, StateConfig.embeddedDefault());
        RunResult result = runner.run(pipeline, RunOptions.all("test"), new RunControl(), RunListener.NONE);
        return new RunResultCheck(result.status(), result.error(), result.streams().getFirst());
    }

    private record RunResultCheck(RunStatus status, String error, StreamStats stats) {
    }

    private static StreamConfig incremental(TransformChain chain) {
        return new StreamConfig("items", "items", null, "items", List.of(), List.of(), Map.of(), Naming.AS_IS,
                SyncMode.INCREMENTAL, WriteMode.UPSERT, "version", Lookback.NONE, DeleteSettings.NONE, chain);
    }

    private Object storedCursor() {
        return state.checkpoint(new StreamKey("memory-test", "items"))
                .map(cp -> ((Checkpoint.CursorValue) cp).value()).orElse(null);
    }
}
