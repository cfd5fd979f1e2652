package dev.ferry.testkit.saas.gohighlevel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testkit.saas.Fault;
import dev.ferry.testkit.saas.ManualClock;
import dev.ferry.testkit.saas.SaasHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FakeGoHighLevelTest {

    private static final String CONTACTS = "2021-07-28";
    private static final String CALENDARS = "2021-04-15";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T09:00:00Z"));
    private FakeGoHighLevel ghl;
    private SaasHttp contacts;
    private SaasHttp calendars;

    @BeforeEach
    void start() {
        ghl = FakeGoHighLevel.start(0, clock);
        SaasHttp authorized = new SaasHttp(ghl.baseUrl(), Map.of("Authorization", "Bearer " + ghl.accessToken()));
        contacts = authorized.withHeader("Version", CONTACTS);
        calendars = authorized.withHeader("Version", CALENDARS);
    }

    @AfterEach
    void stop() {
        ghl.close();
    }

    private Map<String, Object> contact(String email, String phone) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("locationId", ghl.locationId());
        body.put("firstName", "Giulia");
        body.put("lastName", "Rossi");
        if (email != null) {
            body.put("email", email);
        }
        if (phone != null) {
            body.put("phone", phone);
        }
        return body;
    }

    private String createdContactId() {
        return contacts.post("/contacts/", contact("giulia@example.it", "+393331112233")).body().path("contact").path("id").asText();
    }

    private Map<String, Object> appointment(String contactId, String start) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("calendarId", "cal-igiene");
        body.put("locationId", ghl.locationId());
        body.put("contactId", contactId);
        body.put("startTime", start);
        return body;
    }

    @Test
    void aMissingUnknownOrExpiredTokenAnswers401InTheDocumentedShape() {
        SaasHttp anonymous = new SaasHttp(ghl.baseUrl(), Map.of("Version", CONTACTS));
        SaasHttp.Response missing = anonymous.get("/contacts/abc");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body().path("statusCode").asInt()).isEqualTo(401);
        assertThat(missing.body().path("message").asText()).isNotEmpty();
        assertThat(missing.body().path("error").asText()).isEqualTo("Unauthorized");
        assertThat(anonymous.withHeader("Authorization", "Bearer nope").get("/contacts/abc").status()).isEqualTo(401);

        String id = createdContactId();
        assertThat(contacts.get("/contacts/" + id).status()).isEqualTo(200);
        ghl.expireToken(ghl.accessToken());
        assertThat(contacts.get("/contacts/" + id).status()).isEqualTo(401);
        ghl.registerToken("fresh-token", ghl.locationId());
        assertThat(contacts.withHeader("Authorization", "Bearer fresh-token").get("/contacts/" + id).status()).isEqualTo(200);
    }

    @Test
    void accessTokensExpireAfterADayByTheFakesClock() {
        String id = createdContactId();
        clock.advance(Duration.ofHours(23));
        assertThat(contacts.get("/contacts/" + id).status()).isEqualTo(200);
        clock.advance(Duration.ofHours(1));
        assertThat(contacts.get("/contacts/" + id).status()).isEqualTo(401);
    }

    @Test
    void theVersionHeaderIsRequiredAndDiffersByProduct() {
        String id = createdContactId();
        SaasHttp.Response missing = contacts.withHeader("Version", null).get("/contacts/" + id);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().path("statusCode").asInt()).isEqualTo(400);
        assertThat(missing.body().path("message").asText()).contains("Version");
        assertThat(calendars.get("/contacts/" + id).status()).as("the calendars version on contacts").isEqualTo(400);
        assertThat(contacts.get("/calendars/events/appointments/x").status()).as("the contacts version on calendars").isEqualTo(400);
        assertThat(calendars.get("/calendars/events/appointments/x").status()).isEqualTo(404);
        assertThat(missing.header("X-RateLimit-Remaining")).as("rate-limit headers on errors too").isNotNull();
    }

    @Test
    void createNeedsALocationAndRefusesDuplicates() {
        Map<String, Object> noLocation = contact("a@example.it", null);
        noLocation.remove("locationId");
        SaasHttp.Response refused = contacts.post("/contacts/", noLocation);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().path("message").isArray()).isTrue();
        assertThat(refused.body().path("message").toString()).contains("locationId");

        SaasHttp.Response created = contacts.post("/contacts/", contact("giulia@example.it", "+393331112233"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("contact").path("locationId").asText()).isEqualTo(ghl.locationId());
        SaasHttp.Response duplicate = contacts.post("/contacts/", contact("GIULIA@example.it", null));
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.body().path("meta").path("contactId").asText())
                .isEqualTo(created.body().path("contact").path("id").asText());
        assertThat(duplicate.body().path("meta").path("matchingField").asText()).isEqualTo("email");
        assertThat(contacts.post("/contacts/", contact("x@example.it", "+39 333 111 2233")).status()).isEqualTo(400);

        Map<String, Object> otherLocation = contact("b@example.it", null);
        otherLocation.put("locationId", "SomeOtherLocation");
        assertThat(contacts.post("/contacts/", otherLocation).status()).isEqualTo(403);
        assertThat(contacts.post("/contacts/", Map.of("locationId", ghl.locationId(), "email", "not-an-email")).status())
                .isEqualTo(422);
        assertThat(ghl.contacts()).hasSize(1);
    }

    @Test
    void upsertUpdatesTheContactWithTheSameEmailOrPhoneAndCreatesOtherwise() {
        SaasHttp.Response first = contacts.post("/contacts/upsert", contact("giulia@example.it", "+393331112233"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("new").asBoolean()).isTrue();
        assertThat(first.body().path("traceId").asText()).isNotEmpty();
        String id = first.body().path("contact").path("id").asText();

        Map<String, Object> sameEmail = contact("Giulia@Example.IT", null);
        sameEmail.put("lastName", "Bianchi");
        SaasHttp.Response byEmail = contacts.post("/contacts/upsert", sameEmail);
        assertThat(byEmail.body().path("new").asBoolean()).isFalse();
        assertThat(byEmail.body().path("contact").path("id").asText()).isEqualTo(id);
        assertThat(byEmail.body().path("contact").path("lastName").asText()).isEqualTo("Bianchi");

        SaasHttp.Response byPhone = contacts.post("/contacts/upsert", contact("other@example.it", "+393331112233"));
        assertThat(byPhone.body().path("new").asBoolean()).isFalse();
        assertThat(byPhone.body().path("contact").path("id").asText()).isEqualTo(id);

        SaasHttp.Response fresh = contacts.post("/contacts/upsert", contact("marco@example.it", "+393339998877"));
        assertThat(fresh.body().path("new").asBoolean()).isTrue();
        assertThat(ghl.contacts()).hasSize(2);
        assertThat(ghl.contact(id).email()).isEqualTo("other@example.it");
        assertThat(ghl.contact(id).lastName()).as("the last upsert's fields win").isEqualTo("Rossi");
    }

    @Test
    void withDuplicatesAllowedUpsertStillFindsAContactAfterTheFirstOfTwoIsDeleted() {
        ghl.allowDuplicateContacts(ghl.locationId(), true);
        String first = contacts.post("/contacts/", contact("same@example.it", null)).body().path("contact").path("id").asText();
        SaasHttp.Response second = contacts.post("/contacts/", contact("same@example.it", null));
        assertThat(second.status()).isEqualTo(201);
        contacts.delete("/contacts/" + first);
        SaasHttp.Response upsert = contacts.post("/contacts/upsert", contact("same@example.it", null));
        assertThat(upsert.body().path("new").asBoolean()).isFalse();
        assertThat(upsert.body().path("contact").path("id").asText()).isEqualTo(second.body().path("contact").path("id").asText());
    }

    @Test
    void contactsAreReadUpdatedWithCustomFieldsAndDeleted() {
        String fiscalCode = ghl.addCustomField("codice_fiscale", "Codice fiscale");
        Map<String, Object> body = contact("giulia@example.it", null);
        body.put("customFields", List.of(Map.of("key", "codice_fiscale", "field_value", "RSSGLI80A41F205X"),
                Map.of("key", "unknown_field", "field_value", "x")));
        String id = contacts.post("/contacts/", body).body().path("contact").path("id").asText();
        JsonNode read = contacts.get("/contacts/" + id).body().path("contact");
        assertThat(read.path("customFields").get(0).path("id").asText()).isEqualTo(fiscalCode);
        assertThat(read.path("customFields").get(0).path("value").asText()).isEqualTo("RSSGLI80A41F205X");
        assertThat(ghl.ignoredCustomFields()).containsExactly("unknown_field");

        SaasHttp.Response updated = contacts.put("/contacts/" + id, Map.of("phone", "+393330000000",
                "customFields", List.of(Map.of("id", fiscalCode, "field_value", "RSSGLI80A41F205Y"))));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().path("succeded").asBoolean()).isTrue();
        assertThat(ghl.contact(id).phone()).isEqualTo("+393330000000");
        assertThat(ghl.contact(id).customField(fiscalCode)).isEqualTo("RSSGLI80A41F205Y");
        assertThat(ghl.contact(id).email()).as("fields not sent are kept").isEqualTo("giulia@example.it");

        JsonNode fields = contacts.get("/locations/" + ghl.locationId() + "/customFields").body().path("customFields");
        assertThat(fields.get(0).path("fieldKey").asText()).isEqualTo("contact.codice_fiscale");

        assertThat(contacts.delete("/contacts/" + id).body().path("succeded").asBoolean()).isTrue();
        assertThat(contacts.get("/contacts/" + id).status()).isEqualTo(404);
        assertThat(ghl.contacts()).isEmpty();
    }

    @Test
    void searchFiltersPagesAndCounts() {
        for (int i = 0; i < 25; i++) {
            clock.advance(Duration.ofSeconds(1));
            contacts.post("/contacts/", contact("p" + i + "@example.it", null));
        }
        SaasHttp.Response byEmail = contacts.post("/contacts/search", Map.of("locationId", ghl.locationId(),
                "filters", List.of(Map.of("field", "email", "operator", "eq", "value", "P7@example.it"))));
        assertThat(byEmail.status()).isEqualTo(200);
        assertThat(byEmail.body().path("total").asInt()).isEqualTo(1);
        assertThat(byEmail.body().path("contacts").get(0).path("email").asText()).isEqualTo("p7@example.it");

        List<String> seen = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            JsonNode answer = contacts.post("/contacts/search", Map.of("locationId", ghl.locationId(), "page", page,
                    "pageLimit", 10)).body();
            assertThat(answer.path("total").asInt()).isEqualTo(25);
            answer.path("contacts").forEach(found -> seen.add(found.path("email").asText()));
        }
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().startsWith("p0@example.it");

        List<String> afterCursor = new ArrayList<>();
        JsonNode searchAfter = null;
        while (true) {
            Map<String, Object> request = new LinkedHashMap<>(Map.of("locationId", ghl.locationId(), "pageLimit", 10));
            if (searchAfter != null) {
                request.put("searchAfter", searchAfter);
            }
            JsonNode found = contacts.post("/contacts/search", request).body().path("contacts");
            if (found.isEmpty()) {
                break;
            }
            found.forEach(contact -> afterCursor.add(contact.path("email").asText()));
            searchAfter = found.get(found.size() - 1).path("searchAfter");
        }
        assertThat(afterCursor).isEqualTo(seen);

        assertThat(contacts.post("/contacts/search", Map.of("query", "x")).status()).isEqualTo(422);
        assertThat(contacts.post("/contacts/search", Map.of("locationId", ghl.locationId(), "page", 101, "pageLimit", 100))
                .status()).isEqualTo(422);
    }

    @Test
    void searchAfterPagesEachContactOnceWithTheRealClock() {
        try (FakeGoHighLevel real = FakeGoHighLevel.start()) {
            SaasHttp http = new SaasHttp(real.baseUrl(), Map.of("Authorization", "Bearer " + real.accessToken(),
                    "Version", CONTACTS));
            for (int i = 0; i < 7; i++) {
                http.post("/contacts/", Map.of("locationId", real.locationId(), "email", "r" + i + "@example.it"));
            }
            List<String> seen = new ArrayList<>();
            JsonNode searchAfter = null;
            for (int round = 0; round < 10; round++) {
                Map<String, Object> request = new LinkedHashMap<>(Map.of("locationId", real.locationId(), "pageLimit", 2));
                if (searchAfter != null) {
                    request.put("searchAfter", searchAfter);
                }
                JsonNode found = http.post("/contacts/search", request).body().path("contacts");
                if (found.isEmpty()) {
                    break;
                }
                found.forEach(contact -> seen.add(contact.path("email").asText()));
                searchAfter = found.get(found.size() - 1).path("searchAfter");
            }
            assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        }
    }

    @Test
    void appointmentsAreValidatedCreatedReadUpdatedListedAndDeleted() {
        ghl.addCalendar("cal-igiene");
        ghl.addUser("user-rossi");
        String contactId = createdContactId();

        Map<String, Object> invalid = new LinkedHashMap<>(Map.of("locationId", ghl.locationId(), "startTime", "tomorrow",
                "appointmentStatus", "waiting", "toNotify", "no"));
        SaasHttp.Response refused = calendars.post("/calendars/events/appointments", invalid);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().path("message").isArray()).isTrue();
        assertThat(refused.body().path("message").toString()).contains("calendarId", "contactId", "startTime",
                "appointmentStatus", "toNotify");

        Map<String, Object> body = appointment(contactId, "2026-03-05T10:00:00+01:00");
        body.put("assignedUserId", "user-rossi");
        body.put("appointmentStatus", "new");
        body.put("toNotify", false);
        SaasHttp.Response created = calendars.post("/calendars/events/appointments", body);
        assertThat(created.status()).isEqualTo(201);
        String eventId = created.body().path("id").asText();
        assertThat(created.body().path("endTime").asText()).isEqualTo("2026-03-05T10:30:00+01:00");
        GhlAppointment stored = ghl.appointment(eventId);
        assertThat(stored.calendarId()).isEqualTo("cal-igiene");
        assertThat(stored.assignedUserId()).isEqualTo("user-rossi");
        assertThat(stored.toNotify()).isFalse();

        SaasHttp.Response taken = calendars.post("/calendars/events/appointments", appointment(contactId, "2026-03-05T10:15:00+01:00"));
        assertThat(taken.status()).as("the slot is taken").isEqualTo(400);
        Map<String, Object> ignoring = appointment(contactId, "2026-03-05T10:15:00+01:00");
        ignoring.put("ignoreFreeSlotValidation", true);
        assertThat(calendars.post("/calendars/events/appointments", ignoring).status()).isEqualTo(201);

        assertThat(calendars.post("/calendars/events/appointments", appointment(contactId, "2026-01-05T10:00:00+01:00"))
                .status()).as("in the past").isEqualTo(400);
        Map<String, Object> past = appointment(contactId, "2026-01-05T10:00:00+01:00");
        past.put("ignoreDateRange", true);
        assertThat(calendars.post("/calendars/events/appointments", past).status()).isEqualTo(201);

        Map<String, Object> unknownUser = appointment(contactId, "2026-03-06T10:00:00+01:00");
        unknownUser.put("assignedUserId", "nobody");
        assertThat(calendars.post("/calendars/events/appointments", unknownUser).status()).isEqualTo(400);
        Map<String, Object> unknownCalendar = appointment(contactId, "2026-03-06T10:00:00+01:00");
        unknownCalendar.put("calendarId", "cal-missing");
        assertThat(calendars.post("/calendars/events/appointments", unknownCalendar).status()).isEqualTo(400);

        SaasHttp.Response updated = calendars.put("/calendars/events/appointments/" + eventId,
                Map.of("appointmentStatus", "showed", "ignoreDateRange", true));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().path("appointmentStatus").asText()).isEqualTo("showed");
        assertThat(calendars.get("/calendars/events/appointments/" + eventId).body().path("event").path("appointmentStatus")
                .asText()).isEqualTo("showed");

        long from = Instant.parse("2026-03-05T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2026-03-06T00:00:00Z").toEpochMilli();
        JsonNode events = calendars.get("/calendars/events?locationId=" + ghl.locationId() + "&startTime=" + from
                + "&endTime=" + to + "&calendarId=cal-igiene").body().path("events");
        assertThat(events).hasSize(2);
        assertThat(calendars.get("/calendars/events?locationId=" + ghl.locationId() + "&startTime=" + from
                + "&endTime=" + to + "&userId=user-rossi").body().path("events")).hasSize(1);
        assertThat(calendars.get("/calendars/events?locationId=" + ghl.locationId() + "&startTime=" + from
                + "&endTime=" + to).status()).isEqualTo(422);

        assertThat(calendars.delete("/calendars/events/" + eventId).body().path("succeeded").asBoolean()).isTrue();
        assertThat(calendars.get("/calendars/events/appointments/" + eventId).status()).isEqualTo(404);
        assertThat(ghl.deletedAppointments()).containsExactly(eventId);
        assertThat(ghl.appointments()).hasSize(2);
    }

    @Test
    void theBurstLimitIsCountedPerLocationWithHeadersAnd429() {
        String id = createdContactId();
        SaasHttp.Response last = null;
        for (int i = 1; i < 100; i++) {
            last = contacts.get("/contacts/" + id);
            assertThat(last.status()).isEqualTo(200);
        }
        assertThat(last.header("X-RateLimit-Max")).isEqualTo("100");
        assertThat(last.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(last.header("X-RateLimit-Interval-Milliseconds")).isEqualTo("10000");
        assertThat(last.header("X-RateLimit-Limit-Daily")).isEqualTo("200000");
        assertThat(last.header("X-RateLimit-Daily-Remaining")).isEqualTo("199900");
        assertThat(ghl.violations()).isZero();

        SaasHttp.Response limited = contacts.get("/contacts/" + id);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("10");
        assertThat(limited.body().path("statusCode").asInt()).isEqualTo(429);
        assertThat(ghl.violations()).isEqualTo(1);

        ghl.registerToken("other-location-token", "OtherLocation0000001");
        SaasHttp other = contacts.withHeader("Authorization", "Bearer other-location-token");
        assertThat(other.get("/contacts/" + id).status()).as("another location has its own window").isEqualTo(404);

        clock.advance(Duration.ofSeconds(10));
        assertThat(contacts.get("/contacts/" + id).status()).isEqualTo(200);
        assertThat(ghl.requestCount("GET", "/contacts/{contactId}")).isEqualTo(102);
    }

    @Test
    void refreshTokensRotateAndAUsedOneIsRefused() {
        SaasHttp oauth = new SaasHttp(ghl.baseUrl(), Map.of());
        Map<String, String> form = new LinkedHashMap<>(Map.of("client_id", ghl.clientId(), "client_secret", ghl.clientSecret(),
                "grant_type", "refresh_token", "refresh_token", ghl.refreshToken()));
        SaasHttp.Response first = oauth.postForm("/oauth/token", form);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("expires_in").asLong()).isEqualTo(86399);
        assertThat(first.body().path("token_type").asText()).isEqualTo("Bearer");
        String newAccess = first.body().path("access_token").asText();
        String newRefresh = first.body().path("refresh_token").asText();
        assertThat(newRefresh).isNotEqualTo(ghl.refreshToken());

        SaasHttp.Response reused = oauth.postForm("/oauth/token", form);
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.body().path("error").asText()).isEqualTo("invalid_grant");

        form.put("refresh_token", newRefresh);
        assertThat(oauth.postForm("/oauth/token", form).status()).isEqualTo(200);
        assertThat(contacts.withHeader("Authorization", "Bearer " + newAccess)
                .post("/contacts/upsert", contact("a@example.it", null)).status()).isEqualTo(200);

        form.put("client_secret", "wrong");
        assertThat(oauth.postForm("/oauth/token", form).status()).isEqualTo(401);
        String code = ghl.issueAuthorizationCode(ghl.locationId());
        Map<String, String> exchange = Map.of("client_id", ghl.clientId(), "client_secret", ghl.clientSecret(),
                "grant_type", "authorization_code", "code", code);
        assertThat(oauth.postForm("/oauth/token", exchange).body().path("locationId").asText()).isEqualTo(ghl.locationId());
        assertThat(oauth.postForm("/oauth/token", exchange).status()).isEqualTo(400);
        assertThat(oauth.post("/oauth/token", Map.of("grant_type", "refresh_token")).status()).isEqualTo(400);
    }

    @Test
    void injectedFaultsAnswerInTheApisShapeAndAreCountedPerRoute() {
        ghl.injectFault(Fault.serverError().on("POST", "/contacts/upsert"));
        ghl.injectFault(Fault.tooManyRequests(Duration.ofSeconds(2)).on("POST", "/contacts/upsert"));
        SaasHttp.Response failed = contacts.post("/contacts/upsert", contact("a@example.it", null));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.body().path("statusCode").asInt()).isEqualTo(500);
        SaasHttp.Response limited = contacts.post("/contacts/upsert", contact("a@example.it", null));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("2");
        assertThat(contacts.post("/contacts/upsert", contact("a@example.it", null)).status()).isEqualTo(200);
        assertThat(ghl.contacts()).hasSize(1);
        assertThat(ghl.requestCount("POST", "/contacts/upsert")).isEqualTo(3);
        assertThat(ghl.requests().get(2).body()).contains("a@example.it");
        assertThat(contacts.get("/nowhere").status()).isEqualTo(404);
        assertThat(contacts.send("PATCH", "/contacts/upsert", "{}").status()).isEqualTo(405);
    }
}
