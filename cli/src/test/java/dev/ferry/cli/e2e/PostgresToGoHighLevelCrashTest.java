package dev.ferry.cli.e2e;

import dev.ferry.testkit.TestPostgres;
import dev.ferry.testkit.saas.gohighlevel.FakeGoHighLevel;
import dev.ferry.testkit.saas.gohighlevel.GhlAppointment;
import dev.ferry.testkit.saas.gohighlevel.GhlContact;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Patients and their appointments from PostgreSQL to GoHighLevel (the fake written from its
 * documentation) with {@code ferry run} killed by SIGKILL at random moments while it writes. However
 * the kills fall (between a create and keeping its id, between a write and the checkpoint), the
 * final state is every patient exactly once as a contact and every appointment exactly once, with
 * its calendar, its operator and its contact, within the location's rate limit.
 */
class PostgresToGoHighLevelCrashTest {
    /** Patients at the start, and added before each attempt, so that every run has contacts to create. */
    private static final int PATIENTS = 40;
    private static final int ADDED_PER_ATTEMPT = 12;
    private static final int MIN_KILLS = 4;
    private static final int MAX_ATTEMPTS = 30;

    @TempDir
    Path dir;
    private FakeGoHighLevel fake;
    private Path pipeline;
    private final Map<Long, OffsetDateTime> starts = new HashMap<>();
    private String clinic;
    private long patients;

    @BeforeEach
    void start() throws Exception {
        fake = FakeGoHighLevel.start();
        fake.setRateLimits(40, Duration.ofSeconds(1), 200_000);
        fake.addCalendar("cal-ortho");
        fake.addCalendar("cal-hygiene");
        fake.addUser("user-rossi");
        fake.addUser("user-verdi");
        Files.writeString(dir.resolve("ghl.token"), fake.accessToken());
        clinic = TestPostgres.freshDatabase("ghl_crash");
        try (Connection connection = DriverManager.getConnection(clinic); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE patients (\"patientId\" BIGINT PRIMARY KEY, \"firstName\" TEXT, \"lastName\" TEXT, "
                    + "email TEXT, phone TEXT)");
            statement.execute("CREATE TABLE visits (\"appointmentId\" BIGINT PRIMARY KEY, \"contactKey\" BIGINT, "
                    + "\"calendarId\" TEXT, \"assignedUserId\" TEXT, \"startTime\" TIMESTAMPTZ, \"endTime\" TIMESTAMPTZ, "
                    + "\"appointmentStatus\" TEXT, \"ignoreFreeSlotValidation\" BOOLEAN, \"toNotify\" BOOLEAN)");
        }
        addPatients(PATIENTS);
        pipeline = Files.writeString(dir.resolve("pipeline.yml"), PIPELINE.formatted(clinic, fake.baseUrl(), fake.locationId()));
    }

    /** Adds {@code count} patients, each with one appointment. */
    private void addPatients(int count) throws Exception {
        try (Connection connection = DriverManager.getConnection(clinic)) {
            try (PreparedStatement patient = connection.prepareStatement("INSERT INTO patients VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement visit = connection.prepareStatement("INSERT INTO visits VALUES (?, ?, ?, ?, ?, ?, ?, true, false)")) {
                OffsetDateTime first = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2).withHour(8).withMinute(0).withSecond(0).withNano(0);
                for (long id = patients + 1; id <= patients + count; id++) {
                    patient.setLong(1, id);
                    patient.setString(2, "Paziente" + id);
                    patient.setString(3, "Rossi");
                    patient.setString(4, "p" + id + "@example.it");
                    patient.setString(5, String.format("+39333%07d", id));
                    patient.addBatch();
                    OffsetDateTime at = first.plusMinutes(30 * id);
                    starts.put(1000 + id, at);
                    visit.setLong(1, 1000 + id);
                    visit.setLong(2, id);
                    visit.setString(3, id % 2 == 0 ? "cal-ortho" : "cal-hygiene");
                    visit.setString(4, id % 3 == 0 ? "user-verdi" : "user-rossi");
                    visit.setObject(5, at);
                    visit.setObject(6, at.plusMinutes(30));
                    visit.setString(7, "confirmed");
                    visit.addBatch();
                }
                patient.executeBatch();
                visit.executeBatch();
            }
        }
        patients += count;
    }

    private static final String PIPELINE = """
                pipeline: clinic-to-ghl
                connections:
                  clinic: {url: "%s"}
                  ghl:
                    url: "%s"
                    type: gohighlevel
                    properties:
                      token: "${file:ghl.token}"
                      location_id: "%s"
                      rate_limit: 40/1s
                      retry_backoff: 100ms
                source: clinic
                destination: ghl
                state: {url: "jdbc:sqlite:state.db"}
                batch_size: 5
                commit_every: 5
                streams:
                  - {table: patients, destination_table: contacts, sync: hash}
                  - {table: visits, destination_table: appointments, sync: hash, depends_on: patients}
                """;

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void killedAtRandomWhileWritingItCreatesEveryContactAndAppointmentExactlyOnce() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> attempts = new ArrayList<>();
        int kills = 0;
        // A run writes a dozen contacts and appointments at 40 calls a second: about 600 ms.
        long window = 800;
        for (int number = 1; kills < MIN_KILLS; number++) {
            assertThat(number).as("too many runs ended before their kill: seed %d, %s", seed, attempts).isLessThanOrEqualTo(MAX_ATTEMPTS);
            long delay = (long) (random.nextDouble() * window);
            if (number > 1) {
                addPatients(ADDED_PER_ATTEMPT);
            }
            Path log = dir.resolve("attempt-" + number + ".log");
            long writesBefore = writes();
            Process process = ChildFerry.start(dir, log, Map.of(), "run", pipeline.toString());
            boolean writing = awaitFirstWrite(process, writesBefore);
            boolean endedByItself = !writing || process.waitFor(delay, TimeUnit.MILLISECONDS);
            if (!endedByItself) {
                process.destroyForcibly();
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the run ended").isTrue();
            boolean killed = !endedByItself && process.exitValue() == 137;
            attempts.add("#" + number + (killed ? " killed " + delay + " ms after its first write" : " ended with " + process.exitValue()));
            if (killed) {
                kills++;
            } else {
                assertThat(process.exitValue()).as("a run that ended by itself must succeed; seed %d%n%s", seed,
                        ChildFerry.logText(log)).isZero();
            }
        }
        Path last = dir.resolve("final.log");
        Process complete = ChildFerry.start(dir, last, Map.of(), "run", pipeline.toString());
        assertThat(complete.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(complete.exitValue()).as("seed %d, %s%n%s", seed, attempts, ChildFerry.logText(last)).isZero();

        List<GhlContact> contacts = fake.contacts();
        assertThat(contacts).as("seed %d, %s", seed, attempts).hasSize((int) patients);
        assertThat(contacts.stream().map(GhlContact::email).collect(Collectors.toSet())).hasSize((int) patients);
        Map<String, String> emailOfContact = contacts.stream().collect(Collectors.toMap(GhlContact::id, GhlContact::email));
        List<GhlAppointment> appointments = fake.appointments();
        assertThat(appointments).as("every appointment exactly once: seed %d, %s", seed, attempts).hasSize((int) patients);
        for (GhlAppointment appointment : appointments) {
            long patient = Long.parseLong(emailOfContact.get(appointment.contactId()).replaceAll("\\D", ""));
            assertThat(appointment.calendarId()).isEqualTo(patient % 2 == 0 ? "cal-ortho" : "cal-hygiene");
            assertThat(appointment.assignedUserId()).isEqualTo(patient % 3 == 0 ? "user-verdi" : "user-rossi");
            assertThat(appointment.startTime().toInstant()).isEqualTo(starts.get(1000 + patient).toInstant());
        }
        assertThat(fake.violations()).as("within the location's rate limit").isZero();
        System.out.printf("ghl crash: seed %d, %s%n", seed, attempts);
    }

    /** Write calls the fake has seen so far. */
    private long writes() {
        return fake.requests().stream().filter(request -> !request.method().equals("GET")
                && !request.path().equals("/contacts/search")).count();
    }

    /** Waits until the child made its first write; false when it ended first. */
    private boolean awaitFirstWrite(Process process, long writesBefore) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (writes() > writesBefore) {
                return true;
            }
            if (process.waitFor(5, TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        throw new AssertionError("the child did not write within 60 s");
    }
}
