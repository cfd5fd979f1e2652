package dev.ferry.engine.config.loader;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.StreamSchema;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.transform.BoundChain;
import dev.ferry.engine.transform.TransformStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A stream's {@code transforms:}: the steps read, in order, and every mistake located. */
class TransformConfigTest {

    private static final String HEAD = """
            pipeline: p
            connections:
              db: {url: "jdbc:sqlite::memory:"}
            source: db
            destination: db
            streams:
              - table: patients
                transforms:
            """;

    @TempDir
    Path dir;

    @Test
    void readsEachStepInOrderAndTheShorthandsForOneOrSeveralColumns() throws Exception {
        Files.writeString(dir.resolve("operators.json"), "{\"rossi\": {\"id\": 7}, \"bianchi\": {\"id\": 9}}");
        PipelineConfig config = parse(HEAD + """
                      - phone: {column: telefono, region: IT, invalid: "null"}
                      - tax_code: [codice_fiscale, cf_medico]
                      - email: email
                      - lookup: {column: operatore, file: operators.json, field: id}
                """);

        List<TransformStep> steps = config.streams().getFirst().transforms().steps();
        assertThat(steps).extracting(TransformStep::describe).containsExactly("phone on telefono",
                "tax_code on codice_fiscale", "tax_code on cf_medico", "email on email", "lookup on operatore");

        StreamSchema source = new StreamSchema("patients", List.of(Column.of("id", ColumnType.INTEGER),
                Column.of("telefono", ColumnType.STRING), Column.of("codice_fiscale", ColumnType.STRING),
                Column.of("cf_medico", ColumnType.STRING), Column.of("email", ColumnType.STRING),
                Column.of("operatore", ColumnType.STRING)), List.of("id"));
        BoundChain chain = config.streams().getFirst().transforms().bind(source);
        Object[] row = chain.apply(new Object[] {1, "06 1234 5678", "qqqjjj80a01z999h", null, " Ada@Example.COM ",
                "bianchi"}, "patients");
        assertThat(row).containsExactly(1, "+390612345678", "QQQJJJ80A01Z999H", null, "Ada@example.com", 9L);
        assertThat(chain.output().column("operatore").type()).isEqualTo(ColumnType.BIGINT);
    }

    @Test
    void aMisspelledKindOrSettingIsLocatedWithWhatWasMeant() {
        ConfigException error = failure(HEAD + """
                      - phon: telefono
                      - phone: {column: telefono, regoin: IT}
                """);

        assertThat(error.problems()).extracting(ConfigProblem::line, ConfigProblem::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(9, "streams[0].transforms[0].phon"),
                org.assertj.core.groups.Tuple.tuple(10, "streams[0].transforms[1].phone.regoin"));
        assertThat(error.getMessage()).contains("unknown transform 'phon'").contains("did you mean 'phone'?")
                .contains("unknown key 'regoin'; did you mean 'region'?");
    }

    @Test
    void badSettingsAreRefusedWhereTheyAreWritten() {
        ConfigException error = failure(HEAD + """
                      - phone: {column: telefono, region: XX}
                      - email: {columns: [], invalid: maybe}
                      - lookup: {column: operatore, file: missing.json}
                      - tax_code: {invalid: "null"}
                      - lookup_columns: {key: branch, file: missing.csv}
                      - trim
                """);

        assertThat(error.problems()).extracting(ConfigProblem::line).containsExactly(9, 10, 11, 12, 13, 14);
        assertThat(error.getMessage())
                .contains("XX")
                .contains("must name at least one column")
                .contains("missing.json does not exist")
                .contains("needs exactly one of column or columns")
                .contains("must be a map with one key, the kind of transform");
    }

    @Test
    void transformsMustBeAList() {
        ConfigException error = failure(HEAD.replace("    transforms:\n", "    transforms: {email: email}\n"));

        assertThat(error.problems()).extracting(ConfigProblem::field).containsExactly("streams[0].transforms");
        assertThat(error.getMessage()).contains("must be a list of steps");
    }

    private PipelineConfig parse(String yaml) {
        return PipelineLoader.parse(yaml, dir.resolve("p.yml"), dir, Map.of());
    }

    private ConfigException failure(String yaml) {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(error).as("expected problems").isNotNull();
        return error;
    }
}
