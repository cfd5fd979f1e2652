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
    void valueTransformsMapStagesAndCodesTrimCastAndParseDates() {
        PipelineConfig config = parse(HEAD + """
                      - trim: {columns: [stage, nome], inner: true}
                      - map: {column: stage, values: {closedwon: FINISHED, closedlost: LOST}, else: OPEN, ignore_case: true}
                      - map: {column: code, values: {1: ON_TIME, 2: AT_RISK, 3: FINISHED}}
                      - upper: nome
                      - cast: {column: eta, to: integer}
                      - parse_date: {column: nascita, patterns: [dd/MM/uuuu, uuuu-MM-dd]}
                      - default: {column: paese, value: IT}
                """);
        StreamSchema source = new StreamSchema("patients", List.of(Column.of("id", ColumnType.INTEGER),
                Column.of("stage", ColumnType.STRING), Column.of("nome", ColumnType.STRING),
                Column.of("code", ColumnType.INTEGER), Column.of("eta", ColumnType.STRING),
                Column.of("nascita", ColumnType.STRING), Column.of("paese", ColumnType.STRING)), List.of("id"));
        BoundChain chain = config.streams().getFirst().transforms().bind(source);

        assertThat(chain.apply(new Object[] {1, " ClosedWon ", "ada  lovelace", 2, "36", "10/12/1815", null}, "t"))
                .containsExactly(1, "FINISHED", "ADA LOVELACE", "AT_RISK", 36, java.time.LocalDate.of(1815, 12, 10), "IT");
        assertThat(chain.apply(new Object[] {2, "prospecting", "bo", 3, "41", "1984-02-29", "FR"}, "t"))
                .containsExactly(2, "OPEN", "BO", "FINISHED", 41, java.time.LocalDate.of(1984, 2, 29), "FR");
        assertThat(chain.output().column("eta").type()).isEqualTo(ColumnType.INTEGER);
        assertThat(chain.output().column("nascita").type()).isEqualTo(ColumnType.DATE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> chain.apply(
                        new Object[] {3, "x", "c", 4, "1", "31/02/2024", null}, "patients"))
                .hasMessageContaining("code").hasMessageContaining("id=3");
    }

    @Test
    void computedColumnsFiltersAndHashesAreCelAndCheckedAgainstTheRow() {
        PipelineConfig config = parse(HEAD + """
                      - compute: {column: nome_completo, expr: "nome + ' ' + cognome"}
                      - filter: "stato != 'ANNULLATO'"
                      - hash: {column: row_hash, of: [nome, cognome]}
                """);
        StreamSchema source = new StreamSchema("patients", List.of(Column.of("id", ColumnType.INTEGER),
                Column.of("nome", ColumnType.STRING), Column.of("cognome", ColumnType.STRING),
                Column.of("stato", ColumnType.STRING)), List.of("id"));
        BoundChain chain = config.streams().getFirst().transforms().bind(source);

        assertThat(chain.output().columnNames()).containsExactly("id", "nome", "cognome", "stato", "nome_completo", "row_hash");
        Object[] kept = chain.apply(new Object[] {1, "Ada", "Lovelace", "ATTIVO"}, "t");
        assertThat(kept).startsWith(1, "Ada", "Lovelace", "ATTIVO", "Ada Lovelace");
        assertThat((String) kept[5]).hasSize(64).matches("[0-9a-f]+");
        assertThat(chain.apply(new Object[] {2, "Bo", "Rossi", "ANNULLATO"}, "t")).isNull();
        assertThat(chain.apply(new Object[] {3, "Ada", "Lovelace", "X"}, "t")[5]).as("same names, same hash").isEqualTo(kept[5]);
    }

    @Test
    void anExpressionWithASyntaxErrorIsAProblemOfTheFileAtItsStep() {
        ConfigException error = failure(HEAD + """
                      - filter: "stato !=="
                """);

        assertThat(error.problems()).extracting(ConfigProblem::line).containsExactly(9);
        assertThat(error.getMessage()).contains("streams[0].transforms[0].filter");
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
                      - map: {column: stage, else: OPEN}
                      - truncate: {column: note, length: 0}
                      - parse_date: {column: nascita, patterns: [dd/MM/yy]}
                """);

        assertThat(error.problems()).extracting(ConfigProblem::line).containsExactly(9, 10, 11, 12, 13, 14, 15, 16, 17);
        assertThat(error.getMessage())
                .contains("XX")
                .contains("must name at least one column")
                .contains("missing.json does not exist")
                .contains("needs exactly one of column or columns")
                .contains("must be a map with one key, the kind of transform")
                .contains("needs values")
                .contains("length must be a whole number of at least 1");
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
