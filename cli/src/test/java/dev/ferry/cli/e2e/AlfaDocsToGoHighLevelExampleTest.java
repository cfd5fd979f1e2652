package dev.ferry.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.server.FerryServer;
import dev.ferry.server.ServerSettings;
import dev.ferry.server.auth.Role;
import dev.ferry.testkit.TestPostgres;
import dev.ferry.testkit.saas.alfadocs.AlfaDocsAppointment;
import dev.ferry.testkit.saas.alfadocs.FakeAlfaDocs;
import dev.ferry.testkit.saas.gohighlevel.FakeGoHighLevel;
import dev.ferry.testkit.saas.gohighlevel.GhlAppointment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Team 4 end to end, as {@code examples/alfadocs-to-ghl} ships it (only its connections pointed at
 * the fakes written from AlfaDocs' and GoHighLevel's documentation, and their limits set for a test):
 * AlfaDocs into the clinic's PostgreSQL, cleaned, then on to GoHighLevel. Afterwards every patient
 * with an e-mail or a phone is one contact, and every appointment kept is one GoHighLevel appointment
 * with the calendar its care plan's code gives in calendars.json (by age for a special label), the
 * operator operators.json gives, and its patient's contact; a cancelled one is deleted. Then new
 * appointments are pushed with the second pipeline killed by SIGKILL at random moments, and still
 * each exists exactly once. Served by {@code ferry serve}, the second pipeline runs after the first,
 * and each pipeline has its own log file.
 */
class AlfaDocsToGoHighLevelExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int PATIENTS = 30;
    private static final int MIN_KILLS = 3;

    @TempDir
    Path dir;
    private FakeAlfaDocs alfadocs;
    private FakeGoHighLevel ghl;
    private String clinic;
    private Map<String, String> env;
    private JsonNode calendars;
    private JsonNode operators;

    @BeforeEach
    void start() throws Exception {
        Path example = example();
        for (String file : List.of("alfadocs-to-clinic.yml", "clinic-to-ghl.yml", "calendars.json", "operators.json")) {
            Files.copy(example.resolve(file), dir.resolve(file));
        }
        calendars = JSON.readTree(dir.resolve("calendars.json").toFile());
        operators = JSON.readTree(dir.resolve("operators.json").toFile());
        // For the test only: a shorter appointments range, and GoHighLevel's limit at 40 a second instead of 100 in 10 s.
        replace("alfadocs-to-clinic.yml", "      archive_id: ${env:ALFADOCS_ARCHIVE_ID}",
                "      archive_id: ${env:ALFADOCS_ARCHIVE_ID}\n      appointments_from: \"0\"\n      appointments_to: \"+59\"");
        replace("clinic-to-ghl.yml", "      location_id: ${env:GHL_LOCATION_ID}",
                "      location_id: ${env:GHL_LOCATION_ID}\n      rate_limit: 40/1s");

        alfadocs = FakeAlfaDocs.start();
        alfadocs.generatePatients(PATIENTS);
        alfadocs.generateAppointments(60, LocalDate.now().plusDays(1), 50);
        alfadocs.forbidCarePlan(5);
        ghl = FakeGoHighLevel.start();
        ghl.setRateLimits(40, java.time.Duration.ofSeconds(1), 200_000);
        calendars.get("calendari").forEach(calendar -> ghl.addCalendar(calendar.asText()));
        operators.forEach(user -> ghl.addUser(user.asText()));
        clinic = TestPostgres.freshDatabase("team4_clinic");
        env = Map.of("ALFADOCS_URL", alfadocs.baseUrl(), "ALFADOCS_API_KEY", alfadocs.apiKey(),
                "ALFADOCS_PRACTICE_ID", Long.toString(alfadocs.practiceId()), "ALFADOCS_ARCHIVE_ID", Long.toString(alfadocs.archiveId()),
                "CLINIC_DB_URL", clinic, "GHL_URL", ghl.baseUrl(), "GHL_TOKEN", ghl.accessToken(), "GHL_LOCATION_ID", ghl.locationId());
    }

    @AfterEach
    void stop() {
        alfadocs.close();
        ghl.close();
    }

    @Test
    void patientsAndAppointmentsReachGoHighLevelOnceWithTheirCalendarsAndOperatorsThroughKills() throws Exception {
        run("alfadocs-to-clinic.yml", "1");
        run("clinic-to-ghl.yml", "1");
        assertGoHighLevelMatchesTheClinic("after the first runs");
        assertThat(alfadocs.violations()).as("AlfaDocs' 10 a second").isZero();

        AlfaDocsAppointment cancelled = alfadocs.appointments().stream()
                .filter(a -> a.patientId() != null && a.operatorId() != null && !"cancelled".equals(a.state())).findFirst().orElseThrow();
        alfadocs.modifyAppointment(cancelled.id(), appointment -> appointment.withState("cancelled"));
        run("alfadocs-to-clinic.yml", "2");
        run("clinic-to-ghl.yml", "2");
        assertThat(ghl.deletedAppointments()).as("a cancelled appointment is deleted").isNotEmpty();
        assertGoHighLevelMatchesTheClinic("after a cancellation");

        // New appointments, written by a run killed again and again.
        alfadocs.generateAppointments(80, LocalDate.now().plusDays(2), 40);
        run("alfadocs-to-clinic.yml", "3");
        Random random = new Random();
        int kills = 0;
        for (int attempt = 1; kills < MIN_KILLS && attempt <= 20; attempt++) {
            long writes = ghlWrites();
            Path log = dir.resolve("kill-" + attempt + ".log");
            Process ferry = ChildFerry.start(dir, log, env, "run", "clinic-to-ghl.yml");
            boolean writing = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!writing && ferry.isAlive() && System.nanoTime() < deadline) {
                writing = ghlWrites() > writes;
                ferry.waitFor(5, TimeUnit.MILLISECONDS);
            }
            if (writing && !ferry.waitFor(random.nextInt(300), TimeUnit.MILLISECONDS)) {
                ferry.destroyForcibly();
                kills++;
            }
            assertThat(ferry.waitFor(60, TimeUnit.SECONDS)).isTrue();
            if (ferry.exitValue() != 137) {
                assertThat(ferry.exitValue()).as(ChildFerry.logText(log)).isZero();
            }
        }
        assertThat(kills).as("kills that landed while the run wrote").isEqualTo(MIN_KILLS);
        run("clinic-to-ghl.yml", "final");
        assertGoHighLevelMatchesTheClinic("after " + kills + " kills");
        assertThat(ghl.violations()).as("GoHighLevel's limit").isZero();
    }

    @Test
    void servedItRunsTheSecondPipelineAfterTheFirstAndKeepsOneLogPerPipeline() throws Exception {
        ServerSettings settings = ServerSettings.defaults().withPort(0).withPipelinesFolder(dir)
                .withDataFolder(dir.resolve("data")).withLogsFolder(dir.resolve("logs"))
                .withRateLimit(new ServerSettings.RateLimit(1_000_000, 100_000))
                .withState(new StateConfig("jdbc:sqlite:" + dir.resolve("server-state.db"), null, null))
                .withEnvironment(env);
        try (FerryServer server = FerryServer.start(settings)) {
            String token = server.parts().tokens().create("clinic-job", Role.OPERATOR).value();
            JsonNode schedules = JSON.readTree(get(server.url() + "/api/schedules", token).body());
            assertThat(schedules.toString()).contains("alfadocs-to-clinic").contains("clinic-to-ghl").contains("PT30S");
            HttpResponse<String> trigger = HTTP.send(HttpRequest.newBuilder(URI.create(server.url()
                            + "/api/pipelines/alfadocs-to-clinic/trigger")).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(trigger.statusCode()).as(trigger.body()).isEqualTo(202);
            JsonNode afterIt = await().atMost(java.time.Duration.ofMinutes(3)).pollInterval(java.time.Duration.ofMillis(250))
                    .until(() -> finishedRun(server.url(), token, "clinic-to-ghl"), run -> run != null);
            assertThat(afterIt.path("status").asText()).as(afterIt.toString()).isEqualTo("SUCCEEDED");
            assertThat(ghl.contacts()).isNotEmpty();
            assertThat(ghl.appointments()).isNotEmpty();
            for (String pipeline : List.of("alfadocs-to-clinic", "clinic-to-ghl")) {
                assertThat(Files.readString(dir.resolve("logs").resolve(pipeline + ".log"))).as(pipeline)
                        .contains("of pipeline " + pipeline + " started").doesNotContain(ghl.accessToken())
                        .doesNotContain(alfadocs.apiKey());
            }
        }
    }

    /** The pipeline's last run once it has ended, or null while there is none or it still runs. */
    private static JsonNode finishedRun(String base, String token, String pipeline) throws Exception {
        for (JsonNode run : JSON.readTree(get(base + "/api/runs?pipeline=" + pipeline, token).body()).path("items")) {
            String status = run.path("status").asText();
            if (!status.equals("RUNNING") && !status.equals("QUEUED")) {
                return run;
            }
        }
        return null;
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Each contact once per patient with an e-mail or phone; each kept appointment once, as the files map it. */
    private void assertGoHighLevelMatchesTheClinic(String when) throws Exception {
        Map<Long, String> patientEmail = new HashMap<>();
        Map<Long, LocalDate> birth = new HashMap<>();
        query("SELECT id, email, phone, \"dateBirth\" FROM patients WHERE email IS NOT NULL OR phone IS NOT NULL", rows -> {
            patientEmail.put(rows.getLong(1), rows.getString(2) + "|" + rows.getString(3));
            birth.put(rows.getLong(1), rows.getObject(4, LocalDate.class));
        });
        assertThat(ghl.contacts()).as("contacts " + when).hasSize(patientEmail.size());
        Map<String, Long> patientOfContact = new HashMap<>();
        ghl.contacts().forEach(contact -> patientEmail.forEach((patient, key) -> {
            if (key.equals(contact.email() + "|" + contact.phone())) {
                patientOfContact.put(contact.id(), patient);
            }
        }));
        assertThat(patientOfContact).as("every contact is one patient's " + when).hasSize(patientEmail.size());

        List<String> expected = new ArrayList<>();
        query("SELECT a.id, a.\"patientId\", a.\"operatorId\", a.date, upper(trim(c.\"generalCode\")) FROM appointments a "
                + "LEFT JOIN care_plans c ON c.\"appointmentId\" = a.id WHERE a.state <> 'cancelled'", rows -> {
            long patient = rows.getLong(2);
            String code = rows.getString(5);
            if (!patientEmail.containsKey(patient) || "IGI08".equals(code)) {
                return;
            }
            OffsetDateTime start = OffsetDateTime.parse(rows.getString(4));
            expected.add(patient + " " + start.toInstant() + " " + calendarOf(code, birth.get(patient), start) + " "
                    + operators.get(Long.toString(rows.getLong(3))).asText());
        });
        List<String> actual = ghl.appointments().stream().map((GhlAppointment a) -> patientOfContact.get(a.contactId()) + " "
                + a.startTime().toInstant() + " " + a.calendarId() + " " + a.assignedUserId()).toList();
        assertThat(actual).as("appointments " + when).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** calendars.json as team 4's scripts read it: a special label by age, else the code's calendar, else the default. */
    private String calendarOf(String code, LocalDate birth, OffsetDateTime start) {
        JsonNode special = code == null ? null : calendars.path("special_labels").get(code);
        if (special != null) {
            boolean minor = birth != null && birth.isAfter(start.toLocalDate().minusYears(18));
            return special.get(minor ? "under18" : "over18").asText();
        }
        JsonNode known = code == null ? null : calendars.path("prestazioni").get(code);
        return known != null ? known.get("calendario_id").asText() : calendars.get("default_calendar_id").asText();
    }

    private long ghlWrites() {
        return ghl.requests().stream().filter(request -> request.method().equals("POST") || request.method().equals("PUT")).count();
    }

    private void run(String pipeline, String label) throws Exception {
        Path log = dir.resolve(pipeline + "-" + label + ".log");
        Process ferry = ChildFerry.start(dir, log, env, "run", pipeline);
        assertThat(ferry.waitFor(180, TimeUnit.SECONDS)).as(pipeline + " ended").isTrue();
        assertThat(ferry.exitValue()).as(pipeline + " " + label + ":\n" + ChildFerry.logText(log)).isZero();
    }

    @FunctionalInterface
    private interface Rows {
        void accept(ResultSet rows) throws Exception;
    }

    private void query(String sql, Rows rows) throws Exception {
        try (Connection connection = DriverManager.getConnection(clinic);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.accept(result);
            }
        }
    }

    private void replace(String file, String from, String to) throws Exception {
        String text = Files.readString(dir.resolve(file));
        assertThat(text).contains(from);
        Files.writeString(dir.resolve(file), text.replace(from, to));
    }

    private static Path example() {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            if (Files.isDirectory(at.resolve("examples/alfadocs-to-ghl"))) {
                return at.resolve("examples/alfadocs-to-ghl");
            }
        }
        throw new IllegalStateException("examples/alfadocs-to-ghl not found");
    }
}
