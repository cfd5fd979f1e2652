package dev.ferry.engine.run;

import dev.ferry.api.Column;
import dev.ferry.api.Lookback;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.WriteMode;
import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.DeleteSettings;
import dev.ferry.engine.config.Naming;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.SyncMode;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.TransformChain;
import dev.ferry.engine.transform.TestTransforms;
import dev.ferry.engine.transform.TransformStep;
import dev.ferry.engine.transform.ValueTransform;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamPreviewTest {
    private final MemoryConnector memory = new MemoryConnector();

    @Test
    void showsEachSourceRowBesideItsTransformedRowAndItsErrorWritingNothing() {
        for (long i = 1; i <= 30; i++) {
            memory.sourceRows.add(new Object[] {i, i, "payload " + i});
        }
        StreamConfig stream = stream(TransformChain.of(List.of(new TransformStep.OnColumn("payload", TestTransforms.refusing("payload 3")),
                new TransformStep.OnColumn("payload", TestTransforms.values("shout", value -> ((String) value).toUpperCase(java.util.Locale.ROOT) + "!")))));

        StreamPreview.Result preview = StreamPreview.of(pipeline(stream), stream, 5, ConnectorRegistry.of(List.of(memory)));

        assertThat(preview.stream()).isEqualTo("items");
        assertThat(preview.sourceSchema().columnNames()).containsExactly("id", "version", "payload");
        assertThat(preview.rows()).hasSize(5);
        assertThat(preview.rows().get(0).source()).containsExactly(1L, 1L, "payload 1");
        assertThat(preview.rows().get(0).transformed()).containsExactly(1L, 1L, "PAYLOAD 1!");
        assertThat(preview.rows().get(2).transformed()).isNull();
        assertThat(preview.rows().get(2).error()).contains("payload").contains("id=3").contains("'payload 3' is refused");
        assertThat(preview.rows().get(2).droppedByFilter()).isFalse();
        assertThat(memory.writes).as("nothing is written").isEmpty();
        assertThat(memory.lastWrite).as("no destination is opened").isNull();
    }

    @Test
    void refusesALimitOutsideItsRange() {
        StreamConfig stream = stream(TransformChain.NONE);
        assertThatThrownBy(() -> StreamPreview.of(pipeline(stream), stream, 0, ConnectorRegistry.of(List.of(memory))))
                .hasMessage("A preview shows 1 to 1000 rows, not 0");
    }

    private static StreamConfig stream(TransformChain chain) {
        return new StreamConfig("items", "items", null, "items", List.of(), List.of(), Map.of(), Naming.AS_IS,
                SyncMode.FULL_REFRESH, WriteMode.UPSERT, null, Lookback.NONE, DeleteSettings.NONE, chain);
    }

    private static PipelineConfig pipeline(StreamConfig stream) {
        Map<String, ConnectionConfig> connections = Map.of(
                "src", new ConnectionConfig("src", "memory", "memory:src", null, null, Map.of()),
                "dst", new ConnectionConfig("dst", "memory", "memory:dst", null, null, Map.of()));
        return new PipelineConfig("memory-test", null, connections, "src", "dst", List.of(stream), 10, 10,
                StateConfig.embeddedDefault());
    }
}
