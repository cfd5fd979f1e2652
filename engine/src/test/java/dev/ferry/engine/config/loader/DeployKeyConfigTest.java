package dev.ferry.engine.config.loader;

import dev.ferry.engine.config.PipelineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code deploy_key:}, a Convex connection's deploy key under its own name, is the connection's password. */
class DeployKeyConfigTest {
    private static final String KEY = "prod:happy-otter-123|secret-part";

    @TempDir
    Path dir;

    @Test
    void deployKeyIsTheConnectionsPassword() throws Exception {
        PipelineConfig config = PipelineLoader.load(write("""
                pipeline: p
                connections:
                  app: {url: "https://happy-otter-123.convex.cloud", type: convex, deploy_key: "${env:CONVEX_KEY}"}
                  pg: {url: "jdbc:postgresql://localhost/wh"}
                source: app
                destination: pg
                streams: [{table: users}]
                """), Map.of("CONVEX_KEY", KEY));

        assertThat(config.connections().get("app").password().reveal()).isEqualTo(KEY);
        assertThat(config.connections().get("app").toString()).doesNotContain(KEY);
    }

    @Test
    void aDeployKeyWrittenInTheFileIsRefusedLikeAPassword() throws Exception {
        write("""
                pipeline: p
                connections:
                  app:
                    url: "https://happy-otter-123.convex.cloud"
                    deploy_key: "%s"
                source: app
                destination: app
                streams: [{table: users}]
                """.formatted(KEY));

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> PipelineLoader.load(file(), Map.of()));

        assertThat(error.problems()).extracting(ConfigProblem::line, ConfigProblem::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(5, "connections.app.deploy_key"));
        assertThat(error.getMessage()).contains("must not be written in the file").doesNotContain(KEY);
    }

    @Test
    void deployKeyAndPasswordTogetherAreAProblemAtTheDeployKey() throws Exception {
        write("""
                pipeline: p
                connections:
                  app:
                    url: "https://happy-otter-123.convex.cloud"
                    password: "${env:CONVEX_KEY}"
                    deploy_key: "${env:CONVEX_KEY}"
                source: app
                destination: app
                streams: [{table: users}]
                """);

        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> PipelineLoader.load(file(), Map.of("CONVEX_KEY", KEY)));

        assertThat(error.problems()).extracting(ConfigProblem::line, ConfigProblem::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(6, "connections.app.deploy_key"));
        assertThat(error.getMessage()).contains("give the deploy key once").doesNotContain(KEY);
    }

    private Path write(String yaml) throws Exception {
        Files.writeString(file(), yaml);
        return file();
    }

    private Path file() {
        return dir.resolve("pipeline.yaml");
    }
}
