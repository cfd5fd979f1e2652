package dev.ferry.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.server.ApiClient;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import dev.ferry.server.http.RouteInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
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
                JsonNode responses = operation.path("responses");
                assertThat(responses.has("500")).as(key + " documents 500").isTrue();
                boolean isPublic = operation.path("x-ferry-role").asText().equals("public");
                assertThat(operation.path("security").isEmpty()).as(key + " security matches its role").isEqualTo(isPublic);
                if (!isPublic) {
                    assertThat(responses.has("401") && responses.has("403")).as(key + " documents 401 and 403").isTrue();
                }
            });
            List<String> unresolved = new ArrayList<>();
            references(document, document, unresolved);
            assertThat(unresolved).as("$ref that point nowhere").isEmpty();
        }
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
