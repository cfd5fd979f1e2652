package dev.ferry.server.security;

import dev.ferry.server.TestServer;
import dev.ferry.server.audit.AuditQuery;
import dev.ferry.server.auth.Role;
import dev.ferry.server.http.RouteInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every registered route against every role, without a token and with a wrong one, over real HTTP.
 * The routes come from {@link dev.ferry.server.FerryServer#routes()}, so a route added later is
 * covered without touching this test: path parameters get placeholder values, and a route is
 * expected to refuse exactly the roles below the one it declares.
 */
class RoleMatrixTest {
    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path folder;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(folder);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theRoutesToCheckAreThere() {
        // A guard against a matrix that checks nothing: the routes of this module at least.
        assertThat(server.server().routes()).extracting(route -> route.method() + " " + route.path())
                .contains("GET /health", "GET /ready", "POST /api/pipelines/{name}/runs", "GET /api/runs",
                        "POST /api/runs/{id}/cancel", "POST /api/reload", "GET /api/tokens", "POST /api/tokens",
                        "DELETE /api/tokens/{name}", "GET /api/audit");
        assertThat(server.server().routes()).filteredOn(route -> route.role() == null)
                .extracting(RouteInfo::path).containsExactlyInAnyOrder("/health", "/ready");
    }

    @TestFactory
    Stream<DynamicTest> everyRoleAgainstEveryRoute() {
        List<DynamicTest> tests = new ArrayList<>();
        for (RouteInfo route : server.server().routes()) {
            for (Role role : Role.values()) {
                tests.add(DynamicTest.dynamicTest(route.method() + " " + route.path() + " as " + role.label(),
                        () -> checkRole(route, role)));
            }
            tests.add(DynamicTest.dynamicTest(route.method() + " " + route.path() + " without a token",
                    () -> checkAnonymous(route, null)));
            tests.add(DynamicTest.dynamicTest(route.method() + " " + route.path() + " with a wrong token",
                    () -> checkAnonymous(route, "fy_" + "x".repeat(43))));
            tests.add(DynamicTest.dynamicTest(route.method() + " " + route.path() + " with a token not of Ferry's form",
                    () -> checkAnonymous(route, "not-a-ferry-token")));
        }
        return tests.stream();
    }

    private void checkRole(RouteInfo route, Role role) {
        long auditedBefore = audited(role);
        Answer answer = call(route, server.token(role));
        if (route.role() == null || role.includes(route.role())) {
            assertThat(answer.status()).as("%s %s as %s: %s", route.method(), route.path(), role.label(), answer.body())
                    .isNotIn(401, 403);
        } else {
            assertThat(answer.status()).as("%s %s as %s: %s", route.method(), route.path(), role.label(), answer.body())
                    .isEqualTo(403);
            assertThat(answer.body()).contains("\"code\":\"forbidden\"")
                    .contains("needs the " + route.role().label() + " role")
                    .contains("\"needed\":\"" + route.role().label() + "\"");
        }
        if (CHANGES.contains(route.method()) && route.role() != null) {
            // Every change request of a known caller is on record, whatever its outcome.
            assertThat(audited(role)).as("audit entries of %s after %s %s", role.label(), route.method(), route.path())
                    .isGreaterThan(auditedBefore);
        }
    }

    private void checkAnonymous(RouteInfo route, String token) {
        Answer answer = call(route, token);
        if (route.role() == null) {
            assertThat(answer.status()).as(answer.body()).isNotIn(401, 403);
        } else {
            assertThat(answer.status()).as("%s %s: %s", route.method(), route.path(), answer.body()).isEqualTo(401);
            assertThat(answer.body()).contains("\"code\":\"unauthorized\"");
            assertThat(answer.wwwAuthenticate()).startsWith("Bearer");
        }
    }

    private static long audited(Role role) {
        return server.server().parts().audit()
                .search(new AuditQuery("test-" + role.label(), null, null, null, null, null, 1, 0)).total();
    }

    /** Calls a route with placeholders for its path parameters; an event stream is closed once its head arrived. */
    static Answer call(RouteInfo route, String token) {
        String path = route.path().replaceAll("\\{[^}/]+}|<[^>/]+>", "placeholder-0");
        boolean events = route.method().equals("SSE");
        String method = events ? "GET" : route.method();
        boolean withBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.server().url() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, withBody ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (withBody) {
            request.header("Content-Type", "application/json");
        }
        if (events) {
            request.header("Accept", "text/event-stream");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = response.body()) {
                // An allowed event stream never ends: its status is what counts here.
                body = events && response.statusCode() == 200 ? "" : new String(in.readAllBytes());
            }
            return new Answer(response.statusCode(), body, response.headers().firstValue("WWW-Authenticate").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Answer(int status, String body, String wwwAuthenticate) {
    }

}
