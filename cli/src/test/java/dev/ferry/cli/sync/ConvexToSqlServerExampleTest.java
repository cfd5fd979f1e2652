package dev.ferry.cli.sync;

import dev.ferry.cli.Ferry;
import dev.ferry.connectors.jdbc.H2AsSqlServerDialect;
import dev.ferry.testkit.TestPostgres;
import dev.ferry.testkit.convex.FakeConvex;
import dev.ferry.testkit.convex.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code examples/convex-to-sqlserver} pipelines as shipped, with only their connections and state
 * pointed at test services: two fake Convex deployments, each accepting only its own deploy key, and a
 * database per app standing in for SQL Server (none can run here). The first runs copy a snapshot of
 * the selected tables, the second ones the inserts, updates and deletes made in between.
 */
class ConvexToSqlServerExampleTest {
    @TempDir
    Path dir;

    private ConvexExampleApps apps;

    @BeforeEach
    void start() {
        apps = new ConvexExampleApps();
    }

    @AfterEach
    void stop() {
        apps.close();
    }

    @Test
    void bothAppsExportTheirSelectedTablesIntoPostgresStandingInForSqlServer() throws Exception {
        exportsSnapshotThenChanges(new Database(TestPostgres.freshDatabase("cx_crm"), "public"),
                new Database(TestPostgres.freshDatabase("cx_bookings"), "public"));
    }

    /**
     * The same runs written through the SQL Server dialect, on H2 in its SQL Server mode
     * ({@code H2AsSqlServerDialect} says what it changes for H2): table creation, the catalog, MERGE and DELETE.
     */
    @Test
    void bothAppsExportTheirSelectedTablesThroughTheSqlServerDialectOnH2() throws Exception {
        exportsSnapshotThenChanges(sqlServerOnH2("crm_export"), sqlServerOnH2("bookings_export"));
    }

    /** An H2 database file in SQL Server mode, with dbo as its default schema, as a SQL Server user's. */
    private Database sqlServerOnH2(String name) throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve(name) + ";MODE=MSSQLServer";
        SyncFixture.execute(url, "CREATE SCHEMA [dbo]", "SET SCHEMA [dbo]",
                "CREATE ALIAS SCHEMA_NAME FOR '" + H2AsSqlServerDialect.class.getName() + ".defaultSchema'");
        return new Database(url + ";INIT=SET SCHEMA [dbo]", "dbo");
    }

    private void exportsSnapshotThenChanges(Database crmDatabase, Database bookingsDatabase) throws Exception {
        apps.fill();
        Path crm = examplePointedAt("app-crm.yml", apps.crm, crmDatabase.url());
        Path bookings = examplePointedAt("app-bookings.yml", apps.bookings, bookingsDatabase.url());

        run(crm);
        run(bookings);

        assertThat(crmDatabase.rows("SELECT \"_id\", \"name\", \"email\", \"active\" FROM \"tbl_users\""))
                .isEqualTo(apps.crmUsersAfterFirstRun());
        assertThat(bookingsDatabase.rows("SELECT \"_id\", \"name\", \"email\", \"active\" FROM \"tbl_users\""))
                .isEqualTo(apps.bookingsUsersAfterFirstRun());

        apps.change();
        String crmChanges = run(crm);
        String bookingsChanges = run(bookings);

        assertThat(crmDatabase.rows("SELECT \"_id\", \"name\", \"email\", \"active\" FROM \"tbl_users\""))
                .isEqualTo(apps.crmUsersAfterChanges());
        assertThat(crmDatabase.rows("SELECT \"_id\", \"name\", \"country\" FROM \"companies\""))
                .isEqualTo(apps.companiesAfterChanges());
        assertThat(crmDatabase.rows("SELECT \"_id\", \"title\", \"amount\", \"company\" FROM \"deals\""))
                .isEqualTo(apps.dealsAfterChanges());
        assertThat(bookingsDatabase.rows("SELECT \"_id\", \"name\", \"email\", \"active\" FROM \"tbl_users\""))
                .isEqualTo(apps.bookingsUsersAfterChanges());
        assertThat(bookingsDatabase.rows("SELECT \"_id\", \"room\", \"user\", \"day\" FROM \"bookings\""))
                .isEqualTo(apps.bookingsAfterChanges());
        assertThat(bookingsDatabase.rows("SELECT \"_id\", \"name\", \"seats\" FROM \"rooms\""))
                .isEqualTo(apps.roomsAfterChanges());
        assertThat(crmChanges).as("the second runs read only the changes of the exported tables")
                .contains(": 6 read, 2 inserted, 2 updated, 1 unchanged, 1 deleted");
        assertThat(bookingsChanges).contains(": 4 read, 1 inserted, 1 updated, 1 unchanged, 1 deleted");

        assertThat(crmDatabase.tables()).as("sessions and auditLog stay in Convex; users only as tbl_users")
                .containsExactlyInAnyOrder("tbl_users", "companies", "deals");
        assertThat(bookingsDatabase.tables()).as("availabilityCache and notifications stay in Convex")
                .containsExactlyInAnyOrder("tbl_users", "bookings", "rooms");
        assertThat(crmDatabase.columns("tbl_users")).containsExactlyInAnyOrder("_id", "_creationTime", "name", "email", "active");
        for (FakeConvex app : List.of(apps.crm, apps.bookings)) {
            assertThat(app.requests()).as("every request carried this deployment's own key")
                    .isNotEmpty().extracting(RecordedRequest::status).allMatch(status -> status == 200);
            assertThat(app.requests()).as("only the exported tables were read")
                    .extracting(RecordedRequest::query).noneMatch(query -> query != null && query.matches(
                            ".*tableName=(sessions|auditLog|availabilityCache|notifications)\\b.*"));
        }
    }

    /** Runs {@code ferry run} on the file; it must succeed. Returns its output. */
    private static String run(Path pipeline) {
        StringWriter output = new StringWriter();
        int exitCode;
        try (PrintWriter out = new PrintWriter(output, true)) {
            exitCode = Ferry.execute(out, out, "run", pipeline.toString());
        }
        assertThat(exitCode).as(output.toString()).isZero();
        return output.toString();
    }

    /**
     * The example's file with its Convex URL and deploy key, its SQL Server connection and its state moved
     * to the test's; every other line as shipped. The key is read from a file, as the fake made it up.
     */
    private Path examplePointedAt(String name, FakeConvex app, String warehouseUrl) throws Exception {
        Path key = Files.writeString(dir.resolve(name + ".key"), app.deployKey());
        String yaml = Files.readString(examples().resolve("convex-to-sqlserver").resolve(name));
        String pointed = yaml
                .replaceAll("(?m)^    url: https://.*\\.convex\\.cloud$", "    url: \"" + app.url() + "\"")
                .replaceAll("(?m)^    deploy_key: .*$", Matcher.quoteReplacement("    deploy_key: \"${file:" + key + "}\""))
                .replaceAll("(?m)^    url: jdbc:sqlserver:.*$", Matcher.quoteReplacement("    url: \"" + warehouseUrl + "\""))
                .replaceAll("(?m)^    (user|password): .*\\R", "")
                .replaceAll("(?m)^  url: jdbc:sqlite:.*$", "  url: jdbc:sqlite:" + dir.resolve("state.db"));
        assertThat(pointed).doesNotContain("${env:", "jdbc:sqlserver:", "https://");
        assertThat(pointed.lines().count()).isEqualTo(yaml.lines().count() - 2);
        return Files.writeString(dir.resolve(name), pointed);
    }

    private static Path examples() {
        for (Path candidate = Path.of("").toAbsolutePath(); candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("examples/convex-to-sqlserver"))) {
                return candidate.resolve("examples");
            }
        }
        throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
    }

    /** One app's export database, read back with values as Java gives them (true, 1200.5, 8), rows ordered by _id. */
    private record Database(String url, String schema) {

        List<List<String>> rows(String sql) throws SQLException {
            List<List<String>> rows = new ArrayList<>();
            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery(sql)) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        Object value = result.getObject(i);
                        row.add(value == null ? null : value.toString());
                    }
                    rows.add(row);
                }
            }
            rows.sort(Comparator.comparing(List::getFirst));
            return rows;
        }

        List<String> tables() throws SQLException {
            return rows("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema + "'").stream()
                    .map(List::getFirst).toList();
        }

        List<String> columns(String table) throws SQLException {
            return rows("SELECT column_name FROM information_schema.columns WHERE table_schema = '" + schema
                    + "' AND table_name = '" + table + "'").stream().map(List::getFirst).toList();
        }
    }
}
