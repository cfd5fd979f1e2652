package dev.ferry.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.server.ApiClient;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import dev.ferry.server.http.RouteInfo;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plants secrets (connection passwords and properties and a webhook's signing key, all through
 * {@code ${env:}} references whose values are random markers; API tokens; a wrong token and a
 * secret in a refused body), runs pipelines that succeed and fail with them, reads every GET
 * route, and then looks for the markers in every response body, the server's log output, the
 * audit table and the raw bytes of the state store's files. None may be anywhere; the one answer
 * that shows a token, the one creating it, is the only exception.
 */
class SecretScanTest {
    @TempDir
    Path folder;

    @Test
    void noSecretAppearsInAnyResponseLogLineAuditEntryOrStoreFile() throws Exception {
        SecretScan scan = new SecretScan();
        String pgPassword = scan.marker("source password");
        String urlPassword = scan.marker("password in a URL");
        String propertySecret = scan.marker("secret connection property");
        String hookSecret = scan.marker("webhook signing key");
        String wrongToken = "fy_" + scan.marker("a wrong token presented");
        String bodySecret = scan.marker("a secret in a refused body");
        Map<String, String> environment = Map.of("PG_PASSWORD", pgPassword, "URL_PASSWORD", urlPassword,
                "PROP_SECRET", propertySecret, "HOOK_SECRET", hookSecret);

        String sourceUrl = TestPostgres.freshDatabase("ferry_scan");
        try (Connection connection = DriverManager.getConnection(sourceUrl); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL)");
            statement.execute("INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, 50) i");
        }
        Path destination = folder.resolve("destination.db");
        String notify = "notify:\n  webhooks:\n    - url: http://127.0.0.1:9/ferry-hook\n      secret: ${env:HOOK_SECRET}\n";

        List<ApiClient.Response> answers = new ArrayList<>();
        String log;
        long down;
        try (LogCapture capture = new LogCapture()) {
            try (TestServer server = TestServer.start(folder, settings -> {
                write(settings.pipelinesFolder(), "pg-ok", "pipeline: pg-ok\nconnections:\n"
                        + "  src: {url: \"" + sourceUrl + "\", password: \"${env:PG_PASSWORD}\", "
                        + "properties: {sslpassword: \"${env:PROP_SECRET}\"}}\n"
                        + "  dst: {url: \"jdbc:sqlite:" + destination + "\"}\n"
                        + "source: src\ndestination: dst\nstreams:\n  - table: items\n" + notify);
                write(settings.pipelinesFolder(), "pg-down", "pipeline: pg-down\nconnections:\n"
                        + "  src: {url: \"jdbc:postgresql://127.0.0.1:1/nowhere?user=ferry&password=${env:URL_PASSWORD}\", "
                        + "connect_timeout: 1}\n"
                        + "  dst: {url: \"jdbc:sqlite:" + folder.resolve("unused.db") + "\"}\n"
                        + "source: src\ndestination: dst\nstreams:\n  - table: items\n" + notify);
                write(settings.pipelinesFolder(), "pg-broken", "pipeline: pg-broken\nconnections:\n"
                        + "  src: {url: \"" + sourceUrl + "\", password: \"${env:PG_PASSWORD}\", pasword: x}\n"
                        + "source: src\ndestination: src\nstreams:\n  - table: items\n" + notify);
                // Run log files, where the server writes them, are under the scanned folder too.
                return settings.withEnvironment(environment).withLogsFolder(folder.resolve("logs"));
            })) {
                for (Role role : Role.values()) {
                    scan.add(role.label() + " token", server.token(role));
                }
                ApiClient admin = server.as(Role.ADMIN);
                ApiClient operator = server.as(Role.OPERATOR);

                ApiClient.Response created = admin.post("/api/tokens", "{\"name\": \"scan\", \"role\": \"operator\"}");
                assertThat(created.status()).isEqualTo(201);
                scan.add("token created through the API", created.json().get("token").asText());
                // The one answer that may show a token; the scan must be able to see it there.
                assertThat(scan.holds("token created through the API", created.body())).isTrue();
                ApiClient scanToken = new ApiClient(server.server().url(), created.json().get("token").asText());

                long ok = started(answers, scanToken.post("/api/pipelines/pg-ok/runs", "{}"));
                down = started(answers, operator.post("/api/pipelines/pg-down/runs", "{\"fullRefresh\": true}"));
                awaitEnd(operator, ok);
                awaitEnd(operator, down);
                answers.add(operator.post("/api/pipelines/pg-broken/runs", "{}"));
                answers.add(operator.post("/api/runs/" + down + "/cancel", null));
                answers.add(new ApiClient(server.server().url(), wrongToken).get("/api/pipelines"));
                answers.add(new ApiClient(server.server().url(), wrongToken).post("/api/pipelines/pg-ok/runs", "{}"));
                answers.add(admin.post("/api/tokens", "{\"name\": \"n\", \"role\": \"viewer\", \"password\": \"" + bodySecret + "\"}"));
                answers.add(admin.post("/api/reload", null));
                assertThat(operator.get("/api/runs/" + ok).json().get("status").asText()).isEqualTo("SUCCEEDED");
                JsonNode failed = operator.get("/api/runs/" + down).json();
                assertThat(failed.get("status").asText()).isEqualTo("FAILED");
                // It failed where the password in its URL was used: connecting.
                assertThat(failed.get("error").asText()).contains("127.0.0.1:1");

                for (String path : everyGetPath(server, admin, List.of(ok, down))) {
                    answers.add(admin.get(path));
                }
                String audit = table(server, "ferry_audit");
                assertThat(audit).contains("token.create").contains("pipeline.run").contains("test-operator");
                scan.text("the audit table", audit);
                scan.files(folder);
                assertThat(scan.places()).as("the store's files were read").contains("state.db");
            }
            log = capture.text();
        }
        for (ApiClient.Response answer : answers) {
            scan.text(answer.raw().request().method() + " " + answer.raw().uri().getPath() + " -> " + answer.status(),
                    answer.body());
        }
        scan.text("the server's log output", log);
        scan.files(folder);

        // The scan looked where it should: the log was captured and the store's files hold plain text.
        assertThat(log).contains("Ferry server listening").contains("pg-broken.yml has problems");
        assertThat(SecretScan.indexOf(Files.readAllBytes(folder.resolve("state.db")), "pg-down".getBytes(StandardCharsets.UTF_8)))
                .isNotNegative();
        assertThat(answers).extracting(ApiClient.Response::status).contains(200, 401, 400, 409, 422);
        assertThat(scan.places()).anyMatch(place -> place.startsWith("GET /api/runs/" + down));
        assertThat(scan.findings()).as("secrets found").isEmpty();
    }

    private static long started(List<ApiClient.Response> answers, ApiClient.Response response) {
        answers.add(response);
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return response.json().get("runId").asLong();
    }

    private static void awaitEnd(ApiClient client, long runId) {
        await().atMost(Duration.ofSeconds(90)).until(() -> !client.get("/api/runs/" + runId).json()
                .get("status").asText().equals("RUNNING"));
    }

    /**
     * Every GET route (event streams aside) with its path parameters filled by every pipeline's name
     * or every run's id, so routes added later are read too.
     */
    private static List<String> everyGetPath(TestServer server, ApiClient admin, List<Long> runIds) {
        List<String> pipelines = new ArrayList<>();
        for (JsonNode pipeline : admin.get("/api/pipelines").json()) {
            pipelines.add(pipeline.get("name").asText());
        }
        List<String> paths = new ArrayList<>(List.of("/api/runs?pipeline=pg-down", "/api/audit?limit=1000"));
        for (RouteInfo route : server.server().routes()) {
            if (route.method().equals("GET")) {
                expand(route.path(), pipelines, runIds, paths);
            }
        }
        return paths;
    }

    private static void expand(String path, List<String> names, List<Long> ids, List<String> into) {
        Matcher parameter = Pattern.compile("\\{([^}/]+)}").matcher(path);
        if (!parameter.find()) {
            into.add(path);
            return;
        }
        List<String> values = switch (parameter.group(1)) {
            case "name", "pipeline" -> names;
            case "id", "runId" -> ids.stream().map(String::valueOf).toList();
            default -> List.of("placeholder");
        };
        for (String value : values) {
            expand(path.substring(0, parameter.start()) + value + path.substring(parameter.end()), names, ids, into);
        }
    }

    /** Every row of a server table, every column, as text. */
    private static String table(TestServer server, String table) {
        return String.join("\n", server.server().parts().sql().query("read " + table, "SELECT * FROM " + table, row -> {
            ResultSetMetaData columns = row.getMetaData();
            StringBuilder text = new StringBuilder();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                text.append(row.getString(i)).append('|');
            }
            return text.toString();
        }));
    }

    private static void write(Path folder, String name, String yaml) {
        try {
            Files.writeString(folder.resolve(name + ".yml"), yaml);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
