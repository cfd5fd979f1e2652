package dev.ferry.engine.config.loader;

import dev.ferry.engine.config.BadRowLimits;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StreamConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code max_bad_rows} and {@code max_bad_ratio}: per stream, under defaults, and their errors. */
class BadRowLimitsConfigTest {
    private static final String HEAD = """
            pipeline: p
            connections:
              db: {url: "jdbc:sqlite::memory:"}
            source: db
            destination: db
            """;

    @TempDir
    Path dir;

    @Test
    void streamsTakeTheirOwnLimitsOrThoseOfDefaultsAndNoneWithoutEither() throws Exception {
        PipelineConfig config = load(HEAD + """
                defaults:
                  max_bad_ratio: 1%
                streams:
                  - table: patients
                    max_bad_rows: 25
                  - table: visits
                    max_bad_ratio: 0.005
                  - table: notes
                """);
        assertThat(config.streams()).extracting(StreamConfig::badRows).containsExactly(
                new BadRowLimits(25, 0.01), new BadRowLimits(0, 0.005), new BadRowLimits(0, 0.01));

        PipelineConfig plain = load(HEAD + "streams: [{table: patients}]\n");
        assertThat(plain.streams().getFirst().badRows()).isEqualTo(BadRowLimits.NONE);
        assertThat(plain.streams().getFirst().badRows().quarantines()).isFalse();
    }

    @Test
    void reportsLimitsThatAreNotNumbersInRangeWhereTheyAreWritten() throws Exception {
        assertThat(problems(HEAD + """
                defaults:
                  max_bad_rows: many
                streams:
                  - table: a
                    max_bad_rows: -1
                  - table: b
                    max_bad_ratio: 2
                  - table: c
                    max_bad_ratio: 150%
                  - table: d
                    max_bad_ratio: a tenth
                  - table: e
                    max_bad_row: 3
                """)).contains(
                ":7:17: defaults.max_bad_rows: must be a whole number of rows, 0 or more, not 'many'",
                ":10:19: streams[0].max_bad_rows: must be a whole number of rows, 0 or more, not '-1'",
                ":12:20: streams[1].max_bad_ratio: must be a fraction from 0 to 1, such as 0.01 or 1%, not '2'",
                ":14:20: streams[2].max_bad_ratio: must be a fraction from 0 to 1, such as 0.01 or 1%, not '150%'",
                ":16:20: streams[3].max_bad_ratio: must be a fraction from 0 to 1, such as 0.01 or 1%, not 'a tenth'",
                ":18:5: streams[4].max_bad_row: unknown key 'max_bad_row'; did you mean 'max_bad_rows'?");
    }

    private PipelineConfig load(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("pipeline.yaml"), yaml);
        return PipelineLoader.load(file, Map.of());
    }

    private String problems(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("pipeline.yaml"), yaml);
        return catchThrowableOfType(ConfigException.class, () -> PipelineLoader.load(file, Map.of())).getMessage();
    }
}
