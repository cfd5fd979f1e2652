package dev.ferry.engine.config.loader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each kind of mistake, with the exact file, line, column, field and wording it is reported with. */
class PipelineConfigErrorsTest {

    /** A valid head that tests append streams to; streams start on line 7. */
    private static final String HEAD = """
            pipeline: p
            connections:
              db: {url: "jdbc:sqlite::memory:"}
            source: db
            destination: db
            streams:
            """;

    @TempDir
    Path dir;

    @Test
    void reportsEveryProblemOfAFileAtOnceInFileOrder() throws Exception {
        ConfigException error = load("""
                pipeline: bad name!
                conections: {}
                source: erp
                destination: wh
                batch_size: 0
                commit_every: 5
                streams:
                  - table: a
                    sync: incremental
                    cursr: x
                """);

        assertThat(error.problems()).extracting(ConfigProblem::line, ConfigProblem::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, "connections"),
                org.assertj.core.groups.Tuple.tuple(1, "pipeline"),
                org.assertj.core.groups.Tuple.tuple(2, "conections"),
                org.assertj.core.groups.Tuple.tuple(5, "batch_size"),
                org.assertj.core.groups.Tuple.tuple(6, "commit_every"),
                org.assertj.core.groups.Tuple.tuple(8, "streams[0].cursor"),
                org.assertj.core.groups.Tuple.tuple(10, "streams[0].cursr"));
        assertThat(error.getMessage()).isEqualTo(String.join("\n",
                file() + ":1:1: connections: is required: a map of connection names to connections, each with at least a url",
                file() + ":1:11: pipeline: 'bad name!' is not a valid name; use only letters, digits, _ . and -",
                file() + ":2:1: conections: unknown key 'conections'; did you mean 'connections'?",
                file() + ":5:13: batch_size: must be a whole number from 1 to 1000000, not '0'",
                file() + ":6:15: commit_every: must be a whole number of at least batch_size (2000), not '5'",
                file() + ":8:5: streams[0].cursor: is required for sync: incremental; name the column whose value grows "
                        + "with every change, such as an updated-at timestamp or an increasing id",
                file() + ":10:5: streams[0].cursr: unknown key 'cursr'; did you mean 'cursor'?"));
    }

    @Test
    void problemCarriesItsParts() throws Exception {
        ConfigException error = load(HEAD + "  - {table: t, sync: incremental, cursor: c, lookback: soon}\n");

        assertThat(error.problems()).containsExactly(new ConfigProblem(file(), 7, 56, "streams[0].lookback",
                "'soon' is not valid; use a duration such as 30s, 5m, 2h, 1d or PT5M (for time cursors) "
                        + "or a non-negative number (for numeric cursors)"));
    }

    @Test
    void saysWhichOptionsAreValid() throws Exception {
        assertProblems(HEAD + """
                  - table: a
                    sync: incremntal
                    write: replace
                    naming: camel
                """,
                ":8:11: streams[0].sync: must be one of full_refresh, incremental, hash, changes, not 'incremntal'; did you mean 'incremental'?",
                ":9:12: streams[0].write: must be one of overwrite, upsert, not 'replace'",
                ":10:13: streams[0].naming: must be one of as_is, snake_case, lower_case, not 'camel'");
    }

    @Test
    void suggestsAKeyThatDiffersOnlyInCase() throws Exception {
        assertProblems(HEAD + "  - {Table: t}\n",
                ":7:5: streams[0]: needs one of table, view or query (the source to read)",
                ":7:6: streams[0].Table: unknown key 'Table'; did you mean 'table'?");
    }

    @Test
    void listsValidKeysWhenNoneIsClose() throws Exception {
        assertProblems(HEAD + "  - {table: t, schedule: hourly}\n",
                ":7:16: streams[0].schedule: unknown key 'schedule'; valid keys are name, table, view, query, "
                        + "destination_table, key, columns, flatten, rename, naming, sync, write, cursor, lookback, deletes, "
                        + "reconcile_every, allow_empty_source, transforms, max_bad_rows, max_bad_ratio, depends_on");
    }

    @Test
    void rejectsMoreThanOneSourceAndNoSource() throws Exception {
        assertProblems(HEAD + """
                  - table: a
                    query: select 1
                  - name: b
                """,
                ":8:12: streams[0].query: give only one of table, view or query; this stream already has table",
                ":9:5: streams[1]: needs one of table, view or query (the source to read)");
    }

    @Test
    void aQueryNeedsANameAndAKeyToUpsert() throws Exception {
        assertProblems(HEAD + """
                  - query: select id from t
                  - {name: ok, query: select id from t, write: overwrite}
                  - {name: hashed, query: select id from t, sync: hash}
                """,
                ":7:5: streams[0].name: is required when a stream reads a query",
                ":7:5: streams[0].key: is required when a stream reads a query with sync: full_refresh and write: upsert; "
                        + "a query has no primary key to take it from",
                ":9:5: streams[2].key: is required when a stream reads a query with sync: hash and write: upsert; "
                        + "a query has no primary key to take it from");
    }

    @Test
    void cursorAndLookbackBelongToIncrementalStreamsOnly() throws Exception {
        assertProblems(HEAD + """
                  - table: a
                    cursor: updated_at
                    lookback: 5m
                """,
                ":8:13: streams[0].cursor: cursor is only used by incremental streams; this stream's sync is full_refresh",
                ":9:15: streams[0].lookback: lookback is only used by incremental streams; this stream's sync is full_refresh");
    }

    @Test
    void incrementalAndHashCannotOverwrite() throws Exception {
        assertProblems(HEAD + """
                  - {table: a, sync: hash, write: overwrite}
                """,
                ":7:35: streams[0].write: must be upsert for sync: hash; overwrite is only valid with sync: full_refresh");
    }

    @Test
    void overwriteInDefaultsIsReportedOnceWhereItWasWritten() throws Exception {
        assertProblems("""
                pipeline: p
                connections: {db: {url: "jdbc:sqlite::memory:"}}
                source: db
                destination: db
                defaults:
                  sync: incremental
                  write: overwrite
                streams:
                  - {table: a, cursor: c}
                  - {table: b, cursor: c}
                """,
                ":7:10: defaults.write: must be upsert for sync: incremental; overwrite is only valid with sync: full_refresh");
    }

    @Test
    void aStreamSyncClashingWithAnInheritedOverwriteIsReportedAtTheStream() throws Exception {
        assertProblems("""
                pipeline: p
                connections: {db: {url: "jdbc:sqlite::memory:"}}
                source: db
                destination: db
                defaults: {write: overwrite}
                streams:
                  - {table: a, sync: incremental, cursor: c}
                """,
                ":7:22: streams[0].sync: incremental needs write: upsert, but this stream inherits write: overwrite "
                        + "from defaults; set write: upsert on the stream");
    }

    @Test
    void keyCursorAndRenamesMustBeInTheSelectedColumns() throws Exception {
        assertProblems(HEAD + """
                  - table: a
                    sync: incremental
                    columns: [id, total, updated_at]
                    key: [idd]
                    cursor: updated
                    rename: {totl: amount}
                """,
                ":10:11: streams[0].key[0]: key column 'idd' is not in columns; add it to columns (id, total, updated_at); "
                        + "did you mean 'id'?",
                ":11:13: streams[0].cursor: cursor column 'updated' is not in columns; add it to columns "
                        + "(id, total, updated_at)",
                ":12:20: streams[0].rename.totl: renames column 'totl', which is not in columns; add it to columns "
                        + "(id, total, updated_at); did you mean 'total'?");
    }

    @Test
    void identifiersMustNotBeBlankAndRenameTargetsMustBeUnique() throws Exception {
        assertProblems(HEAD + """
                  - table: " "
                    key: [id, " ", id]
                    columns: []
                    rename: {a: x, b: x}
                """,
                ":7:12: streams[0].table: must not be blank",
                ":8:15: streams[0].key[1]: must not be blank",
                ":8:20: streams[0].key[2]: 'id' is listed more than once",
                ":9:5: streams[0].columns: must not be empty; leave the key out instead",
                ":10:23: streams[0].rename.b: 'x' is already the new name of 'a'; each column needs its own name");
    }

    @Test
    void streamNamesAndDestinationTablesMustBeUnique() throws Exception {
        assertProblems(HEAD + """
                  - table: dbo.orders
                  - {table: sales.orders, destination_table: orders_2}
                  - {table: x, destination_table: orders_2, name: x2}
                """,
                ":8:5: streams[1].name: duplicate stream name 'orders': streams[0] on line 7 uses it too; "
                        + "give each stream its own name",
                ":9:35: streams[2].destination_table: duplicate destination table 'orders_2': streams[1] on line 8 uses it too");
    }

    @Test
    void reportsWrongYamlTypesWithTheirLocation() throws Exception {
        assertProblems("""
                pipeline: [p]
                connections:
                  - db
                source: {a: b}
                destination: db
                defaults: full_refresh
                batch_size: many
                streams:
                  table: t
                """,
                ":1:1: pipeline: must be a text value, found a list",
                ":2:1: connections: must be a map of connection names to connections, found a list",
                ":4:1: source: must be a text value, found a map",
                ":6:11: defaults: must be a map of stream settings (sync, write, naming, lookback, deletes, max_bad_rows, max_bad_ratio), found a text value",
                ":7:13: batch_size: must be a whole number from 1 to 1000000, not 'many'",
                ":8:1: streams: must be a list of streams (items starting with '- '), found a map");
    }

    @Test
    void sourceAndDestinationMustNameAConnection() throws Exception {
        assertProblems("""
                pipeline: p
                connections:
                  erp: {url: "jdbc:sqlite::memory:"}
                  warehouse: {uri: "jdbc:postgresql://h/db"}
                source: epr
                destination: lake
                streams: [{table: t}]
                """,
                ":4:3: connections.warehouse.url: is required, as in jdbc:postgresql://host:5432/db or jdbc:sqlite:data/app.db",
                ":4:15: connections.warehouse.uri: unknown key 'uri'; did you mean 'url'?",
                ":5:9: source: no connection is named 'epr'; defined connections are erp, warehouse; did you mean 'erp'?",
                ":6:14: destination: no connection is named 'lake'; defined connections are erp, warehouse");
    }

    @Test
    void reportsDuplicateKeys() throws Exception {
        assertProblems(HEAD + """
                  - table: a
                    table: b
                """,
                ":8:5: streams[0].table: duplicate key 'table' (first given on line 7)");
    }

    @Test
    void reportsAYamlSyntaxErrorWithItsLine() throws Exception {
        assertProblems("""
                pipeline: p
                connections:
                  db: {url: "jdbc:sqlite::memory:"
                source: db
                """,
                ":4:1: invalid YAML: expected ',' or '}', but got <scalar> (while parsing a flow mapping)");
    }

    @Test
    void aSyntaxErrorDoesNotQuoteTheBrokenLine() throws Exception {
        ConfigException error = load("""
                pipeline: p
                connections:
                  db: {url: "jdbc:sqlite::memory:", password: "hunter2-literal}
                streams: []
                """);

        assertThat(error.getMessage()).isEqualTo(file() + ":5:1: invalid YAML: found unexpected end of stream "
                + "(while scanning a quoted scalar)");
    }

    @Test
    void reportsAnEmptyFileAndAMissingFile() throws Exception {
        assertProblems("", ": the file is empty; a pipeline needs at least pipeline, connections, source, destination and streams");

        Path missing = dir.resolve("absent.yaml");
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> PipelineLoader.load(missing, Map.of()));
        assertThat(error.getMessage()).isEqualTo(missing + ": cannot read the file (NoSuchFileException)");
    }

    @Test
    void aLiteralPasswordIsRejectedWithoutBeingShown() throws Exception {
        ConfigException error = load("""
                pipeline: p
                connections:
                  db:
                    url: "jdbc:sqlite::memory:"
                    password: hunter2-literal
                source: db
                destination: db
                streams: [{table: t}]
                """);

        assertThat(error.getMessage()).isEqualTo(file() + ":5:15: connections.db.password: a password must not be "
                + "written in the file; use ${env:NAME} (an environment variable) or ${file:PATH} (a file beside the pipeline)");
        assertThat(error.toString()).doesNotContain("hunter2");
        assertThat(error.problems().toString()).doesNotContain("hunter2");
    }

    @Test
    void missingSecretsNameTheVariableOrFileButNoValue() throws Exception {
        Files.writeString(dir.resolve("present.txt"), "file-secret-value\n");
        ConfigException error = load("""
                pipeline: p
                connections:
                  db:
                    url: "jdbc:sqlite::memory:"
                    user: ${env:DB_USER}
                    password: ${env:DB_PASSWORD}
                    properties: {sslkey: "${file:keys/absent.pem}", token: "${file:present.txt}", x: "${vault:k}"}
                source: db
                destination: db
                state:
                  url: jdbc:postgresql://localhost/state
                  password: ${file:state-password}
                streams: [{table: t}]
                """, Map.of("DB_USER", "user-secret-value"));

        Path folder = dir.toAbsolutePath().normalize();
        assertThat(error.getMessage()).isEqualTo(String.join("\n",
                file() + ":6:15: connections.db.password: environment variable DB_PASSWORD is not set",
                file() + ":7:26: connections.db.properties.sslkey: secret file " + folder.resolve("keys/absent.pem")
                        + " cannot be read (NoSuchFileException)",
                file() + ":7:86: connections.db.properties.x: unknown reference ${vault:...}; use ${env:NAME} or ${file:PATH}, "
                        + "or write $${ for a literal ${",
                file() + ":12:13: state.password: secret file " + folder.resolve("state-password")
                        + " cannot be read (NoSuchFileException)"));
        assertThat(error.toString()).doesNotContain("user-secret-value").doesNotContain("file-secret-value");
    }

    @Test
    void aUrlMustNotHoldAWrittenPassword() throws Exception {
        assertProblems("""
                pipeline: p
                connections:
                  pg: {url: "jdbc:postgresql://db:5432/app?user=app&password=hunter2"}
                  ms: {url: "jdbc:sqlserver://db:1433;databaseName=app;PWD={a;b}"}
                  my: {url: "jdbc:mariadb://app:hunter2@db:3306/app"}
                  ok: {url: "jdbc:postgresql://db:5432/app?user=app&password=${env:PG_PASSWORD}"}
                  props:
                    url: jdbc:postgresql://db:5432/app
                    properties: {sslpassword: hunter2}
                source: pg
                destination: ok
                streams: [{table: t}]
                """,
                ":3:13: connections.pg.url: holds a password written in its password parameter; a URL is shown in "
                        + "logs and output, so leave it out and use password: ${env:NAME} or ${file:PATH} (or put a "
                        + "reference in its place)",
                ":4:13: connections.ms.url: holds a password written in its PWD parameter; a URL is shown in "
                        + "logs and output, so leave it out and use password: ${env:NAME} or ${file:PATH} (or put a "
                        + "reference in its place)",
                ":5:13: connections.my.url: holds a password written as user:password@host; a URL is shown in "
                        + "logs and output, so leave it out and use password: ${env:NAME} or ${file:PATH} (or put a "
                        + "reference in its place)",
                ":6:13: connections.ok.url: environment variable PG_PASSWORD is not set",
                ":9:31: connections.props.properties.sslpassword: a password must not be written in the file; use "
                        + "sslpassword: ${env:NAME} or ${file:PATH}, or password: for the connection's own password");
        assertThat(load("""
                pipeline: p
                connections:
                  pg: {url: "jdbc:postgresql://db:5432/app?user=app&password=hunter2"}
                source: pg
                destination: pg
                streams: [{table: t}]
                """).getMessage()).doesNotContain("hunter2");
    }

    @Test
    void reportsDeleteSettingsThatCannotApply() throws Exception {
        assertProblems(HEAD + """
                  - table: a
                    write: overwrite
                    deletes: hard
                  - table: b
                    sync: hash
                    reconcile_every: 3
                    deletes: soft
                  - table: c
                    allow_empty_source: true
                  - table: d
                    deletes: sometimes
                schema_changes: always
                """,
                ":9:14: streams[0].deletes: deletes: hard needs write: upsert; an overwrite already replaces every row",
                ":12:22: streams[1].reconcile_every: reconcile_every is only used by incremental streams; a hash stream "
                        + "finds missing rows on every complete read",
                ":15:25: streams[2].allow_empty_source: allow_empty_source only applies to streams that remove missing "
                        + "rows; add deletes: hard or deletes: soft",
                ":17:14: streams[3].deletes: must be one of none, hard, soft, not 'sometimes'",
                ":18:17: schema_changes: must be one of propagate, ignore, fail, not 'always'");
    }

    @Test
    void flattenTakesTrueOrFalse() throws Exception {
        assertProblems(HEAD + """
                  - table: a
                    flatten: yes please
                  - {table: b, flatten: [x]}
                """,
                ":8:14: streams[0].flatten: must be one of true, false, not 'yes please'",
                ":9:16: streams[1].flatten: must be a text value, found a list");
    }

    @Test
    void isAFerryException() throws Exception {
        assertThat(load("pipeline: p\n")).isInstanceOf(dev.ferry.api.FerryException.class);
    }

    @Test
    void cronMistakesAreReportedWhereTheyAre() throws Exception {
        assertProblems(HEAD + """
                  - table: a
                schedule:
                  cron: "15 */4 * 13 *"
                """,
                ":9:9: schedule.cron: its month field '13' has 13, outside 1-12");
        assertProblems(HEAD + """
                  - table: a
                schedule:
                  cron: "0 0 31 2 *"
                """,
                ":9:9: schedule.cron: matches no date: no month has the days it names");
    }

    private void assertProblems(String yaml, String... expected) throws Exception {
        ConfigException error = load(yaml);
        List<String> lines = List.of(error.getMessage().split("\n"));
        assertThat(lines).containsExactly(java.util.Arrays.stream(expected).map(e -> file() + e).toArray(String[]::new));
    }

    private ConfigException load(String yaml) throws Exception {
        return load(yaml, Map.of());
    }

    private ConfigException load(String yaml, Map<String, String> environment) throws Exception {
        Files.writeString(file(), yaml);
        return catchThrowableOfType(ConfigException.class, () -> PipelineLoader.load(file(), environment));
    }

    private Path file() {
        return dir.resolve("pipeline.yaml");
    }
}
