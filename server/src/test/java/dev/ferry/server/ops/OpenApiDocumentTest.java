package dev.ferry.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.server.ApiClient;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.SseReader;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import dev.ferry.server.http.RouteInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The OpenAPI document served at {@code /api/openapi.json} describes exactly the routes the server
 * registers, each with the role it really checks: paths typed twice drift, so this compares them.
 */
class OpenApiDocumentTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    @TempDir
    Path folder;

    @Test
    void everyRegisteredRouteIsDocumentedWithItsRoleAndNothingElseIs() {
        try (TestServer server = TestServer.start(folder)) {
            JsonNode document = document(server);
            Set<String> registered = new TreeSet<>();
            for (RouteInfo route : server.server().routes()) {
                // Server-Sent Events are a GET answering text/event-stream.
                String method = route.method().equals("SSE") ? "get" : route.method().toLowerCase(Locale.ROOT);
                registered.add(method.toUpperCase(Locale.ROOT) + " " + route.path() + " " + roleOf(route.role()));
            }
            Set<String> documented = new TreeSet<>();
            operations(document).forEach((key, operation) ->
                    documented.add(key + " " + operation.path("x-ferry-role").asText("(no x-ferry-role)")));

            Set<String> missing = new TreeSet<>(registered);
            missing.removeAll(documented);
            Set<String> extra = new TreeSet<>(documented);
            extra.removeAll(registered);
            assertThat(missing).as("routes the server registers that openapi.json lacks, or with another role there "
                    + "(METHOD path role)").isEmpty();
            assertThat(extra).as("operations in openapi.json that the server does not register with that role").isEmpty();
        }
    }

    @Test
    void eachOperationHasItsParametersSecurityErrorsAndOnlyReferencesThatResolve() {
        try (TestServer server = TestServer.start(folder)) {
            JsonNode document = document(server);
            Map<String, String> summaries = new HashMap<>();
            for (RouteInfo route : server.server().routes()) {
                String method = route.method().equals("SSE") ? "GET" : route.method();
                summaries.put(method + " " + route.path(), route.summary());
            }
            Set<String> tags = new HashSet<>(document.path("tags").findValuesAsText("name"));
            assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
            assertThat(document.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
            assertThat(document.at("/components/schemas/Error/properties/error/required").toString())
                    .contains("status").contains("code").contains("message");
            Set<String> operationIds = new HashSet<>();
            operations(document).forEach((key, operation) -> {
                String path = key.substring(key.indexOf(' ') + 1);
                assertThat(operation.path("summary").asText()).as(key + " summary").isNotBlank();
                assertThat(operationIds.add(operation.path("operationId").asText())).as(key + " operationId unique").isTrue();
                Set<String> declared = new HashSet<>();
                operation.path("parameters").forEach(parameter -> {
                    if (parameter.path("in").asText().equals("path")) {
                        declared.add(parameter.path("name").asText());
                        assertThat(parameter.path("required").asBoolean()).as(key + " path parameter required").isTrue();
                    }
                });
                Set<String> inPath = new HashSet<>();
                Matcher matcher = PATH_PARAMETER.matcher(path);
                while (matcher.find()) {
                    inPath.add(matcher.group(1));
                }
                assertThat(declared).as(key + " path parameters").isEqualTo(inPath);
                assertThat(operation.path("summary").asText()).as(key + " summary is the one the route registers")
                        .isEqualTo(summaries.get(key));
                assertThat(operation.path("tags").size()).as(key + " has a tag").isPositive();
                operation.path("tags").forEach(tag -> assertThat(tags).as(key + " tag").contains(tag.asText()));
                JsonNode responses = operation.path("responses");
                assertThat(responses.has("500")).as(key + " documents 500").isTrue();
                boolean isPublic = operation.path("x-ferry-role").asText().equals("public");
                assertThat(operation.path("security").isEmpty()).as(key + " security matches its role").isEqualTo(isPublic);
                if (!isPublic) {
                    // Every route with a role passes the token check, the rate limit and the refusal while stopping.
                    for (String status : List.of("401", "403", "429", "503")) {
                        assertThat(responses.has(status)).as(key + " documents " + status).isTrue();
                    }
                }
                if (operation.has("requestBody")) {
                    assertThat(responses.has("400") && responses.has("413")).as(key + " takes a body: documents 400 and 413")
                            .isTrue();
                }
                responses.fields().forEachRemaining(answer -> {
                    JsonNode response = resolve(document, answer.getValue());
                    assertThat(response.path("description").asText()).as(key + " " + answer.getKey() + " description")
                            .isNotBlank();
                    // Only readiness answers its own body when it is down.
                    boolean readinessDown = key.equals("GET /ready") && answer.getKey().equals("503");
                    if ((answer.getKey().startsWith("4") || answer.getKey().startsWith("5")) && !readinessDown) {
                        assertThat(response.at("/content/application~1json/schema/$ref").asText())
                                .as(key + " " + answer.getKey() + " answers the one error body")
                                .isEqualTo("#/components/schemas/Error");
                    }
                });
            });
            List<String> unresolved = new ArrayList<>();
            references(document, document, unresolved);
            assertThat(unresolved).as("$ref that point nowhere").isEmpty();
        }
    }

    /**
     * The schemas are true to what the server answers: a real server is driven through most routes,
     * and each answer's status must be documented for its operation and its JSON body must match
     * the documented schema (every field it sends documented, every documented field sent, types
     * and enumerations respected); live log events must be documented events with matching data.
     */
    @Test
    void realAnswersMatchTheDocumentedStatusesAndSchemas() throws Exception {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 5);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "items", source, folder.resolve("copy.db"),
                    "schedule:\n  cron: \"0 3 1 1 *\"\n");
            // Names the mapping file lacks go to the quarantine, for its routes to answer.
            writeFile(settings.pipelinesFolder().resolve("names.json"), "{\"item 1\": {\"code\": \"one\"}}");
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "bad", source, folder.resolve("bad.db"),
                    "    max_bad_rows: 10\n    transforms:\n      - lookup: {column: name, file: names.json, field: code}\n");
            return settings;
        })) {
            Answers answers = new Answers(document(server));
            ApiClient viewer = server.as(Role.VIEWER);
            ApiClient operator = server.as(Role.OPERATOR);
            ApiClient admin = server.as(Role.ADMIN);

            answers.check("GET /health", 200, server.anonymous().get("/health"));
            answers.check("GET /ready", 200, server.anonymous().get("/ready"));
            answers.check("GET /api/pipelines", 401, server.anonymous().get("/api/pipelines"));
            answers.check("POST /api/reload", 403, viewer.post("/api/reload", null));
            answers.check("POST /api/reload", 200, admin.post("/api/reload", null));
            answers.check("GET /api/pipelines", 200, viewer.get("/api/pipelines"));
            answers.check("GET /api/pipelines/{name}", 200, viewer.get("/api/pipelines/items"));
            answers.check("GET /api/pipelines/{name}", 404, viewer.get("/api/pipelines/none"));
            ApiClient.Response yaml = viewer.get("/api/pipelines/items/yaml");
            answers.check("GET /api/pipelines/{name}/yaml", 200, yaml);
            assertThat(yaml.header("Content-Type")).startsWith("application/yaml");

            ApiClient.Response started = operator.post("/api/pipelines/items/runs", "{\"fullRefresh\": true}");
            answers.check("POST /api/pipelines/{name}/runs", 202, started);
            answers.check("POST /api/pipelines/{name}/runs", 400, operator.post("/api/pipelines/items/runs", "{\"full\": 1}"));
            long runId = started.json().get("runId").asLong();
            await().atMost(Duration.ofSeconds(30)).until(() -> viewer.get("/api/runs/" + runId).json(),
                    run -> !run.get("status").asText().equals("RUNNING"));
            answers.check("GET /api/runs/{id}", 200, viewer.get("/api/runs/" + runId));
            answers.check("GET /api/runs/{id}", 400, viewer.get("/api/runs/x"));
            answers.check("GET /api/runs/{id}", 404, viewer.get("/api/runs/999999"));
            answers.check("GET /api/runs", 200, viewer.get("/api/runs?pipeline=items&status=SUCCEEDED,FAILED"
                    + "&status=cancelled&from=2020-01-01&to=2100-01-01T00:00:00Z&limit=10&offset=0"));
            answers.check("GET /api/runs", 400, viewer.get("/api/runs?status=DONE"));
            answers.check("POST /api/runs/{id}/cancel", 409, operator.post("/api/runs/" + runId + "/cancel", null));
            answers.check("GET /api/runs/{id}/log", 200, viewer.get("/api/runs/" + runId + "/log?after=0&limit=5"));
            answers.check("GET /api/runs/{id}/log", 400, viewer.get("/api/runs/" + runId + "/log?limit=0"));
            answers.liveLog(server.server().url() + "/api/runs/" + runId + "/log/live", server.token(Role.VIEWER));
            answers.liveLog(server.server().url() + "/api/runs/999999/log/live", server.token(Role.VIEWER));

            checkQuarantine(answers, viewer, operator);

            answers.check("POST /api/pipelines/{name}/pause", 200, operator.post("/api/pipelines/items/pause", null));
            answers.check("POST /api/pipelines/{name}/trigger", 409, operator.post("/api/pipelines/items/trigger", null));
            answers.check("POST /api/pipelines/{name}/resume", 200, operator.post("/api/pipelines/items/resume", null));
            answers.check("GET /api/schedules", 200, viewer.get("/api/schedules"));

            String stored = "pipeline: made\nconnections:\n  src: {url: \"jdbc:sqlite:" + source + "\"}\n"
                    + "  dst: {url: \"jdbc:sqlite:" + folder.resolve("made.db") + "\"}\n"
                    + "source: src\ndestination: dst\nstreams:\n  - table: items\n";
            answers.check("PUT /api/pipelines/{name}", 201, text(server, "PUT", "/api/pipelines/made", "application/yaml", stored));
            answers.check("PUT /api/pipelines/{name}", 200, text(server, "PUT", "/api/pipelines/made", "text/plain", stored));
            answers.check("PUT /api/pipelines/{name}", 415, admin.put("/api/pipelines/made", "{}"));
            answers.check("PUT /api/pipelines/{name}", 422, text(server, "PUT", "/api/pipelines/made", "text/yaml",
                    "pipeline: other\n"));
            answers.check("PUT /api/pipelines/{name}", 409, text(server, "PUT", "/api/pipelines/items", "text/yaml", stored));
            answers.check("DELETE /api/pipelines/{name}", 204, admin.delete("/api/pipelines/made"));
            answers.check("DELETE /api/pipelines/{name}", 404, admin.delete("/api/pipelines/made"));

            answers.check("GET /api/tokens", 200, admin.get("/api/tokens"));
            answers.check("POST /api/tokens", 201, admin.post("/api/tokens", "{\"name\": \"ci\", \"role\": \"viewer\"}"));
            answers.check("POST /api/tokens", 409, admin.post("/api/tokens", "{\"name\": \"ci\", \"role\": \"viewer\"}"));
            answers.check("POST /api/tokens", 400, admin.post("/api/tokens", "{\"name\": \"ci2\", \"role\": \"boss\"}"));
            answers.check("DELETE /api/tokens/{name}", 204, admin.delete("/api/tokens/ci"));
            answers.check("DELETE /api/tokens/{name}", 404, admin.delete("/api/tokens/ci"));

            answers.check("PUT /api/connections/{name}", 201, admin.put("/api/connections/src",
                    "{\"url\": \"jdbc:sqlite:" + source + "\", \"properties\": {\"busy_timeout\": \"1000\", "
                            + "\"apiKey\": \"k-123\"}, \"options\": {\"connect_timeout\": \"10s\"}}"));
            answers.check("PUT /api/connections/{name}", 200, admin.put("/api/connections/src",
                    "{\"url\": \"jdbc:sqlite:" + source + "\", \"password\": null}"));
            answers.check("PUT /api/connections/{name}", 400, admin.put("/api/connections/src", "{\"uri\": \"x\"}"));
            answers.check("GET /api/connections", 200, viewer.get("/api/connections"));
            answers.check("GET /api/connections/{name}", 200, viewer.get("/api/connections/src"));
            answers.check("POST /api/connections/{name}/check", 200, operator.post("/api/connections/src/check",
                    "{\"as\": \"source\"}"));
            answers.check("POST /api/connections/{name}/check", 400, operator.post("/api/connections/src/check",
                    "{\"as\": \"sink\"}"));
            answers.check("POST /api/connections/{name}/discover", 200, operator.post("/api/connections/src/discover", null));
            answers.check("DELETE /api/connections/{name}", 204, admin.delete("/api/connections/src"));
            answers.check("GET /api/connections/{name}", 404, viewer.get("/api/connections/src"));

            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            answers.check("PUT /api/settings/notifications", 200, admin.put("/api/settings/notifications",
                    "{\"emails\": [\"ops@example.com\"], \"webhooks\": [{\"url\": \"http://127.0.0.1:" + closedPort
                            + "/hook\"}]}"));
            answers.check("PUT /api/settings/notifications", 400, admin.put("/api/settings/notifications",
                    "{\"emails\": [\"nobody\"]}"));
            answers.check("GET /api/settings/notifications", 200, admin.get("/api/settings/notifications"));
            answers.check("POST /api/settings/notifications/test", 200, admin.post("/api/settings/notifications/test", null));
            answers.check("POST /api/settings/notifications/test", 404,
                    admin.post("/api/settings/notifications/test?pipeline=none", null));
            answers.check("GET /api/notifications", 200, viewer.get("/api/notifications?limit=10"));

            answers.check("GET /api/audit", 200, admin.get("/api/audit?action=token.*&outcome=ok&limit=5"));
            answers.check("GET /api/audit", 400, admin.get("/api/audit?from=yesterday"));
            answers.check("POST /api/pipelines/{name}/trigger", 202, operator.post("/api/pipelines/items/trigger", null));

            answers.check("POST /api/users", 201, admin.post("/api/users",
                    "{\"name\": \"ada\", \"role\": \"viewer\", \"password\": \"a long password 123\"}"));
            answers.check("POST /api/users", 409, admin.post("/api/users",
                    "{\"name\": \"ada\", \"role\": \"viewer\", \"password\": \"a long password 123\"}"));
            answers.check("POST /api/users", 400, admin.post("/api/users",
                    "{\"name\": \"bea\", \"role\": \"viewer\", \"password\": \"short\"}"));
            answers.check("GET /api/users", 200, admin.get("/api/users"));
            answers.check("GET /api/users", 403, operator.get("/api/users"));
            answers.check("DELETE /api/users/{name}", 204, admin.delete("/api/users/ada"));
            answers.check("DELETE /api/users/{name}", 404, admin.delete("/api/users/ada"));
            String items = viewer.get("/api/pipelines/items/yaml").body();
            ApiClient.Response preview = text(server, "POST", "/api/preview?stream=items&limit=3", "application/yaml", items);
            answers.check("POST /api/preview", 200, preview);
            assertThat(preview.json().get("rows")).hasSize(3);
            answers.check("POST /api/preview", 404, text(server, "POST", "/api/preview?stream=none", "application/yaml", items));
            answers.check("POST /api/preview", 422, text(server, "POST", "/api/preview?stream=items", "text/yaml", "pipeline: x\n"));
            answers.check("POST /api/preview", 415, text(server, "POST", "/api/preview?stream=items", "application/json", items));
            answers.check("POST /api/preview", 403, viewer.post("/api/preview?stream=items", "{}"));
            assertThat(answers.problems).as("answers that differ from openapi.json").isEmpty();
        }
    }

    private static void checkQuarantine(Answers answers, ApiClient viewer, ApiClient operator) {
        long runId = operator.post("/api/pipelines/bad/runs", null).json().get("runId").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> viewer.get("/api/runs/" + runId).json(),
                run -> !run.get("status").asText().equals("RUNNING"));
        ApiClient.Response page = viewer.get("/api/pipelines/bad/quarantine?stream=items&after=0&limit=2");
        answers.check("GET /api/pipelines/{name}/quarantine", 200, page);
        answers.check("GET /api/pipelines/{name}/quarantine", 400, viewer.get("/api/pipelines/bad/quarantine?stream=itms"));
        answers.check("GET /api/pipelines/{name}/quarantine", 404, viewer.get("/api/pipelines/none/quarantine"));
        long id = page.json().get("items").get(0).get("id").asLong();
        answers.check("GET /api/pipelines/{name}/quarantine/{id}", 200, viewer.get("/api/pipelines/bad/quarantine/" + id));
        answers.check("GET /api/pipelines/{name}/quarantine/{id}", 404, viewer.get("/api/pipelines/bad/quarantine/999999"));
        answers.check("POST /api/pipelines/{name}/quarantine/retry", 400,
                operator.post("/api/pipelines/bad/quarantine/retry", "{\"ids\": [999999]}"));
        ApiClient.Response retry = operator.post("/api/pipelines/bad/quarantine/retry", "{\"ids\": [" + id + "]}");
        answers.check("POST /api/pipelines/{name}/quarantine/retry", 202, retry);
        long retryRun = retry.json().get("runId").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> viewer.get("/api/runs/" + retryRun).json(),
                run -> !run.get("status").asText().equals("RUNNING"));
        answers.check("POST /api/pipelines/{name}/quarantine/discard", 400,
                operator.post("/api/pipelines/bad/quarantine/discard", "{}"));
        answers.check("POST /api/pipelines/{name}/quarantine/discard", 200,
                operator.post("/api/pipelines/bad/quarantine/discard", "{\"all\": true}"));
        answers.check("POST /api/pipelines/{name}/quarantine/retry", 409,
                operator.post("/api/pipelines/bad/quarantine/retry", null));
    }

    private static void writeFile(Path file, String text) {
        try {
            java.nio.file.Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request with a text body of the given type, which ApiClient (always JSON) cannot send. */
    private static ApiClient.Response text(TestServer server, String method, String path, String type, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.server().url() + path))
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", type)
                    .header("Authorization", "Bearer " + server.token(Role.ADMIN)).build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Compares real answers with the document; collects every difference, so one run shows them all. */
    private static final class Answers {
        private final JsonNode document;
        final List<String> problems = new ArrayList<>();

        Answers(JsonNode document) {
            this.document = document;
        }

        void check(String operation, int expectedStatus, ApiClient.Response response) {
            assertThat(response.status()).as(operation + ": " + response).isEqualTo(expectedStatus);
            int space = operation.indexOf(' ');
            JsonNode documented = document.path("paths").path(operation.substring(space + 1))
                    .path(operation.substring(0, space).toLowerCase(Locale.ROOT));
            JsonNode answer = resolve(document, documented.path("responses").path(String.valueOf(response.status())));
            if (answer.isMissingNode()) {
                problems.add(operation + " answered " + response.status() + ", which is not documented");
                return;
            }
            String type = response.header("Content-Type") == null ? "" : response.header("Content-Type");
            JsonNode schema = answer.at("/content/application~1json/schema");
            if (type.startsWith("application/json") && !schema.isMissingNode()) {
                validate(schema, response.json(), operation + " " + response.status(), problems);
            } else if (!response.body().isEmpty() && answer.path("content").isMissingNode()) {
                problems.add(operation + " " + response.status() + " has a body, but none is documented");
            }
        }

        /** Reads a live log to its end; each event must be a documented one with documented data. */
        void liveLog(String url, String token) throws InterruptedException {
            JsonNode events = document.at("/paths/~1api~1runs~1{id}~1log~1live/get/responses/200/content/"
                    + "text~1event-stream/x-ferry-events");
            try (SseReader reader = new SseReader(url, token, null)) {
                assertThat(reader.status()).isEqualTo(200);
                for (SseReader.Event event = reader.nextEvent(Duration.ofSeconds(30)); event != SseReader.CLOSED;
                     event = reader.nextEvent(Duration.ofSeconds(30))) {
                    if (!events.has(event.name())) {
                        problems.add("the live log sent an undocumented event " + event.name());
                    } else {
                        validate(events.get(event.name()).path("data"), event.json(), "live log event " + event.name(),
                                problems);
                    }
                }
            }
        }

        private void validate(JsonNode schema, JsonNode value, String where, List<String> found) {
            schema = resolve(document, schema);
            Set<String> types = new HashSet<>();
            if (schema.path("type").isArray()) {
                schema.path("type").forEach(type -> types.add(type.asText()));
            } else if (schema.has("type")) {
                types.add(schema.path("type").asText());
            }
            if (value.isNull()) {
                if (!types.isEmpty() && !types.contains("null")) {
                    found.add(where + " is null, which the document does not allow");
                }
                return;
            }
            String kind = value.isIntegralNumber() ? "integer" : value.isNumber() ? "number" : value.isTextual() ? "string"
                    : value.isBoolean() ? "boolean" : value.isArray() ? "array" : "object";
            if (!types.isEmpty() && !types.contains(kind) && !(kind.equals("integer") && types.contains("number"))) {
                found.add(where + " is " + kind + ", documented as " + types);
                return;
            }
            if (schema.has("enum")) {
                boolean listed = false;
                for (JsonNode allowed : schema.path("enum")) {
                    listed |= allowed.equals(value);
                }
                if (!listed) {
                    found.add(where + " is " + value + ", not one of " + schema.path("enum"));
                }
            }
            if (value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    validate(schema.path("items"), value.get(i), where + "[" + i + "]", found);
                }
            } else if (value.isObject()) {
                JsonNode properties = schema.path("properties");
                JsonNode additional = schema.path("additionalProperties");
                value.fields().forEachRemaining(field -> {
                    if (properties.has(field.getKey())) {
                        validate(properties.get(field.getKey()), field.getValue(), where + "." + field.getKey(), found);
                    } else if (additional.isObject()) {
                        validate(additional, field.getValue(), where + "." + field.getKey(), found);
                    } else if (!properties.isMissingNode() || (additional.isBoolean() && !additional.asBoolean())) {
                        found.add(where + "." + field.getKey() + " is sent but not documented");
                    }
                });
                // Every field is sent, null or not, unless the schema names the required ones or is a map of options.
                List<String> expected = new ArrayList<>();
                if (schema.has("required")) {
                    schema.path("required").forEach(name -> expected.add(name.asText()));
                } else if (!(additional.isBoolean() && !additional.asBoolean())) {
                    properties.fieldNames().forEachRemaining(expected::add);
                }
                for (String name : expected) {
                    if (!value.has(name)) {
                        found.add(where + "." + name + " is documented but not sent");
                    }
                }
            }
        }
    }

    /** The node itself, or what its {@code $ref} points to. */
    private static JsonNode resolve(JsonNode document, JsonNode node) {
        while (node.has("$ref")) {
            node = document.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    @Test
    void theDocumentNeedsAViewerToken() {
        try (TestServer server = TestServer.start(folder)) {
            assertThat(server.anonymous().get("/api/openapi.json").status()).isEqualTo(401);
            ApiClient.Response response = server.as(Role.VIEWER).get("/api/openapi.json");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("application/json");
        }
    }

    private static JsonNode document(TestServer server) {
        ApiClient.Response response = server.as(Role.VIEWER).get("/api/openapi.json");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static String roleOf(Role role) {
        return role == null ? "public" : role.label();
    }

    /** Every operation as {@code "METHOD path"}. */
    private static Map<String, JsonNode> operations(JsonNode document) {
        Map<String, JsonNode> operations = new java.util.TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (METHODS.contains(method.getKey())) {
                    operations.put(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), method.getValue());
                }
            }
        }
        return operations;
    }

    private static void references(JsonNode root, JsonNode node, List<String> unresolved) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && (!ref.asText().startsWith("#/") || root.at(ref.asText().substring(1)).isMissingNode())) {
                unresolved.add(ref.asText());
            }
            node.forEach(child -> references(root, child, unresolved));
        } else if (node.isArray()) {
            node.forEach(child -> references(root, child, unresolved));
        }
    }
}
