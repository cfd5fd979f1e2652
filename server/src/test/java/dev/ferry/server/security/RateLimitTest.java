package dev.ferry.server.security;

import dev.ferry.server.ApiClient;
import dev.ferry.server.ServerSettings;
import dev.ferry.server.TestServer;
import dev.ferry.server.audit.AuditEntry;
import dev.ferry.server.audit.AuditQuery;
import dev.ferry.server.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-token limit over real HTTP, on a clock the test moves instead of sleeping. */
class RateLimitTest {
    @TempDir
    Path folder;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    private TestServer start(int perMinute, int burst) {
        return TestServer.start(folder, settings -> settings.withClock(clock)
                .withRateLimit(new ServerSettings.RateLimit(perMinute, burst)));
    }

    @Test
    void aBurstPassesThenTheTokenIsRefusedWithRetryAfterUntilTheBucketRefills() {
        try (TestServer server = start(60, 3)) {
            ApiClient viewer = server.as(Role.VIEWER);
            for (int i = 0; i < 3; i++) {
                assertThat(viewer.get("/api/pipelines").status()).as("request %d of the burst", i + 1).isEqualTo(200);
            }
            ApiClient.Response limited = viewer.get("/api/pipelines");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).isEqualTo("1");
            assertThat(limited.json().get("error").get("code").asText()).isEqualTo("rate_limited");
            assertThat(limited.json().get("error").get("message").asText()).contains("test-viewer").contains("60 requests a minute");
            assertThat(limited.json().get("error").get("details").get("retryAfterSeconds").asInt()).isEqualTo(1);

            // One second buys one request.
            clock.advance(Duration.ofSeconds(1));
            assertThat(viewer.get("/api/pipelines").status()).isEqualTo(200);
            assertThat(viewer.get("/api/pipelines").status()).isEqualTo(429);

            // A long pause fills the bucket to its burst, and no more.
            clock.advance(Duration.ofMinutes(5));
            for (int i = 0; i < 3; i++) {
                assertThat(viewer.get("/api/runs").status()).isEqualTo(200);
            }
            assertThat(viewer.get("/api/runs").status()).isEqualTo(429);
        }
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilARequestWouldPass() {
        try (TestServer server = start(30, 1)) {
            ApiClient viewer = server.as(Role.VIEWER);
            assertThat(viewer.get("/api/runs").status()).isEqualTo(200);
            assertThat(viewer.get("/api/runs").header("Retry-After")).isEqualTo("2");
            clock.advance(Duration.ofMillis(1500));
            ApiClient.Response stillLimited = viewer.get("/api/runs");
            assertThat(stillLimited.status()).isEqualTo(429);
            assertThat(stillLimited.header("Retry-After")).isEqualTo("1");
            clock.advance(Duration.ofMillis(500));
            assertThat(viewer.get("/api/runs").status()).isEqualTo(200);
        }
    }

    @Test
    void eachTokenHasItsOwnBucketAndHealthAndUnauthenticatedRequestsAreNotCounted() {
        try (TestServer server = start(60, 2)) {
            ApiClient viewer = server.as(Role.VIEWER);
            viewer.get("/api/runs");
            viewer.get("/api/runs");
            assertThat(viewer.get("/api/runs").status()).isEqualTo(429);
            assertThat(server.as(Role.OPERATOR).get("/api/runs").status()).isEqualTo(200);

            for (int i = 0; i < 20; i++) {
                assertThat(server.anonymous().get("/health").status()).isEqualTo(200);
                assertThat(server.anonymous().get("/ready").status()).isEqualTo(200);
                // Without a valid token: 401 every time, never 429, and no bucket is made for it.
                assertThat(server.anonymous().get("/api/runs").status()).isEqualTo(401);
                assertThat(new ApiClient(server.server().url(), "fy_unknown" + i).get("/api/runs").status()).isEqualTo(401);
            }
            assertThat(server.as(Role.ADMIN).get("/api/runs").status()).isEqualTo(200);
        }
    }

    @Test
    void theFirstRefusalOfAStreakOnAChangeRouteIsAudited() {
        try (TestServer server = start(60, 1)) {
            ApiClient operator = server.as(Role.OPERATOR);
            assertThat(operator.post("/api/pipelines/none/runs", "{}").status()).isEqualTo(404);
            for (int i = 0; i < 5; i++) {
                assertThat(operator.post("/api/pipelines/none/runs", "{}").status()).isEqualTo(429);
            }
            clock.advance(Duration.ofSeconds(1));
            assertThat(operator.post("/api/pipelines/none/runs", "{}").status()).isEqualTo(404);
            assertThat(operator.post("/api/pipelines/none/runs", "{}").status()).isEqualTo(429);
            // Reads are limited too but are not changes: not audited.
            assertThat(operator.get("/api/runs").status()).isEqualTo(429);

            List<AuditEntry> entries = server.server().parts().audit()
                    .search(new AuditQuery("test-operator", null, null, null, null, null, 100, 0)).items().reversed();
            assertThat(entries).extracting(AuditEntry::outcome, entry -> entry.detail().startsWith("status 429"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("refused", false),
                            org.assertj.core.groups.Tuple.tuple("refused", true),
                            org.assertj.core.groups.Tuple.tuple("refused", false),
                            org.assertj.core.groups.Tuple.tuple("refused", true));
            AuditEntry limited = entries.get(1);
            assertThat(limited.action()).isEqualTo("POST /api/pipelines/{name}/runs");
            assertThat(limited.target()).isEqualTo("none");
            assertThat(limited.role()).isEqualTo("operator");
            assertThat(limited.address()).isEqualTo("127.0.0.1");
            assertThat(limited.detail()).contains("rate_limited");
        }
    }
}
