package dev.ferry.cli.e2e;

import dev.ferry.cli.Ferry;
import dev.ferry.cli.e2e.MySqlScript.Backslashes;
import dev.ferry.cli.e2e.TableDiff.Mismatch;
import dev.ferry.engine.config.Naming;
import dev.ferry.testkit.TestMariaDb;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole Chinook sample database loaded into MariaDB from Chinook's own MySQL script, then
 * synced by {@code ferry run} to PostgreSQL with snake_case names and to SQLite with the names as
 * they are, and compared cell by cell with what Chinook's authors published for those engines: the
 * data of their PostgreSQL script, loaded separately, and their SQLite file. Each destination is
 * reached by two independent routes that must meet exactly.
 *
 * <p>Two quirks of the published scripts are the scripts', not Ferry's, and are handled where
 * the scripts are loaded: the MySQL script writes backslashes unescaped ({@code N'Cavalleria
 * Rusticana \ Act \ Intermezzo Sinfonico'}), which MySQL's default {@code sql_mode} would read as
 * escapes and drop, so it runs with {@code NO_BACKSLASH_ESCAPES}; and PostgreSQL would drop the
 * trailing blank of {@code N'Edinburgh '}, which {@link PsqlScript} avoids.
 */
class ChinookFromMariaDbTest {
    private static final String MYSQL_SCRIPT = "Chinook_MySql.sql";
    private static final String POSTGRES_SCRIPT = "Chinook_PostgreSql.sql";
    private static final String SQLITE_FILE = "Chinook_Sqlite.sqlite";
    /** Rows per table in Chinook 1.4.5, as all its scripts and its SQLite file hold them. */
    private static final Map<String, Long> SOURCE_ROWS = Map.ofEntries(
            Map.entry("Album", 347L), Map.entry("Artist", 275L), Map.entry("Customer", 59L),
            Map.entry("Employee", 8L), Map.entry("Genre", 25L), Map.entry("Invoice", 412L),
            Map.entry("InvoiceLine", 2240L), Map.entry("MediaType", 5L), Map.entry("Playlist", 18L),
            Map.entry("PlaylistTrack", 8715L), Map.entry("Track", 3503L));
    private static final int MISMATCHES_SHOWN = 50;

    private static Path dataset;
    /** The MariaDB database the MySQL script was loaded into: every test's source, only read. */
    private static String sourceUrl;
    private static String postgresReferenceUrl;
    /** A copy of Chinook's SQLite file: the expected tables, columns and keys, and the SQLite reference. */
    private static Path sqliteReference;
    private static List<SqliteTable> chinookTables;

    @TempDir
    static Path shared;

    @TempDir
    Path work;

    /** Loaded once: the tests only read the source and the references. */
    @BeforeAll
    static void loadSourceAndReferences() throws Exception {
        dataset = SharedDatasets.folder("chinook", MYSQL_SCRIPT);
        sqliteReference = shared.resolve(SQLITE_FILE);
        Files.copy(dataset.resolve(SQLITE_FILE), sqliteReference);
        // The shared file is read-only and the copy inherits its mode; SQLite wants to lock what it opens.
        assertThat(sqliteReference.toFile().setWritable(true)).as("make the copy writable").isTrue();
        chinookTables = SqliteTable.readAll(sqliteReference);
        assertThat(chinookTables.stream().collect(Collectors.toMap(SqliteTable::name, SqliteTable::rows)))
                .as("tables and row counts of %s", dataset.resolve(SQLITE_FILE)).isEqualTo(SOURCE_ROWS);

        sourceUrl = TestMariaDb.freshDatabase("chinook_src");
        loadMySqlScript(sourceUrl);
        assertThat(mariaDbRowCounts(sourceUrl)).as("tables and row counts loaded from %s", MYSQL_SCRIPT)
                .isEqualTo(SOURCE_ROWS);

        postgresReferenceUrl = TestPostgres.freshDatabase("chinook_ref");
        loadPostgresScript(postgresReferenceUrl);
    }

    @Test
    void everyCellSyncedToPostgresMatchesChinooksOwnPostgresScript() throws Exception {
        String destination = TestPostgres.freshDatabase("chinook_maria");
        Path pipeline = writePipeline(destination, Naming.SNAKE_CASE);

        runSucceeds(pipeline);

        assertPostgresMatchesReference(destination);
        assertExactPostgresValues(destination);
    }

    @Test
    void everyCellSyncedToSqliteMatchesChinooksOwnSqliteFile() throws Exception {
        Path destination = work.resolve("chinook_copy.sqlite");
        Path pipeline = writePipeline("jdbc:sqlite:" + destination, Naming.AS_IS);

        runSucceeds(pipeline);

        assertSqliteMatchesReference(destination);
        assertExactSqliteValues(destination);
    }

    private static void loadMySqlScript(String url) throws Exception {
        String script = Files.readString(dataset.resolve(MYSQL_SCRIPT), StandardCharsets.UTF_8);
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            // The script's backslashes are text (see the class comment); strict mode makes any value
            // that does not fit an error instead of a silently changed row.
            statement.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES,STRICT_ALL_TABLES')");
            // The driver must not rewrite JDBC escapes such as {fn ...}: the text goes to the server as written.
            statement.setEscapeProcessing(false);
            for (String sql : MySqlScript.statements(script, Backslashes.LITERAL)) {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    throw new IllegalStateException(MYSQL_SCRIPT + " failed at " + PsqlScript.describe(sql)
                            + ": " + e.getMessage(), e);
                }
                // A warning on an insert would be a value changed on the way in, which the comparison
                // would blame on Ferry. (DDL warns about constraint names MariaDB ignores: harmless.)
                SQLWarning warning = statement.getWarnings();
                if (warning != null && PsqlScript.describe(sql).startsWith("INSERT")) {
                    throw new IllegalStateException(MYSQL_SCRIPT + " warned at " + PsqlScript.describe(sql)
                            + ": " + warning.getMessage());
                }
            }
        }
    }

    private static void loadPostgresScript(String url) throws Exception {
        String script = Files.readString(dataset.resolve(POSTGRES_SCRIPT), StandardCharsets.UTF_8);
        try (Connection connection = DriverManager.getConnection(url);
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

    /** Row counts by table of the MariaDB database, read from the server without Ferry. */
    private static Map<String, Long> mariaDbRowCounts(String url) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet result = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = database() ORDER BY table_name")) {
                while (result.next()) {
                    tables.add(result.getString(1));
                }
            }
            for (String table : tables) {
                String quoted = "`" + table.replace("`", "``") + "`";
                try (ResultSet result = statement.executeQuery("SELECT count(*) FROM " + quoted)) {
                    result.next();
                    counts.put(table, result.getLong(1));
                }
            }
        }
        return counts;
    }

    /** A pipeline syncing every Chinook table from the MariaDB source to {@code destinationUrl}. */
    private Path writePipeline(String destinationUrl, Naming naming) throws Exception {
        StringBuilder yaml = new StringBuilder()
                .append("pipeline: chinook-from-mariadb\n")
                .append("connections:\n")
                .append("  chinook:\n")
                .append("    url: ").append(quoted(sourceUrl)).append('\n')
                .append("  copy:\n")
                .append("    url: ").append(quoted(destinationUrl)).append('\n')
                .append("source: chinook\n")
                .append("destination: copy\n")
                .append("state:\n")
                .append("  url: ").append(quoted("jdbc:sqlite:" + work.resolve("state.db"))).append('\n')
                .append("defaults:\n")
                .append("  sync: full_refresh\n")
                .append("  write: upsert\n")
                .append("  naming: ").append(naming == Naming.SNAKE_CASE ? "snake_case" : "as_is").append('\n')
                .append("streams:\n");
        for (SqliteTable table : chinookTables) {
            yaml.append("  - table: ").append(quoted(table.name())).append('\n');
        }
        Path file = work.resolve("pipeline.yml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    private static void runSucceeds(Path pipeline) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Ferry.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "run", pipeline.toString());
        assertThat(exitCode).as("exit code of ferry run; stdout:%n%s%nstderr:%n%s", out, err).isZero();
    }

    private static void assertPostgresMatchesReference(String destination) throws SQLException {
        Naming naming = Naming.SNAKE_CASE;
        List<String> expectedTables = chinookTables.stream().map(table -> naming.apply(table.name())).toList();
        List<Mismatch> mismatches = new ArrayList<>();
        SoftAssertions softly = new SoftAssertions();
        try (Connection reference = DriverManager.getConnection(postgresReferenceUrl);
             Connection synced = DriverManager.getConnection(destination)) {
            assertThat(TableSnapshot.tables(reference)).as("tables Chinook's PostgreSQL script creates")
                    .containsExactlyInAnyOrderElementsOf(expectedTables);
            assertThat(TableSnapshot.tables(synced)).as("tables in the synced database")
                    .containsExactlyInAnyOrderElementsOf(expectedTables);
            for (SqliteTable chinook : chinookTables) {
                String table = naming.apply(chinook.name());
                List<String> key = chinook.key().stream().map(naming::apply).toList();
                softly.assertThat(TableSnapshot.primaryKey(synced, table))
                        .as("primary key of synced %s", table).isEqualTo(key);
                TableSnapshot expected = TableSnapshot.read(reference, table);
                TableSnapshot actual = TableSnapshot.read(synced, table);
                softly.assertThat(actual.columnNames()).as("columns of synced %s, in order", table)
                        .containsExactlyElementsOf(chinook.columns().stream().map(naming::apply).toList());
                softly.assertThat((long) actual.rows().size()).as("rows of synced %s", table)
                        .isEqualTo(SOURCE_ROWS.get(chinook.name()));
                mismatches.addAll(TableDiff.compare(expected, actual));
            }
        }
        assertNoMismatches(softly, mismatches, "Chinook's own PostgreSQL data");
    }

    private static void assertSqliteMatchesReference(Path destination) throws SQLException {
        // Names, columns in order, keys and row counts, as SQLite itself describes both files.
        assertThat(SqliteTable.readAll(destination)).as("tables of the synced SQLite file")
                .containsExactlyElementsOf(chinookTables);
        List<Mismatch> mismatches = new ArrayList<>();
        try (Connection reference = DriverManager.getConnection("jdbc:sqlite:" + sqliteReference);
             Connection synced = DriverManager.getConnection("jdbc:sqlite:" + destination)) {
            for (SqliteTable chinook : chinookTables) {
                mismatches.addAll(TableDiff.compare(SqliteSnapshot.read(reference, chinook.name()),
                        SqliteSnapshot.read(synced, chinook.name()), SqliteSnapshot::holdsEverythingOf));
            }
        }
        assertNoMismatches(new SoftAssertions(), mismatches, "Chinook's own SQLite file");
    }

    private static void assertNoMismatches(SoftAssertions softly, List<Mismatch> mismatches, String reference) {
        softly.assertThat(mismatches)
                .withFailMessage(() -> mismatches.size() + " differences from " + reference
                        + (mismatches.size() > MISMATCHES_SHOWN ? " (first " + MISMATCHES_SHOWN + ")" : "") + ":\n  "
                        + mismatches.stream().limit(MISMATCHES_SHOWN).map(Mismatch::toString)
                        .collect(Collectors.joining("\n  ")))
                .isEmpty();
        softly.assertAll();
    }

    /**
     * A few values written out here, so an error both routes share (text decoded with the wrong
     * charset, a backslash taken for an escape, a blank trimmed, a date shifted by a time zone)
     * cannot hide behind equal comparisons.
     */
    private static void assertExactPostgresValues(String destination) throws SQLException {
        try (Connection synced = DriverManager.getConnection(destination)) {
            assertExactValues(synced, TableSnapshot::read, Naming.SNAKE_CASE);
        }
    }

    private static void assertExactSqliteValues(Path destination) throws SQLException {
        try (Connection synced = DriverManager.getConnection("jdbc:sqlite:" + destination)) {
            assertExactValues(synced, SqliteSnapshot::read, Naming.AS_IS);
        }
    }

    /** How one engine's table is read into a snapshot. */
    @FunctionalInterface
    private interface SnapshotReader {
        TableSnapshot read(Connection connection, String table) throws SQLException;
    }

    private static void assertExactValues(Connection synced, SnapshotReader tables, Naming naming)
            throws SQLException {
        Map<String, Object> customer = row(synced, tables, naming, "Customer", "CustomerId=1");
        assertThat(customer).containsEntry(naming.apply("FirstName"), "Luís")
                .containsEntry(naming.apply("LastName"), "Gonçalves")
                .containsEntry(naming.apply("Company"), "Embraer - Empresa Brasileira de Aeronáutica S.A.")
                .containsEntry(naming.apply("City"), "São José dos Campos").containsEntry(naming.apply("State"), "SP");
        assertThat(row(synced, tables, naming, "Customer", "CustomerId=54"))
                .containsEntry(naming.apply("City"), "Edinburgh ");

        assertThat(row(synced, tables, naming, "Track", "TrackId=3435"))
                .containsEntry(naming.apply("Name"), "Cavalleria Rusticana \\ Act \\ Intermezzo Sinfonico");
        Map<String, Object> track = row(synced, tables, naming, "Track", "TrackId=3485");
        assertThat(track).containsEntry(naming.apply("Name"), "Symphony No. 3 Op. 36 for Orchestra and Soprano"
                        + " \"Symfonia Piesni Zalosnych\" \\ Lento E Largo - Tranquillissimo")
                .containsEntry(naming.apply("Composer"), "Henryk Górecki");
        assertThat((BigDecimal) track.get(naming.apply("UnitPrice"))).isEqualByComparingTo("0.99");
        assertThat((BigDecimal) track.get(naming.apply("Bytes"))).isEqualByComparingTo("9273123");
        assertThat(row(synced, tables, naming, "Artist", "ArtistId=88"))
                .containsEntry(naming.apply("Name"), "Guns N' Roses");

        Map<String, Object> invoice = row(synced, tables, naming, "Invoice", "InvoiceId=1");
        assertThat(invoice).containsEntry(naming.apply("InvoiceDate"), LocalDateTime.of(2021, 1, 1, 0, 0))
                .containsEntry(naming.apply("BillingAddress"), "Theodor-Heuss-Straße 34")
                .containsEntry(naming.apply("BillingState"), null);
        assertThat((BigDecimal) invoice.get(naming.apply("Total"))).isEqualByComparingTo("1.98");

        Map<String, Object> employee = row(synced, tables, naming, "Employee", "EmployeeId=1");
        assertThat(employee).containsEntry(naming.apply("BirthDate"), LocalDateTime.of(1962, 2, 18, 0, 0))
                .containsEntry(naming.apply("HireDate"), LocalDateTime.of(2002, 8, 14, 0, 0))
                .containsEntry(naming.apply("ReportsTo"), null);
    }

    /** One row by its key written with Chinook's names ({@code TrackId=3485}), under {@code naming}. */
    private static Map<String, Object> row(Connection synced, SnapshotReader tables, Naming naming, String table,
                                           String key) throws SQLException {
        String[] parts = key.split("=", 2);
        String namedKey = naming.apply(parts[0]) + "=" + parts[1];
        Map<String, Object> row = tables.read(synced, naming.apply(table)).rows().get(namedKey);
        assertThat(row).as("row %s of %s", namedKey, naming.apply(table)).isNotNull();
        return row;
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
