package dev.ferry.testkit.saas.powerbi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testkit.saas.ManualClock;
import dev.ferry.testkit.saas.SaasHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FakePowerBiTest {

    private static final String QUERIES = "/v1.0/myorg/datasets/sales/executeQueries";
    private static final String PUSH = "/v1.0/myorg/datasets/live/tables/Events/rows";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T09:00:00Z"));
    private FakePowerBi powerBi;
    private SaasHttp http;

    @BeforeEach
    void start() {
        powerBi = FakePowerBi.start(0, clock);
        powerBi.addDataset(null, "sales");
        powerBi.addDataset("group-1", "grouped");
        powerBi.addPushDataset(null, "live", "Events");
        http = new SaasHttp(powerBi.baseUrl(), Map.of("Authorization", "Bearer " + powerBi.accessToken()));
    }

    @AfterEach
    void stop() {
        powerBi.close();
    }

    private static Map<String, Object> query(String dax, boolean includeNulls) {
        return Map.of("queries", List.of(Map.of("query", dax)), "serializerSettings", Map.of("includeNulls", includeNulls));
    }

    private static JsonNode table(SaasHttp.Response response) {
        assertThat(response.status()).isEqualTo(200);
        return response.body().path("results").get(0).path("tables").get(0);
    }

    private static List<Map<String, Object>> rows(int count, int firstId) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(Map.of("Id", firstId + i, "Kind", "click"));
        }
        return rows;
    }

    private static void assertPowerBiError(SaasHttp.Response response, int status, String code) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.body().path("error").path("code").asText()).isEqualTo(code);
    }

    @Test
    void aTableIsAnsweredWithQualifiedColumnsInMyWorkspaceOrItsGroup() {
        powerBi.generateTable("sales", "Sales", 5);
        JsonNode table = table(http.post(QUERIES, query("EVALUATE 'Sales'", true)));
        assertThat(table.path("rows")).hasSize(5);
        assertThat(table.path("rows").get(0).path("Sales[Id]").asInt()).isEqualTo(1);
        assertThat(table.path("rows").get(0).path("Sales[Name]").asText()).isEqualTo("Row 1");
        assertThat(table.has("error")).isFalse();

        powerBi.generateTable("grouped", "Sales", 2);
        assertThat(table(http.post("/v1.0/myorg/groups/group-1/datasets/grouped/executeQueries",
                query("EVALUATE Sales", true))).path("rows")).hasSize(2);
        assertThat(table(http.post("/v1.0/myorg/datasets/grouped/executeQueries", query("EVALUATE Sales", true)))
                .path("rows")).hasSize(2);
        assertPowerBiError(http.post("/v1.0/myorg/groups/other/datasets/grouped/executeQueries", query("EVALUATE Sales", true)),
                404, "ItemNotFound");
        assertPowerBiError(http.post("/v1.0/myorg/datasets/nope/executeQueries", query("EVALUATE Sales", true)),
                404, "ItemNotFound");
        assertThat(powerBi.requestCount("POST", "/v1.0/myorg/datasets/{datasetId}/executeQueries")).isEqualTo(3);
    }

    @Test
    void topnAndFilterReadAWindowAndRegisteredAnswersKeepOrDropNulls() {
        powerBi.generateTable("sales", "Sales", 50);
        JsonNode top = table(http.post(QUERIES, query("EVALUATE TOPN(10, 'Sales')", true)));
        assertThat(top.path("rows")).hasSize(10);
        JsonNode window = table(http.post(QUERIES, query(
                "EVALUATE TOPN(5, FILTER('Sales', 'Sales'[ModifiedAt] > \"2026-01-01T00:00:40Z\"))", true)));
        assertThat(window.path("rows")).hasSize(5);
        assertThat(window.path("rows").get(0).path("Sales[Id]").asInt()).isEqualTo(41);
        JsonNode byNumber = table(http.post(QUERIES, query("EVALUATE FILTER(Sales, Sales[Id] >= 48)", true)));
        assertThat(byNumber.path("rows")).hasSize(3);

        Map<String, Object> withNull = new HashMap<>();
        withNull.put("[Total]", 12.5);
        withNull.put("[Region]", null);
        String dax = "DEFINE VAR x = 1\nEVALUATE ROW(\"Total\", SUM(Sales[Amount]), \"Region\", BLANK())";
        powerBi.answerQuery("sales", dax, List.of(withNull));
        JsonNode kept = table(http.post(QUERIES, query(dax.replace("\n", "  "), true)));
        assertThat(kept.path("rows").get(0).has("[Region]")).isTrue();
        assertThat(kept.path("rows").get(0).path("[Total]").asDouble()).isEqualTo(12.5);
        JsonNode dropped = table(http.post(QUERIES, Map.of("queries", List.of(Map.of("query", dax)))));
        assertThat(dropped.path("rows").get(0).has("[Region]")).isFalse();
    }

    @Test
    void daxTheFakeCannotAnswerAndMoreThanOneQueryAnswer400() {
        SaasHttp.Response unknownTable = http.post(QUERIES, query("EVALUATE 'Nope'", true));
        assertPowerBiError(unknownTable, 400, "DatasetExecuteQueriesError");
        assertThat(unknownTable.body().path("error").path("pbi.error").path("details").get(0).path("detail").path("value").asText())
                .contains("Nope");
        assertPowerBiError(http.post(QUERIES, query("EVALUATE SUMMARIZECOLUMNS('Sales'[Name])", true)),
                400, "DatasetExecuteQueriesError");
        assertPowerBiError(http.post(QUERIES, Map.of("queries", List.of(Map.of("query", "EVALUATE Sales"),
                Map.of("query", "EVALUATE Sales")))), 400, "InvalidRequest");
        assertPowerBiError(http.post(QUERIES, Map.of("queries", List.of())), 400, "InvalidRequest");
    }

    @Test
    void aQueryForTwoTablesAnswersTheFirstWithAnError() {
        powerBi.generateTable("sales", "Sales", 3);
        powerBi.generateTable("sales", "Other", 7);
        SaasHttp.Response response = http.post(QUERIES, query("EVALUATE 'Sales' EVALUATE 'Other'", true));
        JsonNode result = response.body().path("results").get(0);
        assertThat(table(response).path("rows")).hasSize(3);
        assertThat(result.path("tables")).hasSize(1);
        assertThat(result.path("error").path("message").asText()).isEqualTo("More than one result table in a query");
    }

    @Test
    void overOneHundredThousandRowsTheAnswerIsCutWithHttp200AndSaysSo() {
        powerBi.generateTable("sales", "Sales", 100_001);
        JsonNode cut = table(http.post(QUERIES, query("EVALUATE 'Sales'", true)));
        assertThat(cut.path("rows")).hasSize(100_000);
        assertThat(cut.path("error").path("code").asText()).isEqualTo(QueryRoute.ROW_LIMIT_CODE);
        assertThat(cut.path("error").path("message").asText()).isEqualTo("More than 100000 rows in a query result");
        JsonNode whole = table(http.post(QUERIES, query("EVALUATE TOPN(100000, 'Sales')", true)));
        assertThat(whole.path("rows")).hasSize(100_000);
        assertThat(whole.has("error")).as("exactly at the limit nothing is cut").isFalse();
    }

    @Test
    void theValuesLimitCutsWideAnswersSooner() {
        powerBi.setLimits(1_000, 1_000, 120, 10_000, 120, 1_000_000);
        List<Map<String, Object>> wide = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int column = 0; column < 20; column++) {
                row.put("Wide[C" + column + "]", i);
            }
            wide.add(row);
        }
        powerBi.answerQuery("sales", "EVALUATE Wide", wide);
        JsonNode cut = table(http.post(QUERIES, query("EVALUATE Wide", true)));
        assertThat(cut.path("rows")).as("1,000 values / 20 columns").hasSize(50);
        assertThat(cut.path("error").path("message").asText()).isEqualTo("More than 50 rows in a query result");
    }

    @Test
    void oneHundredTwentyQueriesPerMinutePerUserThen429WithRetryAfter() {
        powerBi.generateTable("sales", "Sales", 1);
        for (int i = 0; i < 120; i++) {
            assertThat(http.post(QUERIES, query("EVALUATE Sales", true)).status()).isEqualTo(200);
            if (i == 59) {
                clock.advance(Duration.ofSeconds(30));
            }
        }
        SaasHttp.Response refused = http.post(QUERIES, query("EVALUATE Sales", true));
        assertPowerBiError(refused, 429, "TooManyRequests");
        assertThat(refused.header("Retry-After")).isEqualTo("30");
        assertThat(powerBi.queryViolations()).isEqualTo(1);
        powerBi.registerToken("other-user-token", "other@example.com");
        assertThat(http.withHeader("Authorization", "Bearer other-user-token").post(QUERIES, query("EVALUATE Sales", true))
                .status()).as("the limit is per user").isEqualTo(200);
        clock.advance(Duration.ofSeconds(30));
        assertThat(http.post(QUERIES, query("EVALUATE Sales", true)).status()).isEqualTo(200);
    }

    @Test
    void pushTakesAtMostTenThousandRowsPerRequestIntoDeclaredTables() {
        SaasHttp.Response tooMany = http.post(PUSH, Map.of("rows", rows(10_001, 0)));
        assertPowerBiError(tooMany, 400, "InvalidRequest");
        assertThat(powerBi.rows("live", "Events")).isEmpty();
        assertThat(http.post(PUSH, Map.of("rows", rows(10_000, 0))).status()).isEqualTo(200);
        assertThat(powerBi.rows("live", "Events")).hasSize(10_000);
        assertThat(powerBi.pushedRows()).isEqualTo(10_000);
        assertThat(table(http.post("/v1.0/myorg/datasets/live/executeQueries", query("EVALUATE TOPN(2, Events)", true)))
                .path("rows").get(1).path("Events[Id]").asInt()).isEqualTo(1);

        assertPowerBiError(http.post("/v1.0/myorg/datasets/live/tables/Nope/rows", Map.of("rows", rows(1, 0))), 404, "ItemNotFound");
        assertPowerBiError(http.post("/v1.0/myorg/datasets/sales/tables/Sales/rows", Map.of("rows", rows(1, 0))),
                400, "InvalidRequest");
        assertThat(http.delete(PUSH).status()).isEqualTo(200);
        assertThat(powerBi.rows("live", "Events")).isEmpty();
        assertThat(powerBi.requestCount("POST", "/v1.0/myorg/datasets/{datasetId}/tables/{tableName}/rows")).isEqualTo(4);
    }

    @Test
    void pushIsLimitedTo120RequestsPerMinuteAndRowsPerHourPerDataset() {
        for (int i = 0; i < 120; i++) {
            assertThat(http.post(PUSH, Map.of("rows", rows(1, i))).status()).isEqualTo(200);
        }
        SaasHttp.Response calls = http.post(PUSH, Map.of("rows", rows(1, 120)));
        assertPowerBiError(calls, 429, "TooManyRequests");
        assertThat(calls.header("Retry-After")).isEqualTo("60");
        assertThat(powerBi.rows("live", "Events")).hasSize(120);

        powerBi.setLimits(100_000, 1_000_000, 120, 10, 120, 25);
        assertThat(http.post(PUSH, Map.of("rows", rows(10, 0))).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(10));
        assertThat(http.post(PUSH, Map.of("rows", rows(10, 0))).status()).isEqualTo(200);
        SaasHttp.Response hourly = http.post(PUSH, Map.of("rows", rows(10, 0)));
        assertPowerBiError(hourly, 429, "TooManyRequests");
        assertThat(hourly.header("Retry-After")).as("until the first push leaves the hour").isEqualTo("3000");
        assertThat(http.post(PUSH, Map.of("rows", rows(5, 0))).status()).as("what still fits is taken").isEqualTo(200);
        assertThat(powerBi.pushViolations()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(50));
        assertThat(http.post(PUSH, Map.of("rows", rows(10, 0))).status()).isEqualTo(200);
        assertThat(powerBi.rows("live", "Events")).hasSize(120 + 35);
    }

    @Test
    void aMissingUnknownOrExpiredTokenAnswers401() {
        assertPowerBiError(new SaasHttp(powerBi.baseUrl(), Map.of()).post(QUERIES, query("EVALUATE Sales", true)), 401, "TokenExpired");
        assertPowerBiError(http.withHeader("Authorization", "Bearer wrong").post(PUSH, Map.of("rows", rows(1, 0))), 401, "TokenExpired");
        powerBi.expireToken(powerBi.accessToken());
        SaasHttp.Response expired = http.post(QUERIES, query("EVALUATE Sales", true));
        assertPowerBiError(expired, 401, "TokenExpired");
        assertThat(expired.body().path("error").path("message").asText()).contains("expired");
        assertThat(powerBi.queryViolations()).isZero();
    }
}
