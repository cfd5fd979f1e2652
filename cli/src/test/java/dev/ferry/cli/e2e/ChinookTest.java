package dev.ferry.cli.e2e;

import dev.ferry.cli.Ferry;
import dev.ferry.cli.e2e.TableDiff.Mismatch;
import dev.ferry.engine.config.Naming;
import dev.ferry.testkit.TestPostgres;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole Chinook sample database (11 tables, about 15,600 rows) synced by {@code ferry run}
 * from its SQLite file to PostgreSQL with snake_case names, then compared cell by cell with the
 * same data loaded from Chinook's own PostgreSQL script, whose authors chose the same snake_case
 * names. Two independent routes to the same PostgreSQL tables must meet exactly.
 */
class ChinookTest {
    private static final String SQLITE_FILE = "Chinook_Sqlite.sqlite";
    private static final String POSTGRES_SCRIPT = "Chinook_PostgreSql.sql";
    private static final Naming NAMING = Naming.SNAKE_CASE;
    /** Rows per table in Chinook 1.4.5, as its SQLite file holds them. */
    private static final Map<String, Long> SOURCE_ROWS = Map.ofEntries(
            Map.entry("Album", 347L), Map.entry("Artist", 275L), Map.entry("Customer", 59L),
            Map.entry("Employee", 8L), Map.entry("Genre", 25L), Map.entry("Invoice", 412L),
            Map.entry("InvoiceLine", 2240L), Map.entry("MediaType", 5L), Map.entry("Playlist", 18L),
            Map.entry("PlaylistTrack", 8715L), Map.entry("Track", 3503L));
    private static final int MISMATCHES_SHOWN = 50;

    private static Path dataset;
    private static String referenceUrl;

    @TempDir
    Path work;

    /** Loaded once: the tests only read the reference. */
    @BeforeAll
    static void loadChinooksOwnPostgresScript() throws Exception {
        dataset = SharedDatasets.folder("chinook", SQLITE_FILE);
        referenceUrl = TestPostgres.freshDatabase("chinook_ref");
        String script = Files.readString(dataset.resolve(POSTGRES_SCRIPT), StandardCharsets.UTF_8);
        try (Connection connection = DriverManager.getConnection(referenceUrl);
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (String sql : PsqlScript.statements(script)) {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    throw new IllegalStateException(POSTGRES_SCRIPT + " failed at " + PsqlScript.describe(sql)
                            + ": " + e.getMessage(), e);
                }
            }
            connection.commit();
        }
    }

    @Test
    void everyCellOfEveryTableMatchesChinooksOwnPostgresScript() throws Exception {
        Pipeline pipeline = preparePipeline();

        runSucceeds(pipeline);

        assertMatchesReference(pipeline);
        assertExactValues(pipeline);
    }

    @Test
    void runningTheFullRefreshAgainLeavesEveryRowAsItWas() throws Exception {
        Pipeline pipeline = preparePipeline();
        runSucceeds(pipeline);

        runSucceeds(pipeline);

        assertMatchesReference(pipeline);
    }

    /** A private copy of the SQLite file, a fresh destination, and a pipeline syncing every table. */
    private Pipeline preparePipeline() throws Exception {
        Path source = work.resolve(SQLITE_FILE);
        Files.copy(dataset.resolve(SQLITE_FILE), source);
        // The shared file is read-only and the copy inherits its mode; SQLite wants to lock what it opens.
        assertThat(source.toFile().setWritable(true)).as("make the copy writable").isTrue();
        List<SqliteTable> tables = SqliteTable.readAll(source);
        assertThat(tables.stream().collect(Collectors.toMap(SqliteTable::name, SqliteTable::rows)))
                .as("tables and row counts of %s", dataset.resolve(SQLITE_FILE))
                .isEqualTo(SOURCE_ROWS);

        String destination = TestPostgres.freshDatabase("chinook");
        StringBuilder yaml = new StringBuilder()
                .append("pipeline: chinook\n")
                .append("connections:\n")
                .append("  chinook:\n")
                .append("    url: ").append(quoted("jdbc:sqlite:" + source)).append('\n')
                .append("  warehouse:\n")
                .append("    url: ").append(quoted(destination)).append('\n')
                .append("source: chinook\n")
                .append("destination: warehouse\n")
                .append("state:\n")
                .append("  url: ").append(quoted("jdbc:sqlite:" + work.resolve("state.db"))).append('\n')
                .append("defaults:\n")
                .append("  sync: full_refresh\n")
                .append("  write: upsert\n")
                .append("  naming: snake_case\n")
                .append("streams:\n");
        for (SqliteTable table : tables) {
            yaml.append("  - table: ").append(quoted(table.name())).append('\n');
        }
        Path file = work.resolve("pipeline.yml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return new Pipeline(file, destination, tables);
    }

    private static void runSucceeds(Pipeline pipeline) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Ferry.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "run", pipeline.file().toString());
        assertThat(exitCode).as("exit code of ferry run; stdout:%n%s%nstderr:%n%s", out, err).isZero();
    }

    private static void assertMatchesReference(Pipeline pipeline) throws SQLException {
        List<String> expectedTables = pipeline.sourceTables().stream().map(table -> NAMING.apply(table.name())).toList();
        List<Mismatch> mismatches = new ArrayList<>();
        SoftAssertions softly = new SoftAssertions();
        try (Connection reference = DriverManager.getConnection(referenceUrl);
             Connection synced = DriverManager.getConnection(pipeline.destinationUrl())) {
            assertThat(TableSnapshot.tables(reference)).as("tables Chinook's script creates")
                    .containsExactlyInAnyOrderElementsOf(expectedTables);
            assertThat(TableSnapshot.tables(synced)).as("tables in the synced database")
                    .containsExactlyInAnyOrderElementsOf(expectedTables);
            for (SqliteTable source : pipeline.sourceTables()) {
                String table = NAMING.apply(source.name());
                List<String> key = source.key().stream().map(NAMING::apply).toList();
                softly.assertThat(TableSnapshot.primaryKey(reference, table))
                        .as("primary key of %s in Chinook's script", table).isEqualTo(key);
                softly.assertThat(TableSnapshot.primaryKey(synced, table))
                        .as("primary key of synced %s", table).isEqualTo(key);

                TableSnapshot expected = TableSnapshot.read(reference, table);
                TableSnapshot actual = TableSnapshot.read(synced, table);
                // Chinook's authors named the PostgreSQL columns themselves: an independent check of the rule.
                softly.assertThat(expected.columnNames()).as("Chinook's PostgreSQL columns of %s", table)
                        .containsExactlyInAnyOrderElementsOf(source.columns().stream().map(NAMING::apply).toList());
                softly.assertThat((long) expected.rows().size()).as("rows of %s in Chinook's script", table)
                        .isEqualTo(source.rows());
                softly.assertThat((long) actual.rows().size()).as("rows of synced %s", table)
                        .isEqualTo(SOURCE_ROWS.get(source.name()));
                mismatches.addAll(TableDiff.compare(expected, actual));
            }
        }
        softly.assertThat(mismatches)
                .withFailMessage(() -> mismatches.size() + " differences from Chinook's own PostgreSQL data"
                        + (mismatches.size() > MISMATCHES_SHOWN ? " (first " + MISMATCHES_SHOWN + ")" : "") + ":\n  "
                        + mismatches.stream().limit(MISMATCHES_SHOWN).map(Mismatch::toString)
                        .collect(Collectors.joining("\n  ")))
                .isEmpty();
        softly.assertAll();
    }

    /**
     * A few values written out here, so an error both routes share (text decoded with the wrong
     * charset, dates shifted by a time zone) cannot hide behind equal comparisons.
     */
    private static void assertExactValues(Pipeline pipeline) throws SQLException {
        try (Connection synced = DriverManager.getConnection(pipeline.destinationUrl())) {
            Map<String, Object> customer = TableSnapshot.read(synced, "customer").rows().get("customer_id=1");
            assertThat(customer).containsEntry("first_name", "Luís").containsEntry("last_name", "Gonçalves")
                    .containsEntry("company", "Embraer - Empresa Brasileira de Aeronáutica S.A.")
                    .containsEntry("city", "São José dos Campos").containsEntry("state", "SP");
            // The source really has the trailing blank (so do Chinook's SQLite and MySQL scripts).
            assertThat(TableSnapshot.read(synced, "customer").rows().get("customer_id=54"))
                    .containsEntry("city", "Edinburgh ");

            Map<String, Object> track = TableSnapshot.read(synced, "track").rows().get("track_id=3485");
            assertThat(track).containsEntry("name", "Symphony No. 3 Op. 36 for Orchestra and Soprano"
                            + " \"Symfonia Piesni Zalosnych\" \\ Lento E Largo - Tranquillissimo")
                    .containsEntry("composer", "Henryk Górecki");
            assertThat((BigDecimal) track.get("unit_price")).isEqualByComparingTo("0.99");
            assertThat((BigDecimal) track.get("bytes")).isEqualByComparingTo("9273123");

            Map<String, Object> invoice = TableSnapshot.read(synced, "invoice").rows().get("invoice_id=1");
            assertThat(invoice).containsEntry("invoice_date", LocalDateTime.of(2021, 1, 1, 0, 0))
                    .containsEntry("billing_address", "Theodor-Heuss-Straße 34")
                    .containsEntry("billing_state", null);
            assertThat((BigDecimal) invoice.get("total")).isEqualByComparingTo("1.98");

            Map<String, Object> employee = TableSnapshot.read(synced, "employee").rows().get("employee_id=1");
            assertThat(employee).containsEntry("birth_date", LocalDateTime.of(1962, 2, 18, 0, 0))
                    .containsEntry("hire_date", LocalDateTime.of(2002, 8, 14, 0, 0))
                    .containsEntry("reports_to", null);

            assertThat(TableSnapshot.read(synced, "invoice_line").rows()).hasSize(2240);
        }
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A pipeline file written for one test, its destination database, and the source it reads. */
    private record Pipeline(Path file, String destinationUrl, List<SqliteTable> sourceTables) {
    }
}
