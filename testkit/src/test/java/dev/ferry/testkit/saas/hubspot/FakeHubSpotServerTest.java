package dev.ferry.testkit.saas.hubspot;

import dev.ferry.testkit.saas.InfoFiles;
import dev.ferry.testkit.saas.SaasHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FakeHubSpotServerTest {

    @Test
    void startsWithGeneratedObjectsAndWritesTheTokens(@TempDir Path dir) throws IOException {
        Path infoFile = dir.resolve("hubspot.env");
        try (FakeHubSpot fake = FakeHubSpotServer.start(new String[] {"--info", infoFile.toString(), "--contacts", "30",
                "--deals", "5", "--burst", "3", "--rotate-refresh-tokens"})) {
            Map<String, String> info = InfoFiles.readOwnerOnly(infoFile);
            SaasHttp http = new SaasHttp(info.get("FAKE_HUBSPOT_URL"), Map.of("Authorization",
                    "Bearer " + info.get("FAKE_HUBSPOT_ACCESS_TOKEN")));
            SaasHttp.Response page = http.get("/crm/v3/objects/contacts?limit=100");
            assertThat(page.body().path("results")).hasSize(30);
            assertThat(page.header("X-HubSpot-RateLimit-Max")).isEqualTo("3");
            assertThat(fake.objects("deals")).hasSize(5);

            SaasHttp.Response stats = new SaasHttp("", Map.of()).get(info.get("FAKE_HUBSPOT_STATS_URL"));
            assertThat(stats.body().path("contacts").asInt()).isEqualTo(30);
            assertThat(stats.body().path("violations").asInt()).isZero();

            SaasHttp.Response refreshed = new SaasHttp(info.get("FAKE_HUBSPOT_URL"), Map.of()).postForm("/oauth/v3/token",
                    Map.of("grant_type", "refresh_token", "client_id", info.get("FAKE_HUBSPOT_CLIENT_ID"),
                            "client_secret", info.get("FAKE_HUBSPOT_CLIENT_SECRET"),
                            "refresh_token", info.get("FAKE_HUBSPOT_REFRESH_TOKEN")));
            assertThat(refreshed.status()).isEqualTo(200);
            assertThat(refreshed.body().path("refresh_token").asText()).isNotEqualTo(info.get("FAKE_HUBSPOT_REFRESH_TOKEN"));
        }
    }
}
