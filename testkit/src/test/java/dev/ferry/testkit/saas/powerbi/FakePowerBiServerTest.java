package dev.ferry.testkit.saas.powerbi;

import dev.ferry.testkit.saas.InfoFiles;
import dev.ferry.testkit.saas.SaasHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FakePowerBiServerTest {

    @Test
    void startsWithDatasetsAndPushTablesAndWritesTheToken(@TempDir Path dir) throws IOException {
        Path infoFile = dir.resolve("powerbi.env");
        try (FakePowerBi fake = FakePowerBiServer.start(new String[] {"--info", infoFile.toString(), "--group", "g1",
                "--datasets", "sales", "--rows", "12", "--push-datasets", "live", "--push-tables", "Events,Errors"})) {
            Map<String, String> info = InfoFiles.readOwnerOnly(infoFile);
            SaasHttp http = new SaasHttp(info.get("FAKE_POWERBI_URL"), Map.of("Authorization",
                    "Bearer " + info.get("FAKE_POWERBI_ACCESS_TOKEN")));
            SaasHttp.Response answer = http.post("/v1.0/myorg/groups/g1/datasets/sales/executeQueries",
                    Map.of("queries", List.of(Map.of("query", "EVALUATE 'Sales'"))));
            assertThat(answer.body().path("results").get(0).path("tables").get(0).path("rows")).hasSize(12);
            assertThat(http.post("/v1.0/myorg/groups/g1/datasets/live/tables/Errors/rows",
                    Map.of("rows", List.of(Map.of("Message", "boom")))).status()).isEqualTo(200);
            assertThat(fake.rows("live", "Errors")).hasSize(1);
            SaasHttp.Response stats = new SaasHttp("", Map.of()).get(info.get("FAKE_POWERBI_STATS_URL"));
            assertThat(stats.body().path("pushedRows").asInt()).isEqualTo(1);
        }
    }
}
