package dev.ferry.testkit.saas.alfadocs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testkit.saas.Fault;
import dev.ferry.testkit.saas.ManualClock;
import dev.ferry.testkit.saas.RecordedRequest;
import dev.ferry.testkit.saas.SaasHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeAlfaDocsTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T09:00:00Z"));
    private FakeAlfaDocs alfa;
    private SaasHttp http;
    private String archive;

    @BeforeEach
    void start() {
        alfa = FakeAlfaDocs.start(0, clock);
        http = new SaasHttp(alfa.baseUrl(), Map.of("X-Api-Key", alfa.apiKey()));
        archive = alfa.archivePath();
    }

    @AfterEach
    void stop() {
        alfa.close();
    }

    /** Follows {@code links.next} from the first page to the end and returns every page's body. */
    private List<JsonNode> allPages(String firstPath) {
        List<JsonNode> pages = new ArrayList<>();
        String next = firstPath;
        while (next != null) {
            SaasHttp.Response page = http.get(next);
            assertThat(page.status()).isEqualTo(200);
            pages.add(page.body());
            JsonNode link = page.body().path("links").path("next");
            next = link.isNull() ? null : link.asText();
            assertThat(pages).as("paging must stop").hasSizeLessThan(10_000);
        }
        return pages;
    }

    private static List<Long> ids(List<JsonNode> pages) {
        List<Long> ids = new ArrayList<>();
        pages.forEach(page -> page.path("results").forEach(patient -> ids.add(patient.path("id").asLong())));
        return ids;
    }

    @Test
    void meAnswersThePracticeAndArchive() {
        SaasHttp.Response me = http.get("/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().path("practiceId").asLong()).isEqualTo(alfa.practiceId());
        assertThat(me.body().path("archiveId").asLong()).isEqualTo(alfa.archiveId());
    }

    @Test
    void pagingFollowsAbsoluteNextLinksToTheLastPageAndStops() {
        alfa.generatePatients(123);
        List<JsonNode> pages = allPages(archive + "/patients");
        assertThat(pages).hasSize(3);
        assertThat(pages).allSatisfy(page -> assertThat(page.path("links").path("pages").asLong()).isEqualTo(3));
        assertThat(pages.get(0).path("links").path("next").asText())
                .isEqualTo(alfa.baseUrl() + archive + "/patients?page=2");
        assertThat(pages.get(2).path("links").path("next").isNull()).isTrue();
        assertThat(pages.get(2).path("results")).hasSize(23);
        List<Long> ids = ids(pages);
        assertThat(ids).hasSize(123).doesNotHaveDuplicates().startsWith(1L).endsWith(123L);
    }

    @Test
    void theNextLinkKeepsTheLimitAndAPagePastTheEndIsEmpty() {
        alfa.generatePatients(10);
        List<JsonNode> pages = allPages(archive + "/patients?limit=4");
        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).path("links").path("next").asText()).endsWith("/patients?limit=4&page=2");
        assertThat(ids(pages)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        SaasHttp.Response past = http.get(archive + "/patients?page=9&limit=4");
        assertThat(past.body().path("results")).isEmpty();
        assertThat(past.body().path("links").path("next").isNull()).isTrue();
        assertThat(http.get(archive + "/patients?limit=101").status()).isEqualTo(400);
    }

    @Test
    void pagingQuirksMakeTheNextLinkLoopOrNeverEnd() {
        alfa.generatePatients(5);
        alfa.setPagingQuirk(PagingQuirk.LAST_PAGE_LINKS_TO_ITSELF);
        String last = archive + "/patients?limit=2&page=3";
        assertThat(http.get(last).body().path("links").path("next").asText()).isEqualTo(alfa.baseUrl() + last);
        alfa.setPagingQuirk(PagingQuirk.NEVER_ENDS);
        SaasHttp.Response past = http.get(archive + "/patients?limit=2&page=4");
        assertThat(past.body().path("results")).isEmpty();
        assertThat(past.body().path("links").path("next").asText()).endsWith("page=5");
        assertThat(past.body().path("links").path("pages").asInt()).isEqualTo(3);
    }

    @Test
    void aDroppedConnectionGivesTheClientNoAnswer() {
        // java.net.http retries a GET once by itself when the connection closes before an answer,
        // so the fault must outlast that retry for the caller to see the failure.
        alfa.injectFault(Fault.dropConnection().on("GET", "/me").times(5));
        assertThatThrownBy(() -> http.get("/me")).isInstanceOf(java.io.UncheckedIOException.class);
        alfa.clearFaults();
        assertThat(http.get("/me").status()).isEqualTo(200);
        List<RecordedRequest> requests = alfa.requests();
        assertThat(requests.subList(0, requests.size() - 1)).isNotEmpty()
                .allSatisfy(dropped -> assertThat(dropped.status()).isZero());
        assertThat(alfa.requestCount("GET", "/me")).isEqualTo(requests.size());
    }

    @Test
    void anEmptyArchiveHasOneEmptyPage() {
        SaasHttp.Response page = http.get(archive + "/patients");
        assertThat(page.body().path("results")).isEmpty();
        assertThat(page.body().path("links").path("pages").asLong()).isEqualTo(1);
        assertThat(page.body().path("links").path("next").isNull()).isTrue();
    }

    @Test
    void hundredThousandGeneratedPatientsPageThroughCompletely() {
        alfa.generatePatients(100_000);
        List<JsonNode> pages = allPages(archive + "/patients?limit=100");
        assertThat(pages).hasSize(1000);
        List<Long> ids = ids(pages);
        assertThat(ids).hasSize(100_000);
        assertThat(new HashSet<>(ids)).hasSize(100_000);
        assertThat(alfa.patient(99_999)).isEqualTo(GeneratedPatients.patient(99_999));
    }

    @Test
    void patientsCarryTheDocumentedFieldsAndTheDirtCleaningRulesExistFor() {
        alfa.generatePatients(10);
        JsonNode patient = http.get(archive + "/patients/4").body().path("data");
        assertThat(patient.path("id").asLong()).isEqualTo(4);
        for (String field : List.of("firstName", "lastName", "email", "phoneNumbers", "gender", "street", "city", "postcode",
                "province", "dateBirth", "placeOfBirth", "italianFiscalCode", "createdAt", "lastModifiedAt")) {
            assertThat(patient.has(field)).as(field).isTrue();
        }
        assertThat(patient.path("phoneNumbers").get(0).path("prefix").asText()).isEqualTo("+39");
        assertThat(patient.path("phoneNumbers").get(0).path("number").asText()).startsWith("+39");
        assertThat(patient.path("gender").asText()).isIn("m", "f");
        assertThat(http.get(archive + "/patients/8").body().path("data").path("dateBirth").asText()).startsWith("-");
        assertThat(http.get(archive + "/patients/3").body().path("data").path("email").asText()).startsWith("  ");
        assertThat(http.get(archive + "/patients/11").status()).isEqualTo(404);
        assertThat(http.get(archive + "/patients/11").body().path("status").asText()).isEqualTo("error");
    }

    @Test
    void addedModifiedAndDeletedPatientsShowInTheListing() {
        alfa.generatePatients(3);
        AlfaDocsPatient before = alfa.patient(2);
        clock.advance(Duration.ofHours(1));
        alfa.modifyPatient(2, patient -> patient.withEmail("nuova@example.it"));
        alfa.deletePatient(1);
        AlfaDocsPatient added = alfa.addPatient(GeneratedPatients.patient(1).withFirstName("Nuovo"));
        List<JsonNode> pages = allPages(archive + "/patients");
        assertThat(ids(pages)).containsExactly(2L, 3L, added.id());
        JsonNode modified = pages.get(0).path("results").get(0);
        assertThat(modified.path("email").asText()).isEqualTo("nuova@example.it");
        assertThat(modified.path("lastModifiedAt").asText()).isNotEqualTo(before.lastModifiedAt())
                .isEqualTo("2026-03-02T11:00:00+01:00");
        assertThat(http.get(archive + "/patients/1").status()).isEqualTo(404);
    }

    @Test
    void appointmentsAreReadByDateRangeOfAtMostThirtyDays() {
        alfa.generatePatients(50);
        alfa.generateAppointments(300, LocalDate.of(2026, 3, 1), 100);
        SaasHttp.Response window = http.get(archive + "/appointments?dateStart=2026-03-01&dateEnd=2026-03-30");
        assertThat(window.status()).isEqualTo(200);
        assertThat(window.body().path("status").asText()).isEqualTo("success");
        assertThat(window.body().path("count").asInt()).isEqualTo(90).isEqualTo(window.body().path("data").size());
        JsonNode first = window.body().path("data").get(0);
        for (String field : List.of("id", "patientId", "operatorId", "carePlanId", "date", "duration", "state",
                "description", "type", "chairId", "allDay", "firstVisit", "lastModifiedAt")) {
            assertThat(first.has(field)).as(field).isTrue();
        }
        window.body().path("data").forEach(appointment ->
                assertThat(appointment.path("date").asText()).isBetween("2026-03-01", "2026-03-30T99"));

        SaasHttp.Response tooLong = http.get(archive + "/appointments?dateStart=2026-03-01&dateEnd=2026-03-31");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().path("message").asText()).contains("30 days");
        assertThat(http.get(archive + "/appointments?dateStart=2026-03-10&dateEnd=2026-03-01").status()).isEqualTo(400);
        assertThat(http.get(archive + "/appointments?dateStart=2026-02-30&dateEnd=2026-03-01").status()).isEqualTo(400);
        assertThat(http.get(archive + "/appointments?dateStart=01/03/2026&dateEnd=2026-03-05").status()).isEqualTo(400);
        assertThat(http.get(archive + "/appointments?dateStart=2026-03-01").status()).isEqualTo(400);
    }

    @Test
    void carePlansAnswerTheirSchemeCodesOr403WhenForbidden() {
        alfa.putCarePlan(AlfaDocsCarePlan.of(7, 1L, " IGI05 ", "Igiene"));
        alfa.putCarePlan(AlfaDocsCarePlan.of(8, 1L, "ORT01", "Ortodonzia"));
        alfa.forbidCarePlan(8);
        JsonNode plan = http.get(archive + "/care-plans/7").body().path("data");
        assertThat(plan.path("schemeCodes").path("general").get(0).path("code").asText()).isEqualTo(" IGI05 ");
        assertThat(plan.path("schemeCodes").path("general").get(0).path("name").asText()).isEqualTo("Igiene");
        SaasHttp.Response forbidden = http.get(archive + "/care-plans/8");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.body().path("message").asText()).isNotEmpty();
        assertThat(http.get(archive + "/care-plans/9").status()).isEqualTo(404);
    }

    @Test
    void aMissingOrWrongKeyAnswers401AndAnotherArchive403() {
        SaasHttp.Response missing = http.withHeader("X-Api-Key", null).get("/me");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body().path("status").asText()).isEqualTo("error");
        assertThat(missing.body().path("message").asText()).contains("X-Api-Key");
        assertThat(http.withHeader("X-Api-Key", "wrong").get(archive + "/patients").status()).isEqualTo(401);
        assertThat(http.get("/practices/1/archives/" + alfa.archiveId() + "/patients").status()).isEqualTo(403);
        alfa.removeApiKey(alfa.apiKey());
        assertThat(http.get("/me").status()).isEqualTo(401);
        assertThat(alfa.rateLimit().requests()).as("refused requests are not counted").isZero();
    }

    @Test
    void theDefaultRateLimitCountsViolationsWithoutRefusing() {
        for (int i = 0; i < 10; i++) {
            assertThat(http.get("/me").status()).isEqualTo(200);
        }
        assertThat(alfa.violations()).isZero();
        assertThat(http.get("/me").status()).isEqualTo(200);
        assertThat(alfa.violations()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 10; i++) {
            http.get("/me");
        }
        assertThat(alfa.violations()).isEqualTo(1);
        assertThat(alfa.rateLimit().highestCountInWindow()).isEqualTo(11);
    }

    @Test
    void anEnforcedRateLimitAnswers429WithRetryAfter() {
        alfa.setRateLimit(2, Duration.ofSeconds(5), true);
        http.get("/me");
        clock.advance(Duration.ofMillis(1500));
        http.get("/me");
        SaasHttp.Response refused = http.get("/me");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("4");
        assertThat(alfa.violations()).isEqualTo(1);
        clock.advance(Duration.ofMillis(3500));
        assertThat(http.get("/me").status()).isEqualTo(200);
    }

    @Test
    void faultsAnswerTheNextRequestsOfTheirRouteThenTheFakeRecovers() {
        alfa.generatePatients(1);
        alfa.injectFault(Fault.unavailable().on("GET", FakeAlfaDocs.patientsRoute()).times(2));
        alfa.injectFault(Fault.tooManyRequests(Duration.ofSeconds(3)).on("GET", "/me"));
        assertThat(http.get(archive + "/patients/1").status()).isEqualTo(200);
        assertThat(http.get(archive + "/patients").status()).isEqualTo(503);
        SaasHttp.Response limited = http.get("/me");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("3");
        assertThat(limited.body().path("status").asText()).isEqualTo("error");
        assertThat(http.get(archive + "/patients").status()).isEqualTo(503);
        assertThat(http.get(archive + "/patients").status()).isEqualTo(200);
        assertThat(alfa.requestCount("GET", FakeAlfaDocs.patientsRoute())).isEqualTo(3);
    }

    @Test
    void aDelayFaultAnswersNormallyButLate() {
        alfa.injectFault(Fault.delay(Duration.ofMillis(300)).on("GET", "/me"));
        long started = System.nanoTime();
        assertThat(http.get("/me").status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void everyRequestIsRecordedWithItsHeadersQueryAndTime() {
        http.get(archive + "/appointments?dateStart=2026-03-01&dateEnd=2026-03-02");
        http.get("/nowhere");
        List<RecordedRequest> requests = alfa.requests();
        assertThat(requests).hasSize(2);
        RecordedRequest first = requests.getFirst();
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.path()).isEqualTo("/api/v1" + archive + "/appointments");
        assertThat(first.query()).isEqualTo("dateStart=2026-03-01&dateEnd=2026-03-02");
        assertThat(first.header("x-api-key")).isEqualTo(alfa.apiKey());
        assertThat(first.receivedAt()).isEqualTo(clock.instant());
        assertThat(first.route()).isEqualTo("GET " + FakeAlfaDocs.appointmentsRoute());
        assertThat(requests.get(1).status()).isEqualTo(404);
        Set<String> routes = alfa.requestCounts().keySet();
        assertThat(routes).containsExactly("GET " + FakeAlfaDocs.appointmentsRoute());
    }
}
