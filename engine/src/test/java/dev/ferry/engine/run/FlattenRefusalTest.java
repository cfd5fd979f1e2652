package dev.ferry.engine.run;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Lookback;
import dev.ferry.api.Source;
import dev.ferry.api.WriteMode;
import dev.ferry.engine.config.BadRowLimits;
import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.DeleteSettings;
import dev.ferry.engine.config.Naming;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.SyncMode;
import dev.ferry.engine.config.loader.ConfigProblem;
import dev.ferry.engine.config.loader.FieldLocator;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.engine.transform.TransformChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code flatten: true} on a source that cannot flatten is refused, by a run and by the connected check, never ignored. */
class FlattenRefusalTest {
    private static final String REFUSAL = "Stream people: flatten: true turns nested objects into one column per property, "
            + "which connection src cannot do; remove flatten: true to copy them as they are";

    @TempDir
    Path dir;

    private final ChangeLogConnector source = new ChangeLogConnector();
    private final MemoryConnector destination = new MemoryConnector();

    @Test
    void aRunFailsTheStreamNamingItBeforeAnyRowIsRead() {
        source.upsert(1, "person 1");
        try (StateStore state = StateStores.open(new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null))) {
            PipelineRunner runner = new PipelineRunner(ConnectorRegistry.of(List.of(source, destination)), state,
                    new RetryPolicy(1, Duration.ZERO));

            RunResult run = runner.run(pipeline(stream(true)), new RunOptions(null, false, "test"), new RunControl(),
                    RunListener.NONE);

            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.error()).contains(REFUSAL);
            assertThat(destination.writes).isEmpty();

            RunResult unflattened = runner.run(pipeline(stream(false)), new RunOptions(null, false, "test"),
                    new RunControl(), RunListener.NONE);
            assertThat(unflattened.status()).as("the same stream without flatten runs").isEqualTo(RunStatus.SUCCEEDED);
        }
    }

    @Test
    void theConnectedCheckLocatesItAtTheStreamsFlattenField() throws Exception {
        Path file = dir.resolve("p.yml");
        Files.writeString(file, """
                pipeline: flatten-test
                streams:
                  - table: people
                    sync: changes
                    flatten: true
                """);
        try (Source opened = source.openSource(new ConnectionSpec("src", "changelog", "changelog:src", null, null, Map.of()))) {
            assertThat(opened.flattensObjects()).as("a source flattens only when it says so").isFalse();

            List<ConfigProblem> problems = StreamPreflight.check(pipeline(stream(true)), opened, FieldLocator.of(file));

            assertThat(problems).extracting(ConfigProblem::format)
                    .containsExactly(file + ":5:14: streams[0].flatten: " + REFUSAL);
        }
    }

    private static StreamConfig stream(boolean flatten) {
        return new StreamConfig("people", "people", null, "people", List.of(), List.of(), Map.of(), Naming.AS_IS,
                SyncMode.CHANGES, WriteMode.UPSERT, null, Lookback.NONE, DeleteSettings.NONE, TransformChain.NONE,
                BadRowLimits.NONE, List.of(), flatten);
    }

    private static PipelineConfig pipeline(StreamConfig stream) {
        Map<String, ConnectionConfig> connections = Map.of(
                "src", new ConnectionConfig("src", "changelog", "changelog:src", null, null, Map.of()),
                "dst", new ConnectionConfig("dst", "memory", "memory:dst", null, null, Map.of()));
        return new PipelineConfig("flatten-test", null, connections, "src", "dst", List.of(stream), 10, 10,
                StateConfig.embeddedDefault());
    }
}
