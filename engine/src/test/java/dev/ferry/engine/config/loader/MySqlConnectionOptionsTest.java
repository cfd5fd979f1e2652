package dev.ferry.engine.config.loader;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.engine.config.PipelineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The MySQL/MariaDB choices of a connection: {@code tinyint1:} beside {@code zero_dates:}. */
class MySqlConnectionOptionsTest {
    @TempDir
    Path dir;

    @Test
    void tinyint1IsBooleanOrIntegerAndReachesTheConnection() throws Exception {
        PipelineConfig config = PipelineLoader.load(write("""
                pipeline: p
                connections:
                  shop: {url: "jdbc:mariadb://localhost/shop", tinyint1: integer, zero_dates: "1970-01-01"}
                  flags: {url: "jdbc:mariadb://localhost/flags", tinyint1: boolean}
                  plain: {url: "jdbc:mariadb://localhost/plain"}
                source: shop
                destination: plain
                streams: [{table: t}]
                """), Map.of());

        ConnectionSpec shop = config.connections().get("shop").toSpec("mariadb");
        assertThat(shop.option(ConnectionSpec.TINYINT1, "boolean")).isEqualTo("integer");
        assertThat(shop.option(ConnectionSpec.ZERO_DATES, "fail")).isEqualTo("1970-01-01");
        assertThat(config.connections().get("flags").options()).isEqualTo(Map.of(ConnectionSpec.TINYINT1, "boolean"));
        // absent, the connector's default applies
        assertThat(config.connections().get("plain").options()).isEmpty();
    }

    @Test
    void anyOtherTinyint1IsAProblemAtItsLineThatSaysWhatIsValid() throws Exception {
        Files.writeString(file(), """
                pipeline: p
                connections:
                  shop:
                    url: "jdbc:mariadb://localhost/shop"
                    tinyint1: bool
                source: shop
                destination: shop
                streams: [{table: t}]
                """);

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> PipelineLoader.load(file(), Map.of()));

        assertThat(error.problems()).extracting(ConfigProblem::line, ConfigProblem::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(5, "connections.shop.tinyint1"));
        assertThat(error.getMessage()).contains("must be boolean", "or integer", "not 'bool'");
    }

    private Path write(String yaml) throws Exception {
        Files.writeString(file(), yaml);
        return file();
    }

    private Path file() {
        return dir.resolve("pipeline.yaml");
    }
}
