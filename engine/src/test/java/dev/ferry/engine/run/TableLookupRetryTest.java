package dev.ferry.engine.run;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.ConnectorFactory;
import dev.ferry.api.Destination;
import dev.ferry.api.DiscoveredStream;
import dev.ferry.api.Lookback;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamRef;
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
import dev.ferry.engine.transform.TransformChain;
import dev.ferry.engine.transform.TransformStep;
import dev.ferry.engine.transform.lookup.LookupColumns;
import dev.ferry.engine.transform.lookup.TableLookupSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A stream retried within a run binds its table lookup again from the table the run already read. */
class TableLookupRetryTest {
    @TempDir
    Path dir;

    private final MemoryConnector memory = new MemoryConnector();
    private final List<String> reads = new ArrayList<>();
    private StateStore state;

    @BeforeEach
    void open() {
        state = StateStores.open(new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null));
        memory.addRows(25, 1);
    }

    @AfterEach
    void close() {
        state.close();
    }

    @Test
    void theRetryOfAStreamDoesNotReadItsLookupTableAgain() {
        memory.failWriteAt = batch -> batch == 2;
        memory.failWriteRetriable = true;
        TableLookupSource codes = TableLookupSource.of("codes", "codes", "id", List.of("payload"));
        TransformChain chain = TransformChain.of(List.of(new TransformStep.OnRow(new LookupColumns(
                LookupColumns.Options.of(codes, "id", List.of(LookupColumns.Added.of("payload").as("code")))))));
        StreamConfig stream = new StreamConfig("items", "items", null, "items", List.of(), List.of(), Map.of(),
                Naming.AS_IS, SyncMode.FULL_REFRESH, WriteMode.OVERWRITE, null, Lookback.NONE, DeleteSettings.NONE, chain);
        PipelineRunner runner = new PipelineRunner(ConnectorRegistry.of(List.of(counting())), state,
                new RetryPolicy(3, Duration.ZERO));

        RunResult result = runner.run(pipeline(stream), RunOptions.all("test"), new RunControl(), RunListener.NONE);

        assertThat(result.status()).as(result.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(reads).as("the lookup table read once, at the first plan; the stream twice")
                .containsExactly("codes", "items", "items");
        assertThat(memory.committed.get(7L)).containsExactly(7L, 1L, "payload 7", "payload 7");
        assertThat(memory.lastWrite.schema().columnNames()).containsExactly("id", "version", "payload", "code");
    }

    private static PipelineConfig pipeline(StreamConfig stream) {
        Map<String, ConnectionConfig> connections = Map.of(
                "src", new ConnectionConfig("src", "memory", "memory:src", null, null, Map.of()),
                "dst", new ConnectionConfig("dst", "memory", "memory:dst", null, null, Map.of()),
                "codes", new ConnectionConfig("codes", "memory", "memory:codes", null, null, Map.of()));
        return new PipelineConfig("memory-test", null, connections, "src", "dst", List.of(stream), 10, 10,
                StateConfig.embeddedDefault());
    }

    /** The memory connector, remembering the object of every read. */
    private ConnectorFactory counting() {
        return new ConnectorFactory() {
            @Override
            public Set<String> types() {
                return memory.types();
            }

            @Override
            public String typeForUrl(String url) {
                return memory.typeForUrl(url);
            }

            @Override
            public Destination openDestination(ConnectionSpec spec) {
                return memory.openDestination(spec);
            }

            @Override
            public Source openSource(ConnectionSpec spec) {
                Source source = memory.openSource(spec);
                return new Source() {
                    @Override
                    public void check() {
                        source.check();
                    }

                    @Override
                    public List<DiscoveredStream> discover() {
                        return source.discover();
                    }

                    @Override
                    public StreamSchema describe(StreamRef ref, List<String> columns) {
                        return source.describe(ref, columns);
                    }

                    @Override
                    public OptionalLong estimateRows(StreamRef ref) {
                        return source.estimateRows(ref);
                    }

                    @Override
                    public StreamReader open(ReadRequest request) {
                        reads.add(request.stream().object());
                        return source.open(request);
                    }

                    @Override
                    public void close() {
                        source.close();
                    }
                };
            }
        };
    }
}
