package dev.ferry.testkit.saas;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared base on its own: routing, path parameters, guard headers, faults, and both window modes. */
class FakeHttpServerTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T23:59:59Z"));
    private FakeHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private SaasHttp start(Guard guard) {
        server = new FakeHttpServer(0, "/v1", new FakeHttpServer.Routes()
                .add("GET", "/things/{thingId}/parts/{partId}", request -> SaasResponse.ok(request.pathParameters()))
                .add("POST", "/things/", request -> SaasResponse.json(201, request.json(m -> SaasResponse.json(400, Map.of("m", m)))))
                .list(), guard, (status, message) -> SaasResponse.json(status, Map.of("oops", message)), clock, () -> Map.of("ok", true));
        return new SaasHttp(server.rootUrl() + "/v1", Map.of());
    }

    @Test
    void routesByMethodAndPatternWithDecodedPathParameters() {
        SaasHttp http = start(Guard.NONE);
        SaasHttp.Response found = http.get("/things/a%20b/parts/7");
        assertThat(found.body().path("thingId").asText()).isEqualTo("a b");
        assertThat(found.body().path("partId").asText()).isEqualTo("7");
        assertThat(http.post("/things", Map.of("x", 1)).status()).as("trailing slash optional").isEqualTo(201);
        assertThat(http.post("/things/", "{not json").status()).isEqualTo(400);
        assertThat(http.get("/things/").status()).isEqualTo(405);
        assertThat(http.get("/things/a/parts").body().path("oops").asText()).contains("Cannot GET");
        assertThat(server.requestCount("POST", "/things/")).isEqualTo(2);
    }

    @Test
    void guardHeadersReachErrorsAndFaultsMatchConcretePathsToo() {
        SaasHttp http = start((request, headers) -> {
            headers.put("X-Seen", "yes");
            if (request.header("X-Key") == null) {
                throw new SaasHttpException(SaasResponse.json(401, Map.of("no", "key")));
            }
        });
        SaasHttp.Response refused = http.get("/things/1/parts/2");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("X-Seen")).isEqualTo("yes");
        SaasHttp keyed = http.withHeader("X-Key", "k");
        server.injectFault(Fault.status(502).on("GET", "/things/1/parts/2").withBody("{\"custom\":true}"));
        assertThat(keyed.get("/things/9/parts/2").status()).isEqualTo(200);
        SaasHttp.Response faulted = keyed.get("/things/1/parts/2");
        assertThat(faulted.status()).isEqualTo(502);
        assertThat(faulted.body().path("custom").asBoolean()).isTrue();
        assertThat(server.requests().get(2).fault()).isNotNull();
        server.setLogLimit(1);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aSlidingWindowCountsTheLastWindowBeforeEachRequest() {
        RateLimitWindow window = new RateLimitWindow(3, Duration.ofSeconds(10), RateLimitWindow.Mode.SLIDING, false, clock);
        for (int i = 0; i < 3; i++) {
            window.record("k");
            clock.advance(Duration.ofSeconds(4));
        }
        // requests at 0, 4, 8 s; now 12 s: the one at 0 has left the window
        assertThat(window.record("k").overLimit()).isFalse();
        assertThat(window.record("k").overLimit()).isTrue();
        assertThat(window.record("other").overLimit()).as("keys are counted apart").isFalse();
        assertThat(window.violations()).isEqualTo(1);
        assertThat(window.violationLog().getFirst().countInWindow()).isEqualTo(4);
    }

    @Test
    void aFixedWindowResetsAtItsBoundaryAndAnEnforcedOneSaysHowLongToWait() {
        RateLimitWindow daily = new RateLimitWindow(2, Duration.ofDays(1), RateLimitWindow.Mode.FIXED, true, clock);
        assertThat(daily.record("k").remaining()).isEqualTo(1);
        assertThat(daily.record("k").remaining()).isZero();
        RateLimitWindow.Decision refused = daily.record("k");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(daily.record("k").allowed()).as("a new day at midnight UTC").isTrue();
        assertThat(daily.violations()).isEqualTo(1);
        assertThat(List.of(daily.requests(), (long) daily.highestCountInWindow())).containsExactly(4L, 2L);
    }
}
