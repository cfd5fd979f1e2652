package dev.ferry.testkit.saas.planner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testkit.saas.Fault;
import dev.ferry.testkit.saas.ManualClock;
import dev.ferry.testkit.saas.SaasHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FakePlannerTest {

    private static final String TASK = "/v1.0/planner/tasks/{taskId}";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T09:00:00Z"));
    private FakePlanner planner;
    private SaasHttp http;

    @BeforeEach
    void start() {
        planner = FakePlanner.start(0, clock);
        http = new SaasHttp(planner.baseUrl(), Map.of("Authorization", "Bearer " + planner.accessToken()));
    }

    @AfterEach
    void stop() {
        planner.close();
    }

    private static void assertGraphError(SaasHttp.Response response, int status) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.body().path("error").has("code")).isTrue();
        assertThat(response.body().path("error").path("message").asText()).isNotEmpty();
        assertThat(response.body().path("error").path("innerError").path("request-id").asText()).isNotEmpty();
    }

    private SaasHttp.Response patch(String taskId, String etag, Object body) {
        SaasHttp client = etag == null ? http : http.withHeader("If-Match", etag);
        return client.send("PATCH", "/v1.0/planner/tasks/" + taskId, body);
    }

    @Test
    void thePlansTasksPageToTheEndByAbsoluteNextLinks() {
        planner.generateTasks(planner.planId(), 250);
        planner.addPlan("OtherPlan");
        planner.generateTasks("OtherPlan", 3);
        Set<String> ids = new HashSet<>();
        String url = "/v1.0/planner/plans/" + planner.planId() + "/tasks";
        int pages = 0;
        while (url != null) {
            SaasHttp.Response page = http.get(url);
            assertThat(page.status()).isEqualTo(200);
            for (JsonNode task : page.body().path("value")) {
                assertThat(ids.add(task.path("id").asText())).isTrue();
                assertThat(task.path("planId").asText()).isEqualTo(planner.planId());
                assertThat(task.path("@odata.etag").asText()).startsWith("W/\"");
                for (String field : new String[] {"bucketId", "title", "percentComplete", "priority", "startDateTime",
                        "dueDateTime", "completedDateTime", "createdDateTime", "assignments", "appliedCategories"}) {
                    assertThat(task.has(field)).as(field).isTrue();
                }
            }
            JsonNode next = page.body().path("@odata.nextLink");
            if (!next.isMissingNode()) {
                assertThat(next.asText()).startsWith(planner.baseUrl() + "/v1.0/planner/plans/");
            }
            url = next.isMissingNode() ? null : next.asText();
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(ids).hasSize(250);
        assertThat(planner.requestCount("GET", "/v1.0/planner/plans/{planId}/tasks")).isEqualTo(3);
        assertGraphError(http.get("/v1.0/planner/plans/NoSuchPlan/tasks"), 404);
    }

    @Test
    void aTaskIsCreatedReadAndPatchedWithItsEtagAndEachChangeGivesANewOne() {
        SaasHttp.Response created = http.post("/v1.0/planner/tasks", Map.of("planId", planner.planId(), "bucketId", "b1",
                "title", "Call the patient", "assignments", Map.of("user-1",
                        Map.of("@odata.type", "#microsoft.graph.plannerAssignment", "orderHint", " !"))));
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().path("id").asText();
        String etag = created.body().path("@odata.etag").asText();
        assertThat(created.header("ETag")).isEqualTo(etag);
        assertThat(created.body().path("assignments").has("user-1")).isTrue();
        assertThat(created.body().path("createdDateTime").asText()).isEqualTo("2026-03-02T09:00:00Z");

        SaasHttp.Response read = http.get("/v1.0/planner/tasks/" + id);
        assertThat(read.body().path("@odata.etag").asText()).isEqualTo(etag);

        SaasHttp.Response missing = patch(id, null, Map.of("title", "x"));
        assertGraphError(missing, 400);
        assertThat(missing.body().path("error").path("message").asText()).contains("If-Match");

        SaasHttp.Response patched = patch(id, etag, Map.of("percentComplete", 100, "appliedCategories", Map.of("category2", true)));
        assertThat(patched.status()).isEqualTo(204);
        PlannerTask stored = planner.task(id);
        assertThat(stored.etag()).isNotEqualTo(etag);
        assertThat(stored.completedDateTime()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
        assertThat(stored.appliedCategories()).containsEntry("category2", true);

        assertGraphError(patch(id, etag, Map.of("title", "stale")), 412);
        assertThat(planner.task(id).title()).isEqualTo("Call the patient");

        SaasHttp.Response represented = http.withHeader("If-Match", stored.etag()).withHeader("Prefer", "return=representation")
                .send("PATCH", "/v1.0/planner/tasks/" + id, Map.of("title", "Called", "dueDateTime", "2026-03-09T17:00:00Z"));
        assertThat(represented.status()).isEqualTo(200);
        assertThat(represented.body().path("title").asText()).isEqualTo("Called");
        assertThat(represented.body().path("dueDateTime").asText()).isEqualTo("2026-03-09T17:00:00Z");
        assertThat(represented.body().path("@odata.etag").asText()).isNotEqualTo(stored.etag()).isEqualTo(represented.header("ETag"));
        assertThat(planner.requestCount("PATCH", TASK)).isEqualTo(4);
    }

    @Test
    void aTaskChangedBehindTheClientsBackAnswers412UntilTheClientReadsItAgain() {
        PlannerTask task = planner.generateTasks(planner.planId(), 1).getFirst();
        String read = http.get("/v1.0/planner/tasks/" + task.id()).body().path("@odata.etag").asText();
        planner.changeTask(task.id(), Map.of("title", "Renamed in the app"));
        assertGraphError(patch(task.id(), read, Map.of("percentComplete", 50)), 412);
        assertGraphError(http.withHeader("If-Match", read).delete("/v1.0/planner/tasks/" + task.id()), 412);
        assertGraphError(http.withHeader("If-Match", "*").delete("/v1.0/planner/tasks/" + task.id()), 412);

        String fresh = http.get("/v1.0/planner/tasks/" + task.id()).body().path("@odata.etag").asText();
        assertThat(patch(task.id(), fresh, Map.of("percentComplete", 50)).status()).isEqualTo(204);
        assertThat(planner.task(task.id()).title()).isEqualTo("Renamed in the app");
        assertThat(planner.task(task.id()).percentComplete()).isEqualTo(50);

        String current = planner.task(task.id()).etag();
        assertGraphError(http.delete("/v1.0/planner/tasks/" + task.id()), 400);
        assertThat(http.withHeader("If-Match", current).delete("/v1.0/planner/tasks/" + task.id()).status()).isEqualTo(204);
        assertGraphError(http.get("/v1.0/planner/tasks/" + task.id()), 404);
        assertThat(planner.tasks(planner.planId())).isEmpty();
    }

    @Test
    void invalidTasksAndChangesAnswer400() {
        assertGraphError(http.post("/v1.0/planner/tasks", Map.of("planId", planner.planId())), 400);
        assertGraphError(http.post("/v1.0/planner/tasks", Map.of("planId", "NoSuchPlan", "title", "t")), 404);
        PlannerTask task = planner.generateTasks(planner.planId(), 1).getFirst();
        assertGraphError(patch(task.id(), task.etag(), Map.of("createdDateTime", "2020-01-01T00:00:00Z")), 400);
        assertGraphError(patch(task.id(), task.etag(), Map.of("priority", 11)), 400);
        assertGraphError(patch(task.id(), task.etag(), Map.of("dueDateTime", "tomorrow")), 400);
        assertThat(planner.task(task.id()).etag()).as("a refused change leaves the task as it was").isEqualTo(task.etag());
    }

    @Test
    void aMissingUnknownOrExpiredTokenAnswers401InGraphsShape() {
        SaasHttp.Response anonymous = new SaasHttp(planner.baseUrl(), Map.of()).get("/v1.0/planner/plans/" + planner.planId() + "/tasks");
        assertGraphError(anonymous, 401);
        assertThat(anonymous.body().path("error").path("code").asText()).isEqualTo("InvalidAuthenticationToken");
        assertGraphError(http.withHeader("Authorization", "Bearer nope").get("/v1.0/planner/plans/" + planner.planId() + "/tasks"), 401);
        planner.expireToken(planner.accessToken());
        SaasHttp.Response expired = http.get("/v1.0/planner/plans/" + planner.planId() + "/tasks");
        assertGraphError(expired, 401);
        assertThat(expired.body().path("error").path("message").asText()).contains("expired");
        planner.registerToken("fresh");
        assertThat(http.withHeader("Authorization", "Bearer fresh").get("/v1.0/planner/plans/" + planner.planId() + "/tasks")
                .status()).isEqualTo(200);
    }

    @Test
    void throttlingAnswers429WithRetryAfterAsASwitchOrALimit() {
        String list = "/v1.0/planner/plans/" + planner.planId() + "/tasks";
        planner.throttle(2, Duration.ofSeconds(3));
        for (int i = 0; i < 2; i++) {
            SaasHttp.Response throttled = http.get(list);
            assertGraphError(throttled, 429);
            assertThat(throttled.header("Retry-After")).isEqualTo("3");
            assertThat(throttled.body().path("error").path("code").asText()).isEqualTo("TooManyRequests");
        }
        assertThat(http.get(list).status()).isEqualTo(200);

        planner.setRateLimit(3, Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            assertThat(http.get(list).status()).isEqualTo(200);
        }
        SaasHttp.Response limited = http.get(list);
        assertGraphError(limited, 429);
        assertThat(limited.header("Retry-After")).isEqualTo("60");
        assertThat(planner.violations()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        assertThat(http.get(list).status()).isEqualTo(200);

        planner.setRateLimit(null, null);
        planner.injectFault(Fault.status(409).on("PATCH", TASK));
        PlannerTask task = planner.generateTasks(planner.planId(), 1).getFirst();
        assertGraphError(patch(task.id(), task.etag(), Map.of("title", "x")), 409);
        assertThat(patch(task.id(), task.etag(), Map.of("title", "x")).status()).isEqualTo(204);
    }
}
