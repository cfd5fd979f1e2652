package dev.ferry.server.ui.auth;

import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import dev.ferry.server.security.MutableClock;
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
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed sign-ins are limited per address: five at once, then the address waits, even with the
 * right password; after the wait it may sign in. Successful sign-ins are not counted.
 */
class SignInLimitTest {
    private static final String PASSWORD = "a long enough password 42";

    @TempDir
    Path folder;

    @Test
    void anAddressThatFailsTooOftenWaitsBeforeItMayTryAgain() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
        try (TestServer server = TestServer.start(folder, settings -> settings.withClock(clock))) {
            new UserService(server.server().parts().sql(), clock).create("ann", Role.VIEWER, PASSWORD, false);
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String url = server.server().url();

            for (int i = 0; i < 3; i++) {
                assertThat(signIn(http, url, PASSWORD).statusCode()).as("successes are not counted").isEqualTo(303);
            }
            for (int i = 1; i <= 6; i++) {
                assertThat(signIn(http, url, "wrong password " + i).statusCode()).as("failure " + i).isEqualTo(401);
            }
            HttpResponse<String> refused = signIn(http, url, PASSWORD);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body()).contains("Too many failed sign-ins");
            assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(server.server().parts().audit().recent(50, 0)).anySatisfy(entry ->
                    assertThat(entry.detail()).startsWith("too many failed sign-ins from this address"));

            clock.advance(Duration.ofSeconds(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()) + 1));
            assertThat(signIn(http, url, PASSWORD).statusCode()).as("after the wait").isEqualTo(303);
        }
    }

    private static HttpResponse<String> signIn(HttpClient http, String url, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + UiPaths.SIGN_IN))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=ann&password=" + URLEncoder.encode(password,
                        StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }
}
