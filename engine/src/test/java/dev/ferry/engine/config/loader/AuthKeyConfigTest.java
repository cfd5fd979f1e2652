package dev.ferry.engine.config.loader;

import dev.ferry.engine.config.PipelineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * {@code auth_key}, the key a Convex connection's mutations check, is a secret like a password: written
 * in the file it is refused, and it must come from {@code ${env:NAME}} or {@code ${file:PATH}}.
 */
class AuthKeyConfigTest {
    private static final String KEY = "sync-auth-7f3a9c-literal";

    @TempDir
    Path dir;

    @Test
    void anAuthKeyWrittenInTheFileIsRefusedAsAPasswordWithoutShowingIt() throws Exception {
        write("""
                pipeline: p
                connections:
                  pg: {url: "jdbc:postgresql://localhost/wh"}
                  app:
                    url: "https://happy-otter-123.convex.cloud"
                    deploy_key: "${env:CONVEX_KEY}"
                    properties: {write: mutation, auth_key: "%s"}
                source: pg
                destination: app
                streams: [{table: users}]
                """.formatted(KEY));

        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> PipelineLoader.load(file(), Map.of("CONVEX_KEY", "prod:x|y")));

        assertThat(error.problems()).extracting(ConfigProblem::line, ConfigProblem::field)
                .containsExactly(tuple(7, "connections.app.properties.auth_key"));
        assertThat(error.getMessage()).contains("a password must not be written in the file")
                .contains("auth_key: ${env:NAME}").doesNotContain(KEY);
    }

    @Test
    void anAuthKeyFromTheEnvironmentIsTakenAndNeverShown() throws Exception {
        PipelineConfig config = PipelineLoader.load(write("""
                pipeline: p
                connections:
                  pg: {url: "jdbc:postgresql://localhost/wh"}
                  app:
                    url: "https://happy-otter-123.convex.cloud"
                    deploy_key: "${env:CONVEX_KEY}"
                    properties: {write: mutation, auth_key: "${env:CONVEX_SYNC_AUTH_KEY}", integers: int64}
                source: pg
                destination: app
                streams: [{table: users}]
                """), Map.of("CONVEX_KEY", "prod:x|y", "CONVEX_SYNC_AUTH_KEY", KEY));

        assertThat(config.connections().get("app").properties()).containsEntry("auth_key", KEY)
                .containsEntry("write", "mutation").containsEntry("integers", "int64");
        assertThat(config.connections().get("app").toString()).doesNotContain(KEY);
    }

    private Path write(String yaml) throws Exception {
        Files.writeString(file(), yaml);
        return file();
    }

    private Path file() {
        return dir.resolve("pipeline.yaml");
    }
}
