package dev.ferry.engine.config.loader;

import dev.ferry.api.FerryException;
import dev.ferry.api.Secret;
import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.ExternalConnections;
import dev.ferry.engine.config.PipelineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

/** A pipeline naming connections it does not declare, offered from outside its file (a server's stored ones). */
class ExternalConnectionsTest {
    @TempDir
    Path dir;

    private static final ConnectionConfig ERP = new ConnectionConfig("erp", null, "jdbc:postgresql://db:5432/erp", "app",
            Secret.of("from-the-store"), Map.of());

    private final ExternalConnections stored = new ExternalConnections() {
        @Override
        public List<String> names() {
            return List.of("broken", "erp");
        }

        @Override
        public Optional<ConnectionConfig> find(String name) {
            if (name.equals("broken")) {
                throw new FerryException("its password cannot be read: the keyset is not the one it was stored with");
            }
            return name.equals("erp") ? Optional.of(ERP) : Optional.empty();
        }
    };

    @Test
    void anUndeclaredNameIsTakenFromTheStoredConnectionsAndTheFileNeedsNoConnectionsSection() throws Exception {
        PipelineConfig config = PipelineLoader.load(write("""
                pipeline: p
                source: erp
                destination: erp
                streams: [{table: t}]
                """), Map.of(), stored);

        assertThat(config.connections().get("erp")).isSameAs(ERP);
        assertThat(config.sourceConnection().password().reveal()).isEqualTo("from-the-store");
    }

    @Test
    void aDeclaredConnectionWinsOverAStoredOneOfTheSameName() throws Exception {
        PipelineConfig config = PipelineLoader.load(write("""
                pipeline: p
                connections:
                  erp: {url: "jdbc:sqlite:local.db"}
                source: erp
                destination: erp
                streams: [{table: t}]
                """), Map.of(), stored);

        assertThat(config.sourceConnection().url()).startsWith("jdbc:sqlite:");
    }

    @Test
    void anUnknownNameIsReportedAtItsLineWithTheDeclaredAndTheStoredNames() throws Exception {
        Path file = write("""
                pipeline: p
                connections:
                  dst: {url: "jdbc:sqlite:local.db"}
                source: epr
                destination: dst
                streams: [{table: t}]
                """);

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> PipelineLoader.load(file, Map.of(), stored));

        assertThat(error.problems()).extracting(ConfigProblem::line, ConfigProblem::field).containsExactly(tuple(4, "source"));
        assertThat(error.problems().get(0).message()).contains("'epr'", "defined connections are dst",
                "stored connections are broken, erp", "did you mean 'erp'?");
    }

    @Test
    void aStoredConnectionThatCannotBeUsedIsReportedAtTheFieldNamingIt() throws Exception {
        Path file = write("""
                pipeline: p
                source: broken
                destination: erp
                streams: [{table: t}]
                """);

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> PipelineLoader.load(file, Map.of(), stored));

        assertThat(error.problems()).extracting(ConfigProblem::line, ConfigProblem::field).containsExactly(tuple(2, "source"));
        assertThat(error.problems().get(0).message()).contains("'broken' is stored on the server but cannot be used",
                "keyset");
    }

    @Test
    void withoutStoredConnectionsTheSectionIsStillRequired() throws Exception {
        Path file = write("""
                pipeline: p
                source: erp
                destination: erp
                streams: [{table: t}]
                """);

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> PipelineLoader.load(file, Map.of()));

        assertThat(error.problems()).extracting(ConfigProblem::field).contains("connections");
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("p.yml");
        Files.writeString(file, yaml);
        return file;
    }
}
