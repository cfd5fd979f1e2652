package dev.ferry.testkit.saas.hubspot;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FakeHubSpotTest {

    private static final String SEARCH = "/crm/v3/objects/{type}/search";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T09:00:00Z"));
    private FakeHubSpot hubspot;
    private SaasHttp http;

    @BeforeEach
    void start() {
        hubspot = FakeHubSpot.start(0, clock);
        http = new SaasHttp(hubspot.baseUrl(), Map.of("Authorization", "Bearer " + hubspot.accessToken()));
    }

    @AfterEach
    void stop() {
        hubspot.close();
    }

    private static void assertHubSpotError(SaasHttp.Response response, int status, String category) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.body().path("status").asText()).isEqualTo("error");
        assertThat(response.body().path("message").asText()).isNotEmpty();
        assertThat(response.body().path("correlationId").asText()).isNotEmpty();
        assertThat(response.body().path("category").asText()).isEqualTo(category);
    }

    private static Map<String, Object> betweenSearch(String property, long from, long to, int limit, String after) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("propertyName", property);
        filter.put("operator", "BETWEEN");
        filter.put("value", Long.toString(from));
        filter.put("highValue", Long.toString(to));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filterGroups", List.of(Map.of("filters", List.of(filter))));
        body.put("sorts", List.of(Map.of("propertyName", property, "direction", "ASCENDING")));
        body.put("limit", limit);
        if (after != null) {
            body.put("after", after);
        }
        return body;
    }

    private static List<Map<String, Object>> inputs(int count, java.util.function.IntFunction<Map<String, Object>> input) {
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inputs.add(input.apply(i));
        }
        return inputs;
    }

    @Test
    void theListPagesToTheEndByAfterAndAbsoluteLinksWithTheRateLimitHeaders() {
        hubspot.generate("contacts", 25);
        Set<String> ids = new HashSet<>();
        String url = "/crm/v3/objects/contacts?limit=10&properties=email,firstname";
        int pages = 0;
        while (url != null) {
            SaasHttp.Response page = http.get(url);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("X-HubSpot-RateLimit-Max")).isEqualTo("110");
            assertThat(page.header("X-HubSpot-RateLimit-Interval-Milliseconds")).isEqualTo("10000");
            assertThat(page.header("X-HubSpot-RateLimit-Daily")).isEqualTo("250000");
            assertThat(page.header("X-HubSpot-RateLimit-Daily-Remaining")).isNotNull();
            for (JsonNode result : page.body().path("results")) {
                assertThat(ids.add(result.path("id").asText())).isTrue();
                assertThat(result.path("properties").path("email").asText()).endsWith("@example.com");
                assertThat(result.path("properties").has("lastmodifieddate")).isTrue();
                assertThat(result.path("archived").asBoolean()).isFalse();
                assertThat(result.path("updatedAt").asText()).endsWith("Z");
            }
            JsonNode next = page.body().path("paging").path("next");
            if (!next.isMissingNode()) {
                assertThat(next.path("link").asText()).startsWith(hubspot.baseUrl()).contains("after=" + next.path("after").asText());
            }
            url = next.isMissingNode() ? null : next.path("link").asText();
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(ids).hasSize(25);
        assertThat(hubspot.requestCount("GET", "/crm/v3/objects/{type}")).isEqualTo(3);
        assertThat(http.get("/crm/v3/objects/contacts?limit=100").body().path("results")).hasSize(25);
        JsonNode repeated = http.get("/crm/v3/objects/contacts?limit=1&properties=email&properties=lastname").body()
                .path("results").get(0).path("properties");
        assertThat(repeated.has("email")).isTrue();
        assertThat(repeated.has("lastname")).isTrue();
        assertThat(repeated.has("firstname")).as("only the properties asked for, with the system ones").isFalse();
        assertHubSpotError(http.get("/crm/v3/objects/contacts?limit=101"), 400, "VALIDATION_ERROR");
        assertHubSpotError(http.get("/crm/v3/objects/widgets"), 400, "VALIDATION_ERROR");
    }

    @Test
    void modifyingAnObjectMovesUpdatedAtAndTheLastModifiedProperty() {
        HubSpotObject deal = hubspot.generate("deals", 1).getFirst();
        clock.advance(Duration.ofMinutes(5));
        HubSpotObject changed = hubspot.modify("deals", deal.id(), Map.of("amount", "999"));
        assertThat(changed.updatedAt()).isEqualTo(deal.updatedAt().plus(Duration.ofMinutes(5)));
        assertThat(changed.createdAt()).isEqualTo(deal.createdAt());
        JsonNode read = http.get("/crm/v3/objects/deals/" + deal.id() + "?properties=amount").body();
        assertThat(read.path("properties").path("amount").asText()).isEqualTo("999");
        assertThat(read.path("properties").path("hs_lastmodifieddate").asText()).isEqualTo("2026-03-02T09:05:00.000Z");
        assertThat(read.path("updatedAt").asText()).isEqualTo("2026-03-02T09:05:00.000Z");
        assertHubSpotError(http.get("/crm/v3/objects/deals/424242"), 404, "OBJECT_NOT_FOUND");
    }

    @Test
    void searchFindsAWindowOfChangesByBetweenOnTheLastModifiedDate() {
        List<HubSpotObject> deals = hubspot.generate("deals", 30);
        clock.advance(Duration.ofMinutes(20));
        hubspot.modify("deals", deals.get(3).id(), Map.of("amount", "5"));
        long windowStart = clock.instant().minusSeconds(60).toEpochMilli();
        long windowEnd = clock.instant().toEpochMilli();
        SaasHttp.Response changed = http.post("/crm/v3/objects/deals/search",
                betweenSearch("hs_lastmodifieddate", windowStart, windowEnd, 100, null));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().path("total").asInt()).isEqualTo(1);
        assertThat(changed.body().path("results").get(0).path("id").asText()).isEqualTo(deals.get(3).id());
        assertThat(changed.header("X-HubSpot-RateLimit-Max")).as("search answers without rate-limit headers").isNull();

        long earlier = deals.get(10).updatedAt().toEpochMilli();
        long later = deals.get(19).updatedAt().toEpochMilli();
        JsonNode window = http.post("/crm/v3/objects/deals/search", betweenSearch("hs_lastmodifieddate", earlier, later, 5, null)).body();
        assertThat(window.path("total").asInt()).as("both ends included").isEqualTo(10);
        assertThat(window.path("results").get(0).path("id").asText()).isEqualTo(deals.get(10).id());
        assertThat(window.path("paging").path("next").path("after").asText()).isEqualTo("5");

        hubspot.generate("contacts", 3);
        JsonNode contacts = http.post("/crm/v3/objects/contacts/search",
                betweenSearch("lastmodifieddate", windowStart, windowEnd, 10, null)).body();
        assertThat(contacts.path("total").asInt()).isEqualTo(3);

        Map<String, Object> gt = Map.of("filterGroups", List.of(Map.of("filters", List.of(
                Map.of("propertyName", "amount", "operator", "GTE", "value", "125")))), "limit", 200);
        assertThat(http.post("/crm/v3/objects/deals/search", gt).body().path("total").asInt()).isEqualTo(5);
        Map<String, Object> eitherGroup = Map.of("filterGroups", List.of(
                Map.of("filters", List.of(Map.of("propertyName", "amount", "operator", "LT", "value", "101"))),
                Map.of("filters", List.of(Map.of("propertyName", "amount", "operator", "EQ", "value", "129")))));
        assertThat(http.post("/crm/v3/objects/deals/search", eitherGroup).body().path("total").asInt()).as("groups are ORed").isEqualTo(3);
    }

    @Test
    void searchRefusesMoreGroupsFiltersSortsOrResultsThanDocumented() {
        Map<String, Object> filter = Map.of("propertyName", "amount", "operator", "GT", "value", "1");
        List<Object> sixGroups = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sixGroups.add(Map.of("filters", List.of(filter)));
        }
        assertHubSpotError(http.post("/crm/v3/objects/deals/search", Map.of("filterGroups", sixGroups)), 400, "VALIDATION_ERROR");
        assertHubSpotError(http.post("/crm/v3/objects/deals/search", Map.of("filterGroups",
                List.of(Map.of("filters", List.of(filter, filter, filter, filter, filter, filter, filter))))), 400, "VALIDATION_ERROR");
        List<Object> fourGroupsOfFive = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fourGroupsOfFive.add(Map.of("filters", List.of(filter, filter, filter, filter, filter)));
        }
        assertHubSpotError(http.post("/crm/v3/objects/deals/search", Map.of("filterGroups", fourGroupsOfFive)),
                400, "VALIDATION_ERROR");
        List<Object> threeGroupsOfSix = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            threeGroupsOfSix.add(Map.of("filters", List.of(filter, filter, filter, filter, filter, filter)));
        }
        assertThat(http.post("/crm/v3/objects/deals/search", Map.of("filterGroups", threeGroupsOfSix)).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertHubSpotError(http.post("/crm/v3/objects/deals/search", Map.of("sorts", List.of("amount", "dealname"))),
                400, "VALIDATION_ERROR");
        assertHubSpotError(http.post("/crm/v3/objects/deals/search", Map.of("limit", 201)), 400, "VALIDATION_ERROR");
        assertThat(http.post("/crm/v3/objects/deals/search", Map.of("limit", 200)).status()).isEqualTo(200);
    }

    @Test
    void searchPagesThroughTenThousandResultsAndAnswers400Beyond() {
        hubspot.generate("contacts", 10_050);
        long from = clock.instant().minusSeconds(3600).toEpochMilli();
        long to = clock.instant().toEpochMilli();
        String after = null;
        int read = 0;
        int requests = 0;
        SaasHttp.Response page;
        do {
            if (++requests % 5 == 0) {
                clock.advance(Duration.ofSeconds(1));
            }
            page = http.post("/crm/v3/objects/contacts/search", betweenSearch("lastmodifieddate", from, to, 200, after));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().path("total").asInt()).isEqualTo(10_050);
            read += page.body().path("results").size();
            after = page.body().path("paging").path("next").path("after").asText(null);
        } while (after != null && read < 10_000);
        assertThat(read).isEqualTo(10_000);
        assertThat(after).isEqualTo("10000");
        clock.advance(Duration.ofSeconds(1));
        SaasHttp.Response beyond = http.post("/crm/v3/objects/contacts/search", betweenSearch("lastmodifieddate", from, to, 200, after));
        assertHubSpotError(beyond, 400, "VALIDATION_ERROR");
        assertThat(hubspot.violations()).isZero();
        assertThat(hubspot.requestCount("POST", SEARCH)).isEqualTo(51);
    }

    @Test
    void searchAllowsFiveRequestsPerSecondAndRecordsTheSixth() {
        for (int i = 0; i < 5; i++) {
            assertThat(http.post("/crm/v3/objects/deals/search", Map.of()).status()).isEqualTo(200);
        }
        SaasHttp.Response refused = http.post("/crm/v3/objects/deals/search", Map.of());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body().path("status").asText()).isEqualTo("error");
        assertThat(refused.body().path("errorType").asText()).isEqualTo("RATE_LIMIT");
        assertThat(refused.body().path("policyName").asText()).isEqualTo("SECONDLY");
        assertThat(refused.body().path("correlationId").asText()).isNotEmpty();
        assertThat(refused.header("X-HubSpot-RateLimit-Remaining")).isNull();
        assertThat(hubspot.violations()).isEqualTo(1);
        assertThat(http.get("/crm/v3/objects/deals").status()).as("other routes have their own limit").isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(http.post("/crm/v3/objects/deals/search", Map.of()).status()).isEqualTo(200);
        assertThat(hubspot.searchLimit().violations()).isEqualTo(1);
    }

    @Test
    void batchesTakeAtMostOneHundredInputsAndAnswerInTheBatchShape() {
        SaasHttp.Response tooMany = http.post("/crm/v3/objects/contacts/batch/create", Map.of("inputs",
                inputs(101, i -> Map.of("properties", Map.of("email", "new" + i + "@example.com")))));
        assertHubSpotError(tooMany, 400, "VALIDATION_ERROR");
        assertThat(tooMany.body().path("errors").get(0).path("context").path("inputs").get(0).asText()).isEqualTo("101");
        assertThat(hubspot.objects("contacts")).isEmpty();

        SaasHttp.Response created = http.post("/crm/v3/objects/contacts/batch/create", Map.of("inputs",
                inputs(100, i -> Map.of("properties", Map.of("email", "new" + i + "@example.com", "firstname", "N")))));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("status").asText()).isEqualTo("COMPLETE");
        assertThat(created.body().path("results")).hasSize(100);
        assertThat(created.body().path("startedAt").asText()).isNotEmpty();
        assertThat(created.body().path("completedAt").asText()).isNotEmpty();
        String firstId = created.body().path("results").get(0).path("id").asText();

        SaasHttp.Response duplicate = http.post("/crm/v3/objects/contacts/batch/create", Map.of("inputs",
                List.of(Map.of("properties", Map.of("email", "NEW0@example.com")))));
        assertHubSpotError(duplicate, 409, "CONFLICT");
        assertThat(duplicate.body().path("message").asText()).contains(firstId);

        SaasHttp.Response read = http.post("/crm/v3/objects/contacts/batch/read", Map.of("properties", List.of("email"),
                "inputs", List.of(Map.of("id", firstId), Map.of("id", "999999"))));
        assertThat(read.status()).isEqualTo(207);
        assertThat(read.body().path("results")).hasSize(1);
        assertThat(read.body().path("numErrors").asInt()).isEqualTo(1);
        assertThat(read.body().path("errors").get(0).path("context").path("ids").get(0).asText()).isEqualTo("999999");

        SaasHttp.Response updated = http.post("/crm/v3/objects/contacts/batch/update", Map.of("inputs",
                List.of(Map.of("id", firstId, "properties", Map.of("firstname", "Giulia")))));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(hubspot.object("contacts", firstId).property("firstname")).isEqualTo("Giulia");

        SaasHttp.Response archived = http.post("/crm/v3/objects/contacts/batch/archive", Map.of("inputs", List.of(Map.of("id", firstId))));
        assertThat(archived.status()).isEqualTo(204);
        assertThat(hubspot.object("contacts", firstId).archived()).isTrue();
        assertThat(http.get("/crm/v3/objects/contacts?limit=100").body().path("results")).hasSize(99);
        assertThat(http.get("/crm/v3/objects/contacts?archived=true").body().path("results")).hasSize(1);
    }

    @Test
    void upsertMatchesOnAUniquePropertyAndSaysWhichObjectsAreNew() {
        hubspot.addUniqueProperty("companies", "external_id");
        HubSpotObject existing = hubspot.putObject("companies", Map.of("name", "Old name", "external_id", "ext-1"));
        SaasHttp.Response upsert = http.post("/crm/v3/objects/companies/batch/upsert", Map.of("inputs", List.of(
                Map.of("id", "ext-1", "idProperty", "external_id", "properties", Map.of("name", "New name")),
                Map.of("id", "ext-2", "idProperty", "external_id", "properties", Map.of("name", "Second")))));
        assertThat(upsert.status()).isEqualTo(200);
        JsonNode results = upsert.body().path("results");
        assertThat(results.get(0).path("id").asText()).isEqualTo(existing.id());
        assertThat(results.get(0).path("new").asBoolean()).isFalse();
        assertThat(results.get(1).path("new").asBoolean()).isTrue();
        assertThat(hubspot.object("companies", existing.id()).property("name")).isEqualTo("New name");
        assertThat(hubspot.object("companies", results.get(1).path("id").asText()).property("external_id")).isEqualTo("ext-2");

        SaasHttp.Response byEmail = http.post("/crm/v3/objects/contacts/batch/upsert", Map.of("inputs", List.of(
                Map.of("id", "anna@example.com", "idProperty", "email", "properties", Map.of("firstname", "Anna")))));
        assertThat(byEmail.status()).isEqualTo(200);
        assertThat(hubspot.objects("contacts").getFirst().property("email")).isEqualTo("anna@example.com");

        assertHubSpotError(http.post("/crm/v3/objects/companies/batch/upsert", Map.of("inputs", List.of(
                Map.of("id", "x", "idProperty", "name", "properties", Map.of())))), 400, "VALIDATION_ERROR");
        assertHubSpotError(http.post("/crm/v3/objects/companies/batch/upsert", Map.of("inputs",
                inputs(101, i -> Map.of("id", "e" + i, "idProperty", "external_id", "properties", Map.of())))), 400, "VALIDATION_ERROR");
    }

    @Test
    void oneHundredTenRequestsPerTenSecondsThenA429InTheDocumentedShape() {
        for (int i = 0; i < 110; i++) {
            SaasHttp.Response ok = http.get("/crm/v3/objects/deals?limit=1");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("X-HubSpot-RateLimit-Remaining")).isEqualTo(Integer.toString(109 - i));
        }
        SaasHttp.Response refused = http.get("/crm/v3/objects/deals?limit=1");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body().path("errorType").asText()).isEqualTo("RATE_LIMIT");
        assertThat(refused.body().path("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
        assertThat(refused.header("X-HubSpot-RateLimit-Remaining")).isEqualTo("0");
        assertThat(hubspot.violations()).isEqualTo(1);
        assertThat(hubspot.burstLimit().violationLog().getFirst().countInWindow()).isEqualTo(111);
        clock.advance(Duration.ofSeconds(10));
        assertThat(http.get("/crm/v3/objects/deals?limit=1").status()).isEqualTo(200);

        hubspot.setRateLimits(2, Duration.ofSeconds(10), 1000, 5, false);
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/crm/v3/objects/deals").status()).as("not enforced: served").isEqualTo(200);
        }
        assertThat(hubspot.violations()).isEqualTo(1);
    }

    @Test
    void accessTokensExpireAfterThirtyMinutesAndRefreshKeepsTheRefreshToken() {
        assertHubSpotError(new SaasHttp(hubspot.baseUrl(), Map.of()).get("/crm/v3/objects/deals"), 401, "INVALID_AUTHENTICATION");
        clock.advance(Duration.ofMinutes(29));
        assertThat(http.get("/crm/v3/objects/deals").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        assertHubSpotError(http.get("/crm/v3/objects/deals"), 401, "EXPIRED_AUTHENTICATION");

        SaasHttp oauth = new SaasHttp(hubspot.baseUrl(), Map.of());
        Map<String, String> refresh = Map.of("grant_type", "refresh_token", "client_id", hubspot.clientId(),
                "client_secret", hubspot.clientSecret(), "refresh_token", hubspot.refreshToken());
        SaasHttp.Response refreshed = oauth.postForm("/oauth/v3/token", refresh);
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.body().path("token_type").asText()).isEqualTo("bearer");
        assertThat(refreshed.body().path("expires_in").asInt()).isEqualTo(1800);
        assertThat(refreshed.body().path("refresh_token").asText()).isEqualTo(hubspot.refreshToken());
        String access = refreshed.body().path("access_token").asText();
        assertThat(http.withHeader("Authorization", "Bearer " + access).get("/crm/v3/objects/deals").status()).isEqualTo(200);
        assertThat(oauth.postForm("/oauth/v3/token", refresh).status()).as("the same refresh token again").isEqualTo(200);

        hubspot.expireToken(access);
        assertHubSpotError(http.withHeader("Authorization", "Bearer " + access).get("/crm/v3/objects/deals"),
                401, "EXPIRED_AUTHENTICATION");

        Map<String, String> bad = new LinkedHashMap<>(refresh);
        bad.put("refresh_token", "nope");
        SaasHttp.Response refused = oauth.postForm("/oauth/v3/token", bad);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(refused.body().path("status").asText()).isEqualTo("BAD_REFRESH_TOKEN");

        SaasHttp.Response code = oauth.postForm("/oauth/v3/token", Map.of("grant_type", "authorization_code",
                "client_id", hubspot.clientId(), "client_secret", hubspot.clientSecret(),
                "redirect_uri", "http://localhost/callback", "code", hubspot.issueAuthorizationCode()));
        assertThat(code.status()).isEqualTo(200);
        assertThat(code.body().path("refresh_token").asText()).isNotEqualTo(hubspot.refreshToken());
    }

    @Test
    void withRotationOnEachRefreshAnswersANewRefreshTokenAndRefusesTheUsedOne() {
        hubspot.setRotatingRefreshTokens(true);
        SaasHttp oauth = new SaasHttp(hubspot.baseUrl(), Map.of());
        Map<String, String> refresh = new LinkedHashMap<>(Map.of("grant_type", "refresh_token", "client_id", hubspot.clientId(),
                "client_secret", hubspot.clientSecret(), "refresh_token", hubspot.refreshToken()));
        SaasHttp.Response first = oauth.postForm("/oauth/v3/token", refresh);
        assertThat(first.status()).isEqualTo(200);
        String rotated = first.body().path("refresh_token").asText();
        assertThat(rotated).isNotEqualTo(hubspot.refreshToken());
        SaasHttp.Response reused = oauth.postForm("/oauth/v3/token", refresh);
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.body().path("status").asText()).isEqualTo("BAD_REFRESH_TOKEN");
        refresh.put("refresh_token", rotated);
        assertThat(oauth.postForm("/oauth/v3/token", refresh).status()).isEqualTo(200);
    }

    @Test
    void anInjected429HasHubSpotsShapeWhenTheTestGivesIt() {
        hubspot.injectFault(Fault.status(429).on("GET", "/crm/v3/objects/{type}").withBody(
                "{\"status\":\"error\",\"message\":\"You have reached your daily limit.\",\"errorType\":\"RATE_LIMIT\","
                        + "\"correlationId\":\"c\",\"policyName\":\"DAILY\"}"));
        SaasHttp.Response refused = http.get("/crm/v3/objects/contacts");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body().path("policyName").asText()).isEqualTo("DAILY");
        assertThat(http.get("/crm/v3/objects/contacts").status()).isEqualTo(200);
        assertThat(hubspot.requestCounts()).containsEntry("GET /crm/v3/objects/{type}", 2L);
    }
}
