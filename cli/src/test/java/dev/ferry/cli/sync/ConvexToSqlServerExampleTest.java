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
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

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
        exportsSnapshotThenChanges(new ExportDatabase(TestPostgres.freshDatabase("cx_crm"), "public"),
                new ExportDatabase(TestPostgres.freshDatabase("cx_bookings"), "public"));
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
    private ExportDatabase sqlServerOnH2(String name) throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve(name) + ";MODE=MSSQLServer";
        SyncFixture.execute(url, "CREATE SCHEMA [dbo]", "SET SCHEMA [dbo]",
                "CREATE ALIAS SCHEMA_NAME FOR '" + H2AsSqlServerDialect.class.getName() + ".defaultSchema'");
        return new ExportDatabase(url + ";INIT=SET SCHEMA [dbo]", "dbo");
    }

    private void exportsSnapshotThenChanges(ExportDatabase crmDatabase, ExportDatabase bookingsDatabase) throws Exception {
        apps.fill();
        Path crm = ConvexExampleFiles.pointedAt(dir, ConvexExampleFiles.CRM, apps.crm, crmDatabase.url(), dir.resolve("state.db"));
        Path bookings = ConvexExampleFiles.pointedAt(dir, ConvexExampleFiles.BOOKINGS, apps.bookings, bookingsDatabase.url(),
                dir.resolve("state.db"));

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
                    .extracting(RecordedRequest::query).anyMatch(query -> query != null && query.contains("tableName=users"))
                    .noneMatch(query -> query != null && query.matches(
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
}
