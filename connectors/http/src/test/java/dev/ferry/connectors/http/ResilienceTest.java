package dev.ferry.connectors.http;

import dev.ferry.api.FerryException;
import dev.ferry.api.RetriableException;
import dev.ferry.api.Source;
import dev.ferry.connectors.http.call.CallFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Calls within the provider's limits and through its bad moments: 429s wait as told, 5xx and lost
 * answers are tried again with backoff, a refused authorization stops at once, a rate limit is
 * never exceeded in any window, and every failed call reaches the log with its answer and no secret.
 */
class ResilienceTest {
    private static final String KEY = "sk-live-4f9a1c77e2";

    @TempDir
    Path folder;
    @RegisterExtension
    final TestApi api = new TestApi();

    private Source source(String limits, String provider) {
        return ApiFixture.open(folder, api.url(), """
                provider: %s
                settings:
                  api_key: {required: true, secret: true}
                auth: {type: api_key, header: X-Api-Key, value: "{{config.api_key}}"}
                limits: {%s}
                streams:
                  items:
                    path: /items
                    records: /data
                    paginate: {type: page_number, size: 1}
                    fields: {id: integer}
                """.formatted(provider, limits), Map.of("api_key", KEY));
    }

    @Test
    void a429WaitsAsRetryAfterSaysAnd5xxAndLostAnswersAreTriedAgainEachLoggedWithItsAnswerMasked() {
        AtomicInteger calls = new AtomicInteger();
        api.answer(call -> switch (calls.incrementAndGet()) {
            case 1 -> new TestApi.Answer(429, Map.of("Retry-After", "1"), "{\"message\":\"slow down, key " + KEY + "\"}");
            case 2 -> TestApi.Answer.status(503, "{\"error\":\"maintenance\"}");
            case 3 -> {
                Thread.sleep(1500); // longer than the call's timeout: no answer comes in time
                yield TestApi.Answer.json("{\"data\":[{\"id\":99}]}");
            }
            case 4 -> TestApi.Answer.json("{\"data\":[{\"id\":1}]}");
            default -> TestApi.Answer.json("{\"data\":[]}");
        });
        ApiFixture.Lines log = new ApiFixture.Lines();
        long started = System.nanoTime();
        assertThat(ApiFixture.read(source("retries: 5, timeout: 1s", "resilience-a"), "items", log).column(0)).containsExactly(1L);
        assertThat(System.nanoTime() - started).as("Retry-After: 1 was waited").isGreaterThanOrEqualTo(1_000_000_000L);
        assertThat(api.calls()).hasSize(5);
        assertThat(api.calls()).allSatisfy(call -> assertThat(call.header("X-Api-Key")).isEqualTo(KEY));
        assertThat(log.lines).hasSize(3);
        assertThat(log.lines.get(0)).startsWith("WARN GET " + api.url() + "/items?page=1 answered 429")
                .contains("retry-after: 1").contains("slow down, key ****").contains("trying again in 1.0 s (try 2 of 6)");
        assertThat(log.lines.get(1)).contains("answered 503").contains("maintenance").contains("trying again in 20 ms");
        assertThat(log.lines.get(2)).contains("got no answer within 1 s").contains("trying again in 40 ms");
        assertThat(log.all()).doesNotContain(KEY);
    }

    @Test
    void aRetryAfterLongerThanTheLongestWaitFailsTheReadSayingSo() {
        api.answer(call -> new TestApi.Answer(429, Map.of("Retry-After", "3600"), "{\"message\":\"daily limit\"}"));
        ApiFixture.Lines log = new ApiFixture.Lines();
        assertThatThrownBy(() -> ApiFixture.read(source("max_wait: 30s", "resilience-b"), "items", log))
                .isInstanceOf(FerryException.class).isNotInstanceOf(RetriableException.class)
                .hasMessageContaining("asked to wait 3600 s").hasMessageContaining("longer than the 30 s")
                .hasMessageContaining("daily limit");
        assertThat(api.calls()).hasSize(1);
    }

    @Test
    void aRefusedAuthorizationStopsAtOnceWithTheAnswerAndNoSecret() {
        api.answer(call -> TestApi.Answer.status(401, "{\"message\":\"token expired\"}"));
        assertThatThrownBy(() -> ApiFixture.read(source("retries: 5", "resilience-c"), "items", new ApiFixture.Lines()))
                .isInstanceOf(CallFailedException.class)
                .hasMessageContaining("refused the authorization (401)").hasMessageContaining("token expired")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
        assertThat(api.calls()).hasSize(1);
    }

    @Test
    void serverErrorsThatLastGiveUpAfterTheLastTryAsARetriableFailure() {
        api.answer(call -> TestApi.Answer.status(502, "{\"error\":\"bad gateway\"}"));
        ApiFixture.Lines log = new ApiFixture.Lines();
        assertThatThrownBy(() -> ApiFixture.read(source("retries: 2", "resilience-d"), "items", log))
                .isInstanceOf(RetriableException.class).hasMessageContaining("after 3 tries").hasMessageContaining("502");
        assertThat(api.calls()).hasSize(3);
        assertThat(log.lines.getLast()).endsWith("no tries left");
    }

    @Test
    void aProviderFailingCallAfterCallIsNoLongerCalledAndTheRunSaysWhy() {
        api.answer(call -> TestApi.Answer.status(503, "{\"error\":\"down\"}"));
        assertThatThrownBy(() -> ApiFixture.read(source("retries: 12", "resilience-g"), "items", new ApiFixture.Lines()))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("circuit breaker is open").hasMessageContaining("answered 503");
        assertThat(api.calls()).as("ten failures in a row open the breaker; no more calls follow").hasSize(10);
        // Another read of the same account in the same process is refused at once too.
        assertThatThrownBy(() -> ApiFixture.read(source("retries: 0", "resilience-g"), "items", new ApiFixture.Lines()))
                .hasMessageContaining("circuit breaker is open");
        assertThat(api.calls()).hasSize(10);
    }

    @Test
    void noWindowOfTheLimitEverHoldsMoreCallsThanItAllows() {
        AtomicInteger page = new AtomicInteger();
        api.answer(call -> TestApi.Answer.json(page.incrementAndGet() <= 24
                ? "{\"data\":[{\"id\":" + page.get() + "}]}" : "{\"data\":[]}"));
        assertThat(ApiFixture.read(source("requests: 5, per: 500ms", "resilience-e"), "items", new ApiFixture.Lines()).rows())
                .hasSize(24);
        List<Long> starts = api.calls().stream().map(TestApi.Call::atNanos).toList();
        assertThat(starts).hasSize(25);
        for (int i = 5; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 5)).as("call %d and the fifth before it", i)
                    .isGreaterThanOrEqualTo(500_000_000L);
        }
    }

    @Test
    void twoSourcesOfOneAccountShareItsLimit() throws Exception {
        AtomicInteger page = new AtomicInteger();
        api.answer(call -> TestApi.Answer.json(call.pathAndQuery().endsWith("page=1")
                ? "{\"data\":[{\"id\":" + page.incrementAndGet() + "}]}" : "{\"data\":[]}"));
        Source first = source("requests: 2, per: 1s", "resilience-f");
        Source second = source("requests: 2, per: 1s", "resilience-f");
        Thread other = Thread.ofPlatform().start(() -> ApiFixture.read(second, "items", new ApiFixture.Lines()));
        ApiFixture.read(first, "items", new ApiFixture.Lines());
        other.join();
        List<Long> starts = api.calls().stream().map(TestApi.Call::atNanos).sorted().toList();
        assertThat(starts).hasSize(4);
        assertThat(starts.get(2) - starts.get(0)).isGreaterThanOrEqualTo(1_000_000_000L);
        assertThat(starts.get(3) - starts.get(1)).isGreaterThanOrEqualTo(1_000_000_000L);
    }
}
