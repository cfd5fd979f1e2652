package dev.ferry.engine.config.loader;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.StreamSchema;
import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.ExternalConnections;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.transform.TransformDefinitionException;
import dev.ferry.engine.transform.TransformStep;
import dev.ferry.engine.transform.lookup.LookupColumns;
import dev.ferry.engine.transform.lookup.LookupValue;
import dev.ferry.engine.transform.lookup.MissingKey;
import dev.ferry.engine.transform.lookup.TableLookupSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

/** Lookups in a table through a connection ({@code connection:} instead of {@code file:}): what is read, and every mistake located. */
class TableLookupConfigTest {

    private static final String HEAD = """
            pipeline: p
            connections:
              db: {url: "jdbc:sqlite::memory:"}
              crm: {url: "jdbc:postgresql://127.0.0.1:5432/crm"}
            source: db
            destination: db
            streams:
              - table: patients
                transforms:
            """;

    @TempDir
    Path dir;

    @Test
    void aLookupNamesAConnectionTableKeyColumnAndTheColumnsItTakes() {
        PipelineConfig config = parse(HEAD + """
                      - lookup: {column: stato, connection: crm, table: public.stati, key_column: codice, field: nome}
                      - lookup_columns: {key: sede, connection: db, table: sedi, key_column: codice, max_rows: 50,
                                         add: {calendar_id: calendario, calendar_name: nome}, missing: skip_row}
                """);

        List<TransformStep> steps = config.streams().getFirst().transforms().steps();
        LookupValue value = (LookupValue) ((TransformStep.OnColumn) steps.get(0)).transform();
        assertThat(value.options().source()).isEqualTo(new TableLookupSource("crm", "public.stati", "codice",
                List.of("nome"), TableLookupSource.DEFAULT_MAX_ROWS));
        assertThat(value.options().field()).isEqualTo("nome");
        assertThat(value.options().whenMissing()).isEqualTo(MissingKey.ERROR);
        LookupColumns columns = (LookupColumns) ((TransformStep.OnRow) steps.get(1)).transform();
        assertThat(columns.options().source()).isEqualTo(new TableLookupSource("db", "sedi", "codice",
                List.of("calendario", "nome"), 50));
        assertThat(columns.options().columns()).extracting(LookupColumns.Added::column)
                .containsExactly("calendar_id", "calendar_name");
        assertThat(columns.options().whenMissing()).isEqualTo(MissingKey.SKIP_ROW);
    }

    @Test
    void aTableLookupBoundWithoutTheRunsConnectionsIsRefusedSayingWhy() {
        PipelineConfig config = parse(HEAD + """
                      - lookup: {column: stato, connection: crm, table: public.stati, key_column: codice, field: nome}
                """);
        StreamSchema schema = new StreamSchema("patients", List.of(Column.of("id", ColumnType.INTEGER),
                Column.of("stato", ColumnType.STRING)), List.of("id"));

        assertThatThrownBy(() -> config.streams().getFirst().transforms().bind(schema))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("transform 1 (lookup on stato)")
                .hasMessageContaining("Table public.stati through connection crm")
                .hasMessageContaining("only a run or a preview of the pipeline opens; this binding has none");
    }

    @Test
    void anUnknownConnectionIsLocatedAtItsNameWithTheConnectionMeant() {
        ConfigException error = failure(HEAD + """
                      - lookup:
                          column: stato
                          connection: crmm
                          table: stati
                          key_column: codice
                          field: nome
                      - lookup_columns: {key: sede, connection: warehouse, table: sedi, key_column: codice, add: {x: y}}
                """);

        assertThat(error.problems()).extracting(ConfigProblem::line, ConfigProblem::field).containsExactly(
                tuple(12, "streams[0].transforms[0].lookup.connection"),
                tuple(16, "streams[0].transforms[1].lookup_columns.connection"));
        assertThat(error.getMessage()).contains("no connection is named 'crmm'; defined connections are db, crm; "
                        + "did you mean 'crm'?")
                .contains("no connection is named 'warehouse'");
    }

    @Test
    void everyMistakeOfATableLookupIsLocated() throws Exception {
        Files.writeString(dir.resolve("stati.json"), "{\"A\": \"Attivo\"}");
        ConfigException error = failure(HEAD + """
                      - lookup: {column: a, connection: crm, file: stati.json, table: t, key_column: k, field: v}
                      - lookup: {column: a, connection: crm, key_column: k, field: v}
                      - lookup: {column: a, table: t, key_column: k, field: v}
                      - lookup: {column: a, connection: crm, table: t, field: v}
                      - lookup: {column: a, connection: crm, table: t, key_column: k}
                      - lookup: {column: a, connection: crm, table: t, key_column: k, field: v,
                                 key_field: k}
                      - lookup: {column: a, connection: crm, table: t, key_column: k, field: v,
                                 type: bigint}
                      - lookup: {column: a, connection: crm, table: t, key_column: k, field: v,
                                 max_rows: 0}
                      - lookup: {column: a, file: stati.json,
                                 key_column: k}
                      - lookup: {column: a, file: stati.json,
                                 max_rows: 10}
                      - lookup: {column: a, field: v}
                      - lookup_columns: {key: a, connection: crm, table: t, add: {x: y}}
                      - lookup: {column: a, conection: crm, table: t, key_column: k, field: v}
                """);

        assertThat(error.problems()).extracting(ConfigProblem::line, ConfigProblem::field).containsExactly(
                tuple(10, "streams[0].transforms[0].lookup"),
                tuple(11, "streams[0].transforms[1].lookup"),
                tuple(12, "streams[0].transforms[2].lookup.table"),
                tuple(13, "streams[0].transforms[3].lookup"),
                tuple(14, "streams[0].transforms[4].lookup"),
                tuple(16, "streams[0].transforms[5].lookup.key_field"),
                tuple(18, "streams[0].transforms[6].lookup.type"),
                tuple(20, "streams[0].transforms[7].lookup.max_rows"),
                tuple(22, "streams[0].transforms[8].lookup.key_column"),
                tuple(24, "streams[0].transforms[9].lookup.max_rows"),
                tuple(25, "streams[0].transforms[10].lookup"),
                tuple(26, "streams[0].transforms[11].lookup_columns"),
                tuple(27, "streams[0].transforms[12].lookup.conection"),
                tuple(27, "streams[0].transforms[12].lookup.table"));
        assertThat(error.getMessage())
                .contains("give file (a mapping file) or connection (a table read through it), not both")
                .contains("needs table: the table to look up in through connection crm")
                .contains("a table is read through a connection: add connection: (one of db, crm)")
                .contains("needs key_column: the column of table t that holds the keys")
                .contains("needs field: the column of the table whose value replaces the key")
                .contains("key_field names the key field of a mapping file; a table names the column that holds its"
                        + " keys with key_column")
                .contains("a table lookup gives the type of the table's column v; leave type out")
                .contains("max_rows must be a whole number of at least 1, not '0'")
                .contains("key_column is for a lookup in a table through a connection; a mapping file names its key"
                        + " field with key_field")
                .contains("max_rows is for a lookup in a table through a connection; a mapping file is limited by its size")
                .contains("needs file: the JSON, YAML or CSV file of the mapping, beside the pipeline file; or connection:,"
                        + " table: and key_column: to look up in a table")
                .contains("unknown key 'conection'; did you mean 'connection'?");
    }

    @Test
    void aConnectionStoredOnTheServerMayBeNamedAndJoinsThePipelinesConnections() {
        ConnectionConfig stored = new ConnectionConfig("anagrafe", null, "jdbc:postgresql://127.0.0.1:5432/anagrafe",
                "ferry", null, Map.of());
        ExternalConnections external = new ExternalConnections() {
            @Override
            public List<String> names() {
                return List.of("anagrafe");
            }

            @Override
            public Optional<ConnectionConfig> find(String name) {
                return name.equals("anagrafe") ? Optional.of(stored) : Optional.empty();
            }
        };

        PipelineConfig config = PipelineLoader.parse(HEAD + """
                      - lookup: {column: stato, connection: anagrafe, table: stati, key_column: codice, field: nome}
                """, dir.resolve("p.yml"), dir, Map.of(), external);

        assertThat(config.connections()).containsEntry("anagrafe", stored);
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> PipelineLoader.parse(HEAD + """
                      - lookup: {column: stato, connection: anagrafee, table: stati, key_column: codice, field: nome}
                """, dir.resolve("p.yml"), dir, Map.of(), external));
        assertThat(error.getMessage()).contains("no connection is named 'anagrafee'; defined connections are db, crm;"
                + " stored connections are anagrafe; did you mean 'anagrafe'?");
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
