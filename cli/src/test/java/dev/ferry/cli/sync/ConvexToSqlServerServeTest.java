package dev.ferry.cli.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.server.FerryServer;
import dev.ferry.server.ServerSettings;
import dev.ferry.server.auth.Role;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ferry serve --pipelines examples/convex-to-sqlserver}: the shipped folder loads as it is, with its
 * schedules set up, and Sync now and the upstream trigger export the apps (files pointed at test services).
 */
class ConvexToSqlServerServeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void theShippedFolderLoadsWithBothSchedulesWhenItsVariablesAreSet() throws Exception {
        Map<String, String> environment = Map.of("CRM_CONVEX_DEPLOY_KEY", "prod:crm|not-a-real-key",
                "BOOKINGS_CONVEX_DEPLOY_KEY", "prod:bookings|not-a-real-key", "SQLSERVER_PASSWORD", "not-a-real-password");
        try (FerryServer server = FerryServer.start(settings(ConvexExampleFiles.folder(), s -> s.withEnvironment(environment)))) {
            String viewer = server.parts().tokens().create("viewer", Role.VIEWER).value();

            JsonNode pipelines = get(server, viewer, "/api/pipelines");
            assertThat(pipelines).extracting(pipeline -> pipeline.get("name").asText())
                    .containsExactlyInAnyOrder("app-crm", "app-bookings");
            for (JsonNode pipeline : pipelines) {
                assertThat(pipeline.get("valid").asBoolean()).as(pipeline.toString()).isTrue();
                assertThat(pipeline.get("streams").get(0).get("destinationTable").asText()).isEqualTo("tbl_users");
                assertThat(pipeline.toString()).doesNotContain("not-a-real");
            }

            JsonNode schedules = get(server, viewer, "/api/schedules");
            assertThat(schedules).extracting(schedule -> schedule.get("pipeline").asText())
                    .containsExactlyInAnyOrder("app-crm", "app-bookings");
            for (JsonNode schedule : schedules) {
                assertThat(schedule.get("nextDue").isNull()).as(schedule + " is due at a time of its own").isFalse();
                if (schedule.get("pipeline").asText().equals("app-crm")) {
                    assertThat(schedule.get("every").asText()).isEqualTo("PT30M");
                } else {
                    assertThat(schedule.get("cron").asText()).isEqualTo("5 7-20 * * MON-SAT");
                    assertThat(schedule.get("timezone").asText()).isEqualTo("Europe/Rome");
                }
            }
        }
    }

    @Test
    void withoutItsVariablesEachFileIsListedWithTheMissingOneAndNothingIsScheduled() throws Exception {
        try (FerryServer server = FerryServer.start(settings(ConvexExampleFiles.folder(), s -> s.withEnvironment(Map.of())))) {
            String viewer = server.parts().tokens().create("viewer", Role.VIEWER).value();

            JsonNode pipelines = get(server, viewer, "/api/pipelines");
            assertThat(pipelines).extracting(pipeline -> pipeline.get("valid").asBoolean()).containsExactly(false, false);
            assertThat(pipelines.toString()).contains("CRM_CONVEX_DEPLOY_KEY", "BOOKINGS_CONVEX_DEPLOY_KEY", "SQLSERVER_PASSWORD");
            assertThat(get(server, viewer, "/api/schedules")).isEmpty();
        }
    }

    @Test
    void syncNowAndTheTriggerExportEachAppThroughTheApi() throws Exception {
        Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
        ExportDatabase crmDatabase = new ExportDatabase(TestPostgres.freshDatabase("cx_serve_crm"), "public");
        ExportDatabase bookingsDatabase = new ExportDatabase(TestPostgres.freshDatabase("cx_serve_bookings"), "public");
        try (ConvexExampleApps apps = new ConvexExampleApps()) {
            apps.fill();
            ConvexExampleFiles.pointedAt(pipelines, ConvexExampleFiles.CRM, apps.crm, crmDatabase.url(), dir.resolve("unused.db"));
            ConvexExampleFiles.pointedAt(pipelines, ConvexExampleFiles.BOOKINGS, apps.bookings, bookingsDatabase.url(),
                    dir.resolve("unused.db"));
            try (FerryServer server = FerryServer.start(settings(pipelines, s -> s))) {
                String operator = server.parts().tokens().create("operator", Role.OPERATOR).value();

                HttpResponse<String> syncNow = post(server, operator, "/api/pipelines/app-crm/runs", "");
                assertThat(syncNow.statusCode()).as(syncNow.body()).isEqualTo(202);
                awaitSucceeded(server, operator, JSON.readTree(syncNow.body()).get("runId").asLong());
                HttpResponse<String> onlyUsers = post(server, operator, "/api/pipelines/app-bookings/runs", "{\"streams\": [\"users\"]}");
                assertThat(onlyUsers.statusCode()).as(onlyUsers.body()).isEqualTo(202);
                awaitSucceeded(server, operator, JSON.readTree(onlyUsers.body()).get("runId").asLong());

                assertThat(crmDatabase.rows("SELECT \"_id\", \"name\", \"email\", \"active\" FROM \"tbl_users\""))
                        .isEqualTo(apps.crmUsersAfterFirstRun());
                assertThat(crmDatabase.tables()).containsExactlyInAnyOrder("tbl_users", "companies", "deals");
                assertThat(bookingsDatabase.tables()).as("Sync now of one stream").containsExactly("tbl_users");

                apps.change();
                HttpResponse<String> trigger = post(server, operator, "/api/pipelines/app-bookings/trigger", "");
                assertThat(trigger.statusCode()).as(trigger.body()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    JsonNode runs = get(server, operator, "/api/runs?pipeline=app-bookings&status=SUCCEEDED").get("items");
                    assertThat(runs).hasSize(2);
                });
                assertThat(bookingsDatabase.rows("SELECT \"_id\", \"name\", \"email\", \"active\" FROM \"tbl_users\""))
                        .isEqualTo(apps.bookingsUsersAfterChanges());
                assertThat(bookingsDatabase.rows("SELECT \"_id\", \"room\", \"user\", \"day\" FROM \"bookings\""))
                        .isEqualTo(apps.bookingsAfterChanges());
                assertThat(bookingsDatabase.tables()).containsExactlyInAnyOrder("tbl_users", "bookings", "rooms");
            }
        }
    }

    private ServerSettings settings(Path pipelines, UnaryOperator<ServerSettings> customise) {
        return customise.apply(ServerSettings.defaults().withPort(0).withPipelinesFolder(pipelines)
                .withDataFolder(dir.resolve("data")).withRateLimit(new ServerSettings.RateLimit(1_000_000, 100_000))
                .withState(new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null)));
    }

    private static void awaitSucceeded(FerryServer server, String token, long runId) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode run = get(server, token, "/api/runs/" + runId);
            assertThat(run.get("status").asText()).as(run.toString()).isIn("RUNNING", "SUCCEEDED").isEqualTo("SUCCEEDED");
        });
    }

    private static JsonNode get(FerryServer server, String token, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> post(FerryServer server, String token, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body));
        if (!body.isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
