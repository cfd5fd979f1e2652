package dev.ferry.connectors.http;

import dev.ferry.api.FerryException;
import dev.ferry.api.Source;
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
 * OAuth 2 against a real HTTP token endpoint: a token fetched once and shared by the calls, fetched
 * again when the API says 401, a refused refresh token stopping the read with a clear error, and a
 * rotated refresh token used from then on and said in the log.
 */
class OAuthTest {
    @TempDir
    Path folder;
    @RegisterExtension
    final TestApi api = new TestApi();

    private Source source(String grant, String account) {
        return source(grant, account, "rt-1", dev.ferry.api.CredentialStore.NONE);
    }

    private Source source(String grant, String account, String refreshToken, dev.ferry.api.CredentialStore store) {
        return ApiFixture.open(folder, api.url(), """
                provider: %s
                settings:
                  client_id: {required: true}
                  client_secret: {required: true, secret: true}
                  refresh_token: {secret: true}
                auth:
                  type: oauth2
                  token_url: /oauth/token
                  grant: %s
                  client_id: "{{config.client_id}}"
                  client_secret: "{{config.client_secret}}"
                  refresh_token: "{{config.refresh_token}}"
                streams:
                  items: {path: /items, records: /data, paginate: {type: page_number, size: 1}, fields: {id: integer}}
                """.formatted(account, grant), Map.of("client_id", "ferry-app", "client_secret", "s3cret-value",
                "refresh_token", refreshToken), store);
    }

    @Test
    void oneTokenServesEveryCallAndA401FetchesAFreshOneOnce() {
        AtomicInteger tokens = new AtomicInteger();
        api.answer(call -> {
            if (call.pathAndQuery().equals("/oauth/token")) {
                assertThat(call.body()).contains("grant_type=client_credentials").contains("client_id=ferry-app")
                        .contains("client_secret=s3cret-value");
                return TestApi.Answer.json("{\"access_token\":\"at-" + tokens.incrementAndGet() + "\",\"expires_in\":1800}");
            }
            if (call.pathAndQuery().endsWith("page=2") && "Bearer at-1".equals(call.header("Authorization"))) {
                return TestApi.Answer.status(401, "{\"message\":\"token revoked\"}");
            }
            int page = Integer.parseInt(call.pathAndQuery().replaceAll(".*page=", ""));
            return TestApi.Answer.json(page <= 3 ? "{\"data\":[{\"id\":" + page + "}]}" : "{\"data\":[]}");
        });
        assertThat(ApiFixture.read(source("client_credentials", "oauth-a"), "items", new ApiFixture.Lines()).column(0))
                .containsExactly(1L, 2L, 3L);
        assertThat(tokens.get()).as("a second token only after the 401").isEqualTo(2);
        List<String> authorizations = api.calls().stream().filter(call -> call.pathAndQuery().startsWith("/items"))
                .map(call -> call.header("Authorization")).toList();
        assertThat(authorizations).containsExactly("Bearer at-1", "Bearer at-1", "Bearer at-2", "Bearer at-2", "Bearer at-2");
    }

    @Test
    void aRefusedRefreshTokenStopsTheReadSayingTheAuthorizationMustBeRenewed() {
        api.answer(call -> call.pathAndQuery().equals("/oauth/token")
                ? TestApi.Answer.status(400, "{\"error\":\"invalid_grant\",\"status\":\"BAD_REFRESH_TOKEN\"}")
                : TestApi.Answer.json("{\"data\":[]}"));
        assertThatThrownBy(() -> ApiFixture.read(source("refresh_token", "oauth-b"), "items", new ApiFixture.Lines()))
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("refused the connection's refresh token (400 invalid_grant)")
                .hasMessageContaining("expired or was revoked; renew it")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-value").doesNotContain("rt-1"));
        assertThat(api.calls()).hasSize(1);
    }

    /** A credential store in memory, as a run's state store keeps one (sealed there). */
    static final class MemoryCredentials implements dev.ferry.api.CredentialStore {
        final Map<String, String> values = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public String load(String name) {
            return values.get(name);
        }

        @Override
        public void save(String name, String value) {
            values.put(name, value);
        }
    }

    @Test
    void aRotatedRefreshTokenIsSavedAndTheNextProcessStartsFromItUnlessTheConnectionWasAuthorizedAnew() {
        java.util.Set<String> valid = java.util.concurrent.ConcurrentHashMap.newKeySet();
        valid.add("rt-1");
        AtomicInteger tokens = new AtomicInteger();
        api.answer(call -> {
            if (call.pathAndQuery().equals("/oauth/token")) {
                String used = call.body().replaceAll(".*refresh_token=([^&]*).*", "$1");
                if (!valid.remove(used)) {
                    return TestApi.Answer.status(400, "{\"error\":\"invalid_grant\"}");
                }
                String next = "rt-" + (tokens.incrementAndGet() + 1);
                valid.add(next);
                return TestApi.Answer.json("{\"access_token\":\"at-" + tokens.get() + "\",\"refresh_token\":\"" + next
                        + "\",\"expires_in\":1800}");
            }
            return TestApi.Answer.json("{\"data\":[]}");
        });
        MemoryCredentials store = new MemoryCredentials();
        ApiFixture.Lines log = new ApiFixture.Lines();
        ApiFixture.read(source("refresh_token", "oauth-d1", "rt-1", store), "items", log);
        assertThat(store.values).containsEntry("refresh_token", "rt-2").containsEntry("refresh_token.given", "rt-1");
        assertThat(log.all()).contains("it is saved, sealed, for the next runs").doesNotContain("rt-2");

        // Another process (a new account instance) with the same connection: it starts from rt-2, as rt-1 is spent.
        ApiFixture.read(source("refresh_token", "oauth-d2", "rt-1", store), "items", new ApiFixture.Lines());
        assertThat(store.values).containsEntry("refresh_token", "rt-3");

        // Authorized anew: the connection gives rt-new, which wins over what was saved.
        valid.add("rt-new");
        ApiFixture.read(source("refresh_token", "oauth-d3", "rt-new", store), "items", new ApiFixture.Lines());
        assertThat(store.values).containsEntry("refresh_token.given", "rt-new");
        assertThat(api.calls().stream().filter(call -> call.pathAndQuery().equals("/oauth/token")).map(TestApi.Call::body)
                .map(body -> body.replaceAll(".*refresh_token=([^&]*).*", "$1")).toList()).containsExactly("rt-1", "rt-2", "rt-new");
    }

    @Test
    void aRotatedRefreshTokenOutsideARunIsUsedAndTheLogSaysItCannotBeSaved() {
        AtomicInteger tokens = new AtomicInteger();
        api.answer(call -> {
            if (call.pathAndQuery().equals("/oauth/token")) {
                int n = tokens.incrementAndGet();
                assertThat(call.body()).contains("refresh_token=rt-" + n);
                return TestApi.Answer.json("{\"access_token\":\"at-" + n + "\",\"refresh_token\":\"rt-" + (n + 1)
                        + "\",\"expires_in\":1800}");
            }
            if ("Bearer at-1".equals(call.header("Authorization"))) {
                return TestApi.Answer.status(401, "{\"message\":\"expired\"}");
            }
            return TestApi.Answer.json("{\"data\":[]}");
        });
        ApiFixture.Lines log = new ApiFixture.Lines();
        assertThat(ApiFixture.read(source("refresh_token", "oauth-c"), "items", log).rows()).isEmpty();
        assertThat(tokens.get()).isEqualTo(2);
        assertThat(log.all()).contains("gave a new refresh token").contains("cannot be saved outside a run").doesNotContain("rt-2");
    }
}
