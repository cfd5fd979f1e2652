package dev.ferry.server.ui.auth;

import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import dev.ferry.server.ui.UiPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API takes bearer tokens only: a dashboard session cookie, which a browser sends by itself,
 * signs nothing in there (so another site cannot make a signed-in browser call the API).
 */
class ApiTakesNoSessionCookieTest {
    private static final String PASSWORD = "a long enough password 42";

    @TempDir
    Path folder;

    @Test
    void aSessionCookieOpensTheDashboardButNotTheApi() throws Exception {
        try (TestServer server = TestServer.start(folder)) {
            new UserService(server.server().parts().sql(), Clock.systemUTC()).create("ann", Role.ADMIN, PASSWORD, false);
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String url = server.server().url();
            HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(url + UiPaths.SIGN_IN))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("name=ann&password=" + URLEncoder.encode(PASSWORD,
                            StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).isEqualTo(303);
            String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(setCookie).startsWith(UiAuth.COOKIE + "=").contains("HttpOnly", "SameSite=Strict", "Path=/")
                    .doesNotContain("Secure");
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));

            HttpResponse<String> overview = http.send(HttpRequest.newBuilder(URI.create(url + UiPaths.OVERVIEW))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(overview.statusCode()).as("the cookie is a live session").isEqualTo(200);
            assertThat(overview.body()).contains("<h1>Pipelines</h1>");

            for (String path : new String[]{"/api/pipelines", "/api/runs", "/api/tokens", "/api/audit"}) {
                HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Cookie", cookie)
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(api.statusCode()).as(path).isEqualTo(401);
                assertThat(api.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
            }
            HttpResponse<String> run = http.send(HttpRequest.newBuilder(URI.create(url + "/api/pipelines/any/runs"))
                    .header("Cookie", cookie).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(run.statusCode()).isEqualTo(401);

            HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create(url + "/api/pipelines"))
                    .header("Authorization", "Bearer " + server.token(Role.VIEWER)).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bearer.statusCode()).as("the API answers its bearer token, the cookie aside").isEqualTo(200);
        }
    }
}
