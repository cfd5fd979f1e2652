package dev.ferry.testkit.saas.alfadocs;

import dev.ferry.testkit.saas.FakeHttpServer;
import dev.ferry.testkit.saas.RateLimitWindow;
import dev.ferry.testkit.saas.SaasFake;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A fake AlfaDocs API (one practice, one archive) on 127.0.0.1, for tests and benchmarks of
 * connectors that read patients, appointments and care plans.
 *
 * <p>Follows the documented facts (public OpenAPI "AlfaDocs API 1.1.1" and what team 4's scripts
 * rely on): base path {@code /api/v1}; {@code X-Api-Key} auth, one key per archive;
 * {@code GET /me} answers {@code practiceId} and {@code archiveId}; the patient list answers
 * {@code {results, links: {next, pages}}} with {@code next} an absolute URL; single records come
 * under {@code data}; appointments are read by {@code dateStart}/{@code dateEnd} ({@code Y-m-d},
 * at most 30 days) as {@code {status, count, data}}; a care plan may answer 403 for a key without
 * access to it. Patients and appointments have the fields team 4 reads, plus {@code lastModifiedAt}.
 *
 * <p>Choices where the documentation is silent (each marked UNCONFIRMED where it is made): the
 * paging parameters ({@code page}, {@code limit}), the error body, timestamp formats, and a rate
 * limit of 10 requests/s per key that is counted, not enforced, by default (AlfaDocs documents
 * none; its assistant mentions 10/s). There is no updated-since filter: clients compare
 * {@code lastModifiedAt}. Appointments cannot be written through the API (UNCONFIRMED there).
 */
public final class FakeAlfaDocs extends SaasFake {

    public static final String BASE_PATH = "/api/v1";
    public static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 100;
    public static final int DEFAULT_RATE_LIMIT = 10;

    private final Clock clock;
    private final long practiceId = 4711;
    private final long archiveId = 815;
    private final String apiKey = "alfadocs-" + randomHex();
    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private final PatientStore patients = new PatientStore();
    private final AppointmentStore appointments = new AppointmentStore();
    private final Map<Long, AlfaDocsCarePlan> carePlans = new ConcurrentHashMap<>();
    private final Set<Long> forbiddenCarePlans = ConcurrentHashMap.newKeySet();
    private final AtomicReference<RateLimitWindow> rateLimit = new AtomicReference<>();
    private volatile int patientPageSize = DEFAULT_PAGE_SIZE;
    private volatile int maxAppointmentRangeDays = 30;
    private volatile PagingQuirk pagingQuirk = PagingQuirk.NONE;
    private final FakeHttpServer server;

    private FakeAlfaDocs(int port, Clock clock) {
        this.clock = clock;
        keys.add(apiKey);
        rateLimit.set(new RateLimitWindow(DEFAULT_RATE_LIMIT, Duration.ofSeconds(1), RateLimitWindow.Mode.SLIDING, false, clock));
        AlfaDocsRoutes routes = new AlfaDocsRoutes(this, this::baseUrl);
        server = new FakeHttpServer(port, BASE_PATH, routes.list(), new AlfaDocsGuard(keys, practiceId, archiveId, rateLimit),
                AlfaDocsErrors::error, clock, this::stats);
    }

    public static FakeAlfaDocs start() {
        return start(0, Clock.systemUTC());
    }

    /** On this loopback port (0: a free one), with this clock for rate-limit windows and timestamps. */
    public static FakeAlfaDocs start(int port, Clock clock) {
        return new FakeAlfaDocs(port, clock);
    }

    @Override
    protected FakeHttpServer server() {
        return server;
    }

    /** {@code http://127.0.0.1:PORT/api/v1}: what a connector is configured with. */
    @Override
    public String baseUrl() {
        return server.rootUrl() + BASE_PATH;
    }

    /** The path of this archive under the base URL: {@code /practices/{practiceId}/archives/{archiveId}}. */
    public String archivePath() {
        return "/practices/" + practiceId + "/archives/" + archiveId;
    }

    public String apiKey() {
        return apiKey;
    }

    public void addApiKey(String key) {
        keys.add(key);
    }

    /** Revokes a key; its next request answers 401. */
    public void removeApiKey(String key) {
        keys.remove(key);
    }

    public long practiceId() {
        return practiceId;
    }

    public long archiveId() {
        return archiveId;
    }

    // ---- patients

    /** Adds {@code count} generated patients ({@link GeneratedPatients}) at the next ids, storing none of them. */
    public void generatePatients(long count) {
        patients.generate(count);
    }

    /** Adds a patient at the next id (the patient's own id is ignored) and returns it with its id. */
    public AlfaDocsPatient addPatient(AlfaDocsPatient patient) {
        return patients.add(patient);
    }

    /** Stores the patient under its id exactly as given, adding or replacing. */
    public void putPatient(AlfaDocsPatient patient) {
        patients.put(patient);
    }

    /** Changes a patient and sets its {@code lastModifiedAt} to the clock's time, as an edit in AlfaDocs would. */
    public AlfaDocsPatient modifyPatient(long id, UnaryOperator<AlfaDocsPatient> change) {
        AlfaDocsPatient current = patients.get(id);
        if (current == null) {
            throw new IllegalArgumentException("The fake AlfaDocs has no patient " + id);
        }
        AlfaDocsPatient changed = change.apply(current).withId(id).withLastModifiedAt(now());
        patients.put(changed);
        return changed;
    }

    public boolean deletePatient(long id) {
        return patients.delete(id);
    }

    public AlfaDocsPatient patient(long id) {
        return patients.get(id);
    }

    /** Every patient in id order (generated ones are made on the way: for assertions on small sets). */
    public List<AlfaDocsPatient> patients() {
        return patients.all();
    }

    public long patientCount() {
        return patients.count();
    }

    public void setPatientPageSize(int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("patient page size must be from 1 to " + MAX_PAGE_SIZE + ", got " + size);
        }
        patientPageSize = size;
    }

    /** Makes the patient listing's {@code next} links misbehave, to test a client's stop conditions. */
    public void setPagingQuirk(PagingQuirk quirk) {
        pagingQuirk = quirk;
    }

    PagingQuirk pagingQuirk() {
        return pagingQuirk;
    }

    int patientPageSize() {
        return patientPageSize;
    }

    PatientStore patientStore() {
        return patients;
    }

    // ---- appointments

    /** Adds an appointment at the next id and returns it with its id. */
    public AlfaDocsAppointment addAppointment(AlfaDocsAppointment appointment) {
        return appointments.add(appointment);
    }

    public void putAppointment(AlfaDocsAppointment appointment) {
        appointments.put(appointment);
    }

    /** Changes an appointment and sets its {@code lastModifiedAt} to the clock's time. */
    public AlfaDocsAppointment modifyAppointment(long id, UnaryOperator<AlfaDocsAppointment> change) {
        AlfaDocsAppointment current = appointments.get(id);
        if (current == null) {
            throw new IllegalArgumentException("The fake AlfaDocs has no appointment " + id);
        }
        AlfaDocsAppointment changed = change.apply(current).withId(id).withLastModifiedAt(now());
        appointments.put(changed);
        return changed;
    }

    public boolean deleteAppointment(long id) {
        return appointments.delete(id);
    }

    public List<AlfaDocsAppointment> appointments() {
        return appointments.all();
    }

    /**
     * Adds {@code count} appointments spread over {@code days} days from {@code firstDay}, and care
     * plans 1 to 200 if absent; see {@link GeneratedAppointments} for what they hold.
     */
    public void generateAppointments(int count, LocalDate firstDay, int days) {
        GeneratedAppointments.generate(this, count, firstDay, days);
    }

    /** The longest {@code dateStart}..{@code dateEnd} range accepted, both days included (default 30). */
    public void setMaxAppointmentRangeDays(int days) {
        maxAppointmentRangeDays = days;
    }

    int maxAppointmentRangeDays() {
        return maxAppointmentRangeDays;
    }

    AppointmentStore appointmentStore() {
        return appointments;
    }

    // ---- care plans

    public void putCarePlan(AlfaDocsCarePlan carePlan) {
        carePlans.put(carePlan.id(), carePlan);
    }

    /** The care plan answers 403 from now on, as for a key without access to it. */
    public void forbidCarePlan(long id) {
        forbiddenCarePlans.add(id);
    }

    public boolean deleteCarePlan(long id) {
        return carePlans.remove(id) != null;
    }

    public AlfaDocsCarePlan carePlan(long id) {
        return carePlans.get(id);
    }

    boolean isCarePlanForbidden(long id) {
        return forbiddenCarePlans.contains(id);
    }

    // ---- rate limit, faults, requests

    /**
     * Replaces the rate limit (default: 10 per second per key, sliding, not enforced). Enforced,
     * a request over it answers 429 with {@code Retry-After}; either way it is a violation.
     */
    public void setRateLimit(int limit, Duration window, boolean enforced) {
        rateLimit.set(new RateLimitWindow(limit, window, RateLimitWindow.Mode.SLIDING, enforced, clock));
    }

    public RateLimitWindow rateLimit() {
        return rateLimit.get();
    }

    /** Requests over the rate limit so far. */
    public long violations() {
        return rateLimit.get().violations();
    }

    /** The route pattern of the patient list, for {@link #requestCount} and faults. */
    public static String patientsRoute() {
        return AlfaDocsRoutes.ARCHIVE + "/patients";
    }

    public static String appointmentsRoute() {
        return AlfaDocsRoutes.ARCHIVE + "/appointments";
    }

    public static String carePlanRoute() {
        return AlfaDocsRoutes.ARCHIVE + "/care-plans/{id}";
    }

    String now() {
        return ZonedDateTime.now(clock).withZoneSameInstant(GeneratedPatients.ROME).format(GeneratedPatients.TIMESTAMP);
    }

    private Object stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("patients", patients.count());
        stats.put("appointments", appointments.count());
        stats.put("requests", rateLimit.get().requests());
        stats.put("violations", rateLimit.get().violations());
        stats.put("highestCountInWindow", rateLimit.get().highestCountInWindow());
        stats.put("requestsByRoute", requestCounts());
        return stats;
    }
}
