package dev.ferry.engine.config.loader;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StreamConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code depends_on} and {@code parallelism}: what is read, and every mistake with its line and field. */
class StreamOrderConfigTest {

    /** A valid head that tests append streams to; streams start on line 7. */
    private static final String HEAD = """
            pipeline: p
            connections:
              db: {url: "jdbc:sqlite::memory:"}
            source: db
            destination: db
            streams:
            """;

    /** A head whose destination is PostgreSQL, which takes many writers at once. */
    private static final String TO_POSTGRES = """
            pipeline: p
            connections:
              db: {url: "jdbc:sqlite::memory:"}
              wh: {url: "jdbc:postgresql://localhost:5432/wh"}
            source: db
            destination: wh
            streams:
            """;

    @TempDir
    Path dir;

    @Test
    void readsDependenciesAsAListOrASingleNameAndParallelism() throws Exception {
        PipelineConfig config = parse("parallelism: 3\n" + TO_POSTGRES + """
                  - table: patients
                  - table: operators
                  - table: appointments
                    depends_on: [patients, operators]
                  - table: invoices
                    depends_on: appointments
                """);

        assertThat(config.parallelism()).isEqualTo(3);
        assertThat(config.streams()).extracting(StreamConfig::name, StreamConfig::dependsOn).containsExactly(
                org.assertj.core.groups.Tuple.tuple("patients", List.of()),
                org.assertj.core.groups.Tuple.tuple("operators", List.of()),
                org.assertj.core.groups.Tuple.tuple("appointments", List.of("patients", "operators")),
                org.assertj.core.groups.Tuple.tuple("invoices", List.of("appointments")));
    }

    @Test
    void withoutTheKeysStreamsDependOnNothingAndRunOneAtATime() throws Exception {
        PipelineConfig config = parse(HEAD + "  - table: patients\n");

        assertThat(config.parallelism()).isEqualTo(1);
        assertThat(config.streams().getFirst().dependsOn()).isEmpty();
    }

    @Test
    void anUnknownStreamIsReportedWithTheStreamsThereAreAndTheClosestOne() throws Exception {
        assertProblems(HEAD + """
                  - table: patients
                  - table: appointments
                    depends_on: [patient]
                  - table: invoices
                    depends_on: billing
                """,
                ":9:18: streams[1].depends_on[0]: no stream is named 'patient'; streams are patients, appointments, "
                        + "invoices; did you mean 'patients'?",
                ":11:17: streams[2].depends_on: no stream is named 'billing'; streams are patients, appointments, "
                        + "invoices");
    }

    @Test
    void aStreamCannotDependOnItself() throws Exception {
        assertProblems(HEAD + """
                  - table: patients
                    depends_on: [patients]
                """,
                ":8:18: streams[0].depends_on[0]: stream 'patients' cannot depend on itself; list the streams that "
                        + "must be written before it");
    }

    @Test
    void aCycleIsReportedOnceNamingEveryStreamInIt() throws Exception {
        assertProblems(HEAD + """
                  - table: a
                    depends_on: [b]
                  - table: b
                    depends_on: [c]
                  - table: c
                    depends_on: [a]
                  - table: d
                    depends_on: [a]
                """,
                ":12:18: streams[2].depends_on[0]: depends_on forms a cycle: a -> b -> c -> a (each depends on the "
                        + "next); no order can satisfy it, so remove one of these dependencies");
    }

    @Test
    void twoStreamsDependingOnEachOtherAreACycle() throws Exception {
        assertProblems(HEAD + """
                  - {table: a, depends_on: b}
                  - {table: b, depends_on: a}
                """,
                ":8:28: streams[1].depends_on: depends_on forms a cycle: a -> b -> a (each depends on the next); "
                        + "no order can satisfy it, so remove one of these dependencies");
    }

    @Test
    void aDuplicateOrAnEmptyListIsReported() throws Exception {
        assertProblems(HEAD + """
                  - table: a
                  - table: b
                    depends_on: [a, a]
                  - table: c
                    depends_on: []
                  - table: d
                    depends_on: {a: 1}
                """,
                ":9:21: streams[1].depends_on[1]: 'a' is listed more than once",
                ":11:5: streams[2].depends_on: must not be empty; leave the key out instead",
                ":13:5: streams[3].depends_on: must be a list of names (or a single name), found a map");
    }

    @Test
    void parallelismMustBeAWholeNumberFromOneToTheCap() throws Exception {
        for (String value : List.of("0", "-2", "65", "1.5", "two", "99999999999")) {
            assertProblems("parallelism: " + value + "\n" + HEAD + "  - table: a\n",
                    ":1:14: parallelism: must be a whole number from 1 to 64 (streams run at once, each on connections "
                            + "of its own), not '" + value + "'");
        }
    }

    @Test
    void aSqliteDestinationTakesOneStreamAtATime() throws Exception {
        assertProblems("parallelism: 2\n" + HEAD + "  - table: a\n",
                ":1:14: parallelism: must be 1 when the destination (db) is SQLite, which takes one writer at a time: "
                        + "streams writing at once would fail with 'database is locked'");
        assertProblems("parallelism: 2\n" + HEAD.replace("db: {url: \"jdbc:sqlite::memory:\"}",
                        "db: {url: \"jdbc:postgresql://localhost:5432/app\", type: sqlite}") + "  - table: a\n",
                ":1:14: parallelism: must be 1 when the destination (db) is SQLite, which takes one writer at a time: "
                        + "streams writing at once would fail with 'database is locked'");
        assertThat(parse("parallelism: 2\n" + TO_POSTGRES + "  - table: a\n").parallelism()).isEqualTo(2);
    }

    @Test
    void aMisspeltKeyGetsASuggestion() throws Exception {
        assertProblems("paralelism: 2\n" + HEAD + """
                  - table: a
                  - table: b
                    depend_on: [a]
                """,
                ":1:1: paralelism: unknown key 'paralelism'; did you mean 'parallelism'?",
                ":10:5: streams[1].depend_on: unknown key 'depend_on'; did you mean 'depends_on'?");
    }

    private PipelineConfig parse(String yaml) throws Exception {
        Files.writeString(file(), yaml);
        return PipelineLoader.load(file(), Map.of());
    }

    private void assertProblems(String yaml, String... expected) throws Exception {
        Files.writeString(file(), yaml);
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> PipelineLoader.load(file(), Map.of()));
        assertThat(error).as("a configuration error for:\n" + yaml).isNotNull();
        assertThat(List.of(error.getMessage().split("\n")))
                .containsExactly(Arrays.stream(expected).map(e -> file() + e).toArray(String[]::new));
    }

    private Path file() {
        return dir.resolve("pipeline.yaml");
    }
}
