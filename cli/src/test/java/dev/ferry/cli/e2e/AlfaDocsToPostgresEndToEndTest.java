package dev.ferry.cli.e2e;

import dev.ferry.cli.Ferry;
import dev.ferry.testkit.TestPostgres;
import dev.ferry.testkit.saas.Fault;
import dev.ferry.testkit.saas.alfadocs.AlfaDocsAppointment;
import dev.ferry.testkit.saas.alfadocs.FakeAlfaDocs;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ferry run} reads the AlfaDocs provider (its built-in definition, against the fake written
 * from AlfaDocs' documentation) into PostgreSQL: patients across pages, appointments in 30-day
 * windows, a care plan per appointment with the 403s skipped and logged, through a 429 and a burst of
 * 500s, never over the rate limit. A second run finds the one patient that changed.
 */
class AlfaDocsToPostgresEndToEndTest {
    private static final int PATIENTS = 120;
    private static final int APPOINTMENTS = 60;

    @TempDir
    Path dir;
    private FakeAlfaDocs fake;
    private String warehouse;
    private Path pipeline;

    @BeforeEach
    void start() throws Exception {
        fake = FakeAlfaDocs.start();
        fake.generatePatients(PATIENTS);
        // 60 appointments over 75 days from yesterday: three 30-day windows of the default range.
        fake.generateAppointments(APPOINTMENTS, LocalDate.now().minusDays(1), 75);
        fake.forbidCarePlan(5);
        Files.writeString(dir.resolve("alfadocs.key"), fake.apiKey());
        warehouse = TestPostgres.freshDatabase("alfadocs");
        pipeline = Files.writeString(dir.resolve("pipeline.yml"), """
                pipeline: alfadocs-to-postgres
                connections:
                  alfadocs:
                    url: "%s"
                    type: alfadocs
                    properties:
                      api_key: "${file:alfadocs.key}"
                      practice_id: "%d"
                      archive_id: "%d"
                      appointments_from: "-1"
                      appointments_to: "+74"
                      retry_backoff: 100ms
                  warehouse: {url: "%s"}
                source: alfadocs
                destination: warehouse
                state: {url: "jdbc:sqlite:state.db"}
                streams:
                  - {table: patients, sync: hash}
                  - {table: appointments, sync: hash}
                  - {table: care_plans, sync: hash}
                """.formatted(fake.baseUrl(), fake.practiceId(), fake.archiveId(), warehouse));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void everyPatientAppointmentAndReadableCarePlanArrivesOnceThroughFaultsWithinTheRateLimit() throws Exception {
        String patients = "/practices/" + fake.practiceId() + "/archives/" + fake.archiveId() + "/patients";
        fake.injectFault(Fault.tooManyRequests(Duration.ofSeconds(1)).on("GET", patients));
        fake.injectFault(Fault.serverError().times(2).on("GET", patients));

        Result first = ferry("run", pipeline.toString());
        assertThat(first.code()).as(first.all()).isZero();

        assertThat(count("patients")).isEqualTo(PATIENTS);
        assertThat(count("appointments")).isEqualTo(APPOINTMENTS);
        Set<Long> readable = new HashSet<>();
        for (AlfaDocsAppointment appointment : fake.appointments()) {
            if (appointment.carePlanId() != null && appointment.carePlanId() != 5) {
                readable.add(appointment.id());
            }
        }
        assertThat(ids("SELECT \"appointmentId\" FROM care_plans")).isEqualTo(readable);
        assertThat(text("SELECT \"generalCode\" FROM care_plans WHERE id = 3 LIMIT 1"))
                .isEqualTo(fake.carePlan(3).schemeCodes().general().getFirst().code());
        assertThat(text("SELECT \"firstName\" || ' ' || \"lastName\" || ' ' || coalesce(email, '') FROM patients WHERE id = 17"))
                .isEqualTo(fake.patient(17).firstName() + " " + fake.patient(17).lastName() + " "
                        + (fake.patient(17).email() == null ? "" : fake.patient(17).email()));
        assertThat(fake.violations()).as("no window held more calls than AlfaDocs allows").isZero();

        String log = runLog();
        assertThat(log).contains("answered 429").contains("answered 500").contains("skipped, as on_status says for 403")
                .doesNotContain(fake.apiKey());

        fake.modifyPatient(17, patient -> patient.withFirstName("Giulia Maria"));
        Result second = ferry("run", pipeline.toString());
        assertThat(second.code()).as(second.all()).isZero();
        assertThat(second.out()).contains("1 updated");
        assertThat(text("SELECT \"firstName\" FROM patients WHERE id = 17")).isEqualTo("Giulia Maria");
        assertThat(count("patients")).isEqualTo(PATIENTS);
    }

    /** Every line of the run log, as the state store keeps it. */
    private String runLog() throws SQLException {
        StringBuilder lines = new StringBuilder();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT level, stream, message FROM ferry_run_log ORDER BY id")) {
            while (rows.next()) {
                lines.append(rows.getString(1)).append(' ').append(rows.getString(2)).append(' ').append(rows.getString(3)).append('\n');
            }
        }
        return lines.toString();
    }

    private long count(String table) throws SQLException {
        return Long.parseLong(text("SELECT count(*) FROM " + table));
    }

    private String text(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(warehouse);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private Set<Long> ids(String sql) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(warehouse);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    private record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Result ferry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ferry.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
