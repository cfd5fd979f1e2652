package dev.ferry.testkit.saas.gohighlevel;

import dev.ferry.testkit.saas.InfoFiles;
import dev.ferry.testkit.saas.SaasHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FakeGoHighLevelServerTest {

    @Test
    void startsWithCalendarsUsersCustomFieldsAndContactsAndWritesTheTokens(@TempDir Path dir) throws IOException {
        Path infoFile = dir.resolve("ghl.env");
        try (FakeGoHighLevel fake = FakeGoHighLevelServer.start(new String[] {"--info", infoFile.toString(),
                "--calendars", "cal-a,cal-b", "--users", "user-1", "--custom-fields", "codice_fiscale", "--contacts", "50",
                "--burst", "3", "--burst-window-ms", "60000"})) {
            Map<String, String> info = InfoFiles.readOwnerOnly(infoFile);
            assertThat(info.get("FAKE_GHL_CUSTOM_FIELD_CODICE_FISCALE")).hasSize(20);
            SaasHttp http = new SaasHttp(info.get("FAKE_GHL_URL"), Map.of("Authorization",
                    "Bearer " + info.get("FAKE_GHL_ACCESS_TOKEN"), "Version", "2021-07-28"));
            SaasHttp.Response upsert = http.post("/contacts/upsert", Map.of("locationId", info.get("FAKE_GHL_LOCATION_ID"),
                    "email", "contact7@example.it", "customFields",
                    List.of(Map.of("key", "codice_fiscale", "field_value", "RSSMRA80A01F205X"))));
            assertThat(upsert.status()).isEqualTo(200);
            assertThat(upsert.body().path("new").asBoolean()).isFalse();
            assertThat(fake.contacts()).hasSize(50);
            assertThat(http.get("/contacts/x").header("X-RateLimit-Max")).isEqualTo("3");

            SaasHttp.Response stats = new SaasHttp("", Map.of()).get(info.get("FAKE_GHL_STATS_URL"));
            assertThat(stats.body().path("contacts").asInt()).isEqualTo(50);
            assertThat(stats.body().path("violations").asInt()).isZero();

            SaasHttp oauth = new SaasHttp(info.get("FAKE_GHL_URL"), Map.of());
            assertThat(oauth.postForm("/oauth/token", Map.of("client_id", info.get("FAKE_GHL_CLIENT_ID"),
                    "client_secret", info.get("FAKE_GHL_CLIENT_SECRET"), "grant_type", "refresh_token",
                    "refresh_token", info.get("FAKE_GHL_REFRESH_TOKEN"))).status()).isEqualTo(200);
        }
    }
}
