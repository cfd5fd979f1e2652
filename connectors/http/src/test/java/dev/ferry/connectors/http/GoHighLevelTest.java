package dev.ferry.connectors.http;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.DeletePolicy;
import dev.ferry.api.Destination;
import dev.ferry.api.KeyMap;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.RowsRefusedException;
import dev.ferry.api.SchemaChangePolicy;
import dev.ferry.api.Source;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteContext;
import dev.ferry.api.WriteCounts;
import dev.ferry.api.WriteMode;
import dev.ferry.api.WriteRequest;
import dev.ferry.connectors.http.call.CallFailedException;
import dev.ferry.testkit.saas.gohighlevel.FakeGoHighLevel;
import dev.ferry.testkit.saas.gohighlevel.GhlAppointment;
import dev.ferry.testkit.saas.gohighlevel.GhlContact;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The GoHighLevel provider against the fake written from its documentation: contacts upserted and
 * updated through the key map, appointments pointing at the contacts their patients became, a replay
 * that creates nothing twice, refused rows alone, an expired token, the location's rate limit, and
 * contacts read back page after page.
 */
class GoHighLevelTest {
    private static final StreamSchema CONTACTS = new StreamSchema("contacts", List.of(
            Column.of("patientId", ColumnType.BIGINT), Column.of("firstName", ColumnType.TEXT),
            Column.of("lastName", ColumnType.TEXT), Column.of("email", ColumnType.TEXT), Column.of("phone", ColumnType.TEXT)),
            List.of("patientId"));
    private static final StreamSchema APPOINTMENTS = new StreamSchema("appointments", List.of(
            Column.of("appointmentId", ColumnType.BIGINT), Column.of("contactKey", ColumnType.BIGINT),
            Column.of("calendarId", ColumnType.TEXT), Column.of("assignedUserId", ColumnType.TEXT),
            Column.of("startTime", ColumnType.TIMESTAMP_TZ), Column.of("endTime", ColumnType.TIMESTAMP_TZ),
            Column.of("appointmentStatus", ColumnType.TEXT), Column.of("ignoreDateRange", ColumnType.BOOLEAN),
            Column.of("ignoreFreeSlotValidation", ColumnType.BOOLEAN), Column.of("toNotify", ColumnType.BOOLEAN)),
            List.of("appointmentId"));

    private FakeGoHighLevel fake;
    private final MemoryKeys keys = new MemoryKeys();
    private final ApiFixture.Lines log = new ApiFixture.Lines();

    /** A key map in memory, as the engine's state store keeps one. */
    static final class MemoryKeys implements KeyMap {
        final Map<String, String> ids = new ConcurrentHashMap<>();

        @Override
        public String remoteId(String target, String sourceKey) {
            return ids.get(target + "/" + sourceKey);
        }

        @Override
        public void put(String target, String sourceKey, String remoteId) {
            ids.put(target + "/" + sourceKey, remoteId);
        }

        @Override
        public void remove(String target, String sourceKey) {
            ids.remove(target + "/" + sourceKey);
        }

        @Override
        public List<String> sourceKeys(String target) {
            return ids.keySet().stream().filter(key -> key.startsWith(target + "/"))
                    .map(key -> key.substring(target.length() + 1)).sorted().toList();
        }
    }

    @BeforeEach
    void start() {
        fake = FakeGoHighLevel.start();
        fake.addCalendar("cal-ortho");
        fake.addCalendar("cal-hygiene");
        fake.addUser("user-rossi");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private Destination destination(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of("token", fake.accessToken(), "location_id", fake.locationId(),
                "retry_backoff", "50ms"));
        properties.putAll(extra);
        return new HttpConnectorFactory().openDestination(new ConnectionSpec("ghl", "gohighlevel", fake.baseUrl(), null, null,
                properties));
    }

    private WriteCounts write(Destination destination, StreamSchema schema, List<ChangeRecord> records) {
        try (StreamWriter writer = destination.open(new WriteRequest(schema.name(), schema, WriteMode.UPSERT, DeletePolicy.NONE,
                SchemaChangePolicy.FAIL), new WriteContext(log, keys))) {
            writer.write(new RecordBatch(records, null));
            return writer.commit();
        }
    }

    private static ChangeRecord contact(long id, String first, String email) {
        return ChangeRecord.upsert(new Object[]{id, first, "Bianchi", email, String.format("+39333%07d", id)});
    }

    private static ChangeRecord appointment(long id, long contact, String calendar, String start) {
        OffsetDateTime at = OffsetDateTime.parse(start);
        return ChangeRecord.upsert(new Object[]{id, contact, calendar, "user-rossi", at, at.plusMinutes(30), "confirmed",
                true, true, false});
    }

    @Test
    void contactsAreUpsertedThenUpdatedAndDeletedThroughTheKeyMapAndAReplayCreatesNothingTwice() {
        Destination ghl = destination(Map.of());
        ghl.check();
        WriteCounts first = write(ghl, CONTACTS, List.of(contact(1, "Anna", "anna@example.it"),
                contact(2, "Luca", "luca@example.it"), contact(3, "Sara", null)));
        assertThat(first).isEqualTo(new WriteCounts(3, 0, 0, 0));
        assertThat(fake.contacts()).hasSize(3);
        String anna = keys.remoteId("contacts", "1");
        assertThat(fake.contact(anna).firstName()).isEqualTo("Anna");
        assertThat(fake.contact(keys.remoteId("contacts", "3")).email()).as("a null is left out").isNull();

        // A replay of the same records (a crash before the engine's checkpoint): updates only.
        WriteCounts replay = write(ghl, CONTACTS, List.of(contact(1, "Anna Maria", "anna@example.it"),
                contact(2, "Luca", "luca@example.it")));
        assertThat(replay).isEqualTo(new WriteCounts(0, 2, 0, 0));
        assertThat(fake.contacts()).hasSize(3);
        assertThat(fake.contact(anna).firstName()).isEqualTo("Anna Maria");

        WriteCounts deleted = write(ghl, CONTACTS, List.of(ChangeRecord.delete(new Object[]{2L, null, null, null, null})));
        assertThat(deleted).isEqualTo(new WriteCounts(0, 0, 0, 1));
        assertThat(fake.contacts()).hasSize(2);
        assertThat(keys.remoteId("contacts", "2")).isNull();
        assertThat(fake.requests()).allSatisfy(request -> assertThat(request.headers().get("version"))
                .as(request.path()).containsExactly(request.path().startsWith("/contacts") || request.path().startsWith("/locations")
                        ? "2021-07-28" : "2021-04-15"));
    }

    @Test
    void appointmentsPointAtTheContactsTheirPatientsBecameAndOneWithoutItsContactWaits() {
        Destination ghl = destination(Map.of());
        write(ghl, CONTACTS, List.of(contact(10, "Anna", "anna@example.it")));
        String start = OffsetDateTime.now().plusDays(3).withNano(0).withSecond(0).toString();
        assertThatThrownBy(() -> write(ghl, APPOINTMENTS, List.of(appointment(501, 99, "cal-ortho", start))))
                .isInstanceOf(RowsRefusedException.class)
                .hasMessageContaining("no contacts object for contactKey=99 has been written yet");

        WriteCounts created = write(ghl, APPOINTMENTS, List.of(appointment(500, 10, "cal-ortho", start)));
        assertThat(created).isEqualTo(new WriteCounts(1, 0, 0, 0));
        GhlAppointment made = fake.appointment(keys.remoteId("appointments", "500"));
        assertThat(made.contactId()).isEqualTo(keys.remoteId("contacts", "10"));
        assertThat(made.calendarId()).isEqualTo("cal-ortho");
        assertThat(made.assignedUserId()).isEqualTo("user-rossi");
        assertThat(made.startTime().toInstant()).isEqualTo(OffsetDateTime.parse(start).toInstant());
        assertThat(made.toNotify()).isFalse();
        assertThat(made.ignoreFreeSlotValidation()).isTrue();

        String later = OffsetDateTime.parse(start).plusHours(2).toString();
        assertThat(write(ghl, APPOINTMENTS, List.of(appointment(500, 10, "cal-hygiene", later))))
                .isEqualTo(new WriteCounts(0, 1, 0, 0));
        assertThat(fake.appointments()).singleElement().satisfies(moved -> {
            assertThat(moved.calendarId()).isEqualTo("cal-hygiene");
            assertThat(moved.startTime().toInstant()).isEqualTo(OffsetDateTime.parse(later).toInstant());
        });

        String eventId = keys.remoteId("appointments", "500");
        write(ghl, APPOINTMENTS, List.of(ChangeRecord.delete(new Object[]{500L, null, null, null, null, null, null, null, null, null})));
        assertThat(fake.deletedAppointments()).containsExactly(eventId);
    }

    @Test
    void anAppointmentCreatedByARunThatDiedBeforeKeepingItsIdIsFoundNotCreatedTwice() {
        Destination ghl = destination(Map.of());
        write(ghl, CONTACTS, List.of(contact(10, "Anna", "anna@example.it"), contact(11, "Luca", "luca@example.it")));
        String start = OffsetDateTime.now().plusDays(5).withNano(0).withSecond(0).toString();
        write(ghl, APPOINTMENTS, List.of(appointment(700, 10, "cal-ortho", start)));
        String made = keys.remoteId("appointments", "700");
        // Another contact's appointment in the same calendar and slot: not the one to find.
        write(ghl, APPOINTMENTS, List.of(appointment(701, 11, "cal-ortho", start)));
        // The run died after the create answered and before its id was kept.
        keys.remove("appointments", "700");

        WriteCounts replay = write(ghl, APPOINTMENTS, List.of(appointment(700, 10, "cal-ortho", start)));
        assertThat(replay).isEqualTo(new WriteCounts(0, 1, 0, 0));
        assertThat(fake.appointments()).hasSize(2);
        assertThat(keys.remoteId("appointments", "700")).isEqualTo(made);
        assertThat(log.all()).contains("appointments row 700 was found at the API as " + made);
    }

    @Test
    void contactsWhosePatientsAreGoneFromTheSourceAreDeletedWithDeletesHard() {
        Destination ghl = destination(Map.of());
        write(ghl, CONTACTS, List.of(contact(1, "Anna", "anna@example.it"), contact(2, "Luca", "luca@example.it"),
                contact(3, "Sara", "sara@example.it")));
        String sara = keys.remoteId("contacts", "3");
        WriteCounts counts;
        try (StreamWriter writer = ghl.open(new WriteRequest("contacts", CONTACTS, WriteMode.UPSERT, DeletePolicy.HARD,
                SchemaChangePolicy.FAIL), new WriteContext(log, keys))) {
            writer.write(new RecordBatch(List.of(contact(1, "Anna Maria", "anna@example.it")), null));
            writer.keep(List.<Object[]>of(new Object[]{2L}));
            assertThat(writer.countUnseen()).isEqualTo(1);
            assertThat(writer.removeUnseen()).isEqualTo(1);
            counts = writer.commit();
        }
        assertThat(counts).isEqualTo(new WriteCounts(0, 1, 0, 1));
        assertThat(fake.contacts()).hasSize(2).noneMatch(contact -> contact.id().equals(sara));
        assertThat(keys.remoteId("contacts", "3")).isNull();
        List<Column> withMark = new java.util.ArrayList<>(CONTACTS.columns());
        withMark.add(Column.of(WriteRequest.SOFT_DELETE_COLUMN, ColumnType.TIMESTAMP_TZ));
        StreamSchema softly = new StreamSchema("contacts", withMark, CONTACTS.keyColumns());
        assertThatThrownBy(() -> ghl.open(new WriteRequest("contacts", softly, WriteMode.UPSERT, DeletePolicy.SOFT,
                SchemaChangePolicy.FAIL), new WriteContext(log, keys))).hasMessageContaining("use deletes: hard");
    }

    @Test
    void aRowTheApiRefusesIsRefusedAloneWithTheAnswer() {
        Destination ghl = destination(Map.of());
        write(ghl, CONTACTS, List.of(contact(10, "Anna", "anna@example.it")));
        String start = OffsetDateTime.now().plusDays(3).withNano(0).withSecond(0).toString();
        assertThatThrownBy(() -> write(ghl, APPOINTMENTS, List.of(appointment(600, 10, "cal-unknown", start))))
                .isInstanceOf(RowsRefusedException.class)
                .hasMessageContaining("appointments refused row 600").hasMessageContaining("answered 400")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(fake.accessToken()));
        assertThat(fake.appointments()).isEmpty();
    }

    @Test
    void anExpiredTokenStopsTheWriteSayingSo() {
        Destination ghl = destination(Map.of());
        fake.expireToken(fake.accessToken());
        assertThatThrownBy(() -> write(ghl, CONTACTS, List.of(contact(1, "Anna", "anna@example.it"))))
                .isInstanceOf(CallFailedException.class)
                .hasMessageContaining("refused the authorization (401)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(fake.accessToken()));
    }

    @Test
    void writesKeepToTheLocationsLimitAndContactsAreReadBackPageAfterPage() {
        fake.setRateLimits(10, Duration.ofSeconds(1), 200_000);
        Destination ghl = destination(Map.of("rate_limit", "10/1s"));
        java.util.ArrayList<ChangeRecord> records = new java.util.ArrayList<>();
        for (long id = 1; id <= 35; id++) {
            records.add(contact(id, "Paziente" + id, "p" + id + "@example.it"));
        }
        long started = System.nanoTime();
        assertThat(write(ghl, CONTACTS, records).inserted()).isEqualTo(35);
        assertThat(System.nanoTime() - started).as("35 calls at 10 a second take 3 s at least").isGreaterThan(3_000_000_000L);
        assertThat(fake.violations()).isZero();
        assertThat(fake.contacts()).hasSize(35);

        Source source = new HttpConnectorFactory().openSource(new ConnectionSpec("ghl", "gohighlevel", fake.baseUrl(), null,
                null, Map.of("token", fake.accessToken(), "location_id", fake.locationId(), "rate_limit", "10/1s")));
        ApiFixture.Read all = ApiFixture.readFrom(source, "contacts", "dateUpdated", null, 1000, log);
        assertThat(all.column(0)).hasSize(35).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(fake.contacts().stream().map(GhlContact::id).toList());
        assertThat(fake.violations()).isZero();

        // A later incremental read gets what changed since, and the last changed contact again.
        write(ghl, CONTACTS, List.of(contact(12, "Paziente12 Maria", "p12@example.it")));
        ApiFixture.Read changed = ApiFixture.readFrom(source, "contacts", "dateUpdated", all.batches().getLast().checkpoint(),
                1000, log);
        assertThat(changed.column(0)).contains(keys.remoteId("contacts", "12")).hasSizeLessThanOrEqualTo(2);
    }
}
