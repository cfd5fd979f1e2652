package dev.ferry.testkit.saas.alfadocs;

import dev.ferry.testkit.saas.InfoFiles;
import dev.ferry.testkit.saas.SaasHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeAlfaDocsServerTest {

    @Test
    void startsWithGeneratedDataAndWritesAnOwnerOnlyInfoFile(@TempDir Path dir) throws IOException {
        Path infoFile = dir.resolve("alfadocs.env");
        try (FakeAlfaDocs fake = FakeAlfaDocsServer.start(new String[] {"--info", infoFile.toString(), "--patients", "1000",
                "--appointments", "200", "--page-size", "100", "--rate-limit", "5"})) {
            Map<String, String> info = InfoFiles.readOwnerOnly(infoFile);
            assertThat(info.get("FAKE_ALFADOCS_BASE_URL")).isEqualTo(fake.baseUrl()).endsWith("/api/v1");
            SaasHttp http = new SaasHttp(info.get("FAKE_ALFADOCS_BASE_URL"), Map.of("X-Api-Key", info.get("FAKE_ALFADOCS_API_KEY")));
            SaasHttp.Response page = http.get("/practices/" + info.get("FAKE_ALFADOCS_PRACTICE_ID") + "/archives/"
                    + info.get("FAKE_ALFADOCS_ARCHIVE_ID") + "/patients");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().path("links").path("pages").asInt()).isEqualTo(10);
            assertThat(fake.appointments()).hasSize(200);
            assertThat(fake.rateLimit().limit()).isEqualTo(5);

            SaasHttp.Response stats = new SaasHttp("", Map.of()).get(info.get("FAKE_ALFADOCS_STATS_URL"));
            assertThat(stats.body().path("patients").asLong()).isEqualTo(1000);
            assertThat(stats.body().path("requestsByRoute").path("GET " + FakeAlfaDocs.patientsRoute()).asLong()).isEqualTo(1);
            assertThat(fake.requests()).as("the stats route is not recorded").hasSize(1);
        }
    }

    @Test
    void refusesUnknownOptionsAndAMissingInfoFile() {
        assertThatThrownBy(() -> FakeAlfaDocsServer.start(new String[] {"--patient", "3", "--info", "x"}))
                .hasMessageContaining("unknown option --patient");
        assertThatThrownBy(() -> FakeAlfaDocsServer.start(new String[] {"--patients", "3"}))
                .hasMessageContaining("--info FILE is required");
    }
}
