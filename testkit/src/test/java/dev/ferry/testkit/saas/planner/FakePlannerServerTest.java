package dev.ferry.testkit.saas.planner;

import dev.ferry.testkit.saas.InfoFiles;
import dev.ferry.testkit.saas.SaasHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FakePlannerServerTest {

    @Test
    void startsWithPlansAndTasksAndWritesTheToken(@TempDir Path dir) throws IOException {
        Path infoFile = dir.resolve("planner.env");
        try (FakePlanner fake = FakePlannerServer.start(new String[] {"--info", infoFile.toString(), "--plans", "PlanB",
                "--tasks", "7", "--page-size", "5"})) {
            Map<String, String> info = InfoFiles.readOwnerOnly(infoFile);
            SaasHttp http = new SaasHttp(info.get("FAKE_PLANNER_URL"), Map.of("Authorization",
                    "Bearer " + info.get("FAKE_PLANNER_ACCESS_TOKEN")));
            SaasHttp.Response first = http.get("/v1.0/planner/plans/" + info.get("FAKE_PLANNER_PLAN_ID") + "/tasks");
            assertThat(first.body().path("value")).hasSize(5);
            assertThat(http.get(first.body().path("@odata.nextLink").asText()).body().path("value")).hasSize(2);
            assertThat(fake.tasks("PlanB")).hasSize(7);
            SaasHttp.Response stats = new SaasHttp("", Map.of()).get(info.get("FAKE_PLANNER_STATS_URL"));
            assertThat(stats.body().path("tasks").asInt()).isEqualTo(7);
        }
    }
}
