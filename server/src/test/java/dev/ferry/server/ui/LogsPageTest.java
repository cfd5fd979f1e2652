package dev.ferry.server.ui;

import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The Logs page over HTTP: filters, paging and links, on runs of real pipelines and a longer history. */
class LogsPageTest {
    private static final Pattern RUN_ROW = Pattern.compile("<th scope=\"row\"><a href=\"/runs/(\\d+)\">");
    private static final int BULK = 120;
    private static final Instant EARLIER_DAY = Instant.parse("2026-01-10T12:00:00Z");

    @TempDir
    Path folder;

    @Test
    void filtersPagingAndLinksOverRealRuns() {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 100);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "items-copy", source, folder.resolve("copy.db"), "");
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "broken", folder.resolve("empty.db"),
                    folder.resolve("broken-copy.db"), "");
            return settings;
        })) {
            StateStore history = server.server().parts().history();
            List<Long> bulk = new ArrayList<>();
            for (int i = 0; i < BULK; i++) {
                long id = history.startRun("bulk", "schedule");
                history.finishRun(id, RunStatus.SUCCEEDED, null);
                bulk.add(id);
            }
            moveToEarlierDay(server, bulk.subList(0, 30));
            DashboardClient operator = DashboardClient.signIn(server, "olga", Role.OPERATOR);
            long copy1 = RunPageTest.syncNow(operator, "items-copy");
            RunPageTest.awaitEnd(server, copy1);
            long copy2 = RunPageTest.syncNow(operator, "items-copy");
            RunPageTest.awaitEnd(server, copy2);
            long broken = RunPageTest.syncNow(operator, "broken");
            RunRecord failed = RunPageTest.awaitEnd(server, broken);
            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            long total = BULK + 3;

            DashboardClient viewer = DashboardClient.signIn(server, "vera", Role.VIEWER);
            DashboardClient.Response first = viewer.get(UiPaths.LOGS);
            assertThat(first.status()).isEqualTo(200);
            assertThat(runIds(first)).hasSize(50).startsWith(broken, copy2, copy1).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            assertThat(first.body()).contains("Runs 1–50").contains("of " + total + ", newest first")
                    .contains("Page 1 of 3").contains("<a rel=\"next\" href=\"/logs?page=2\">").doesNotContain("rel=\"prev\"")
                    .contains("<a href=\"/pipelines/items-copy\">items-copy</a>")
                    .contains("<span class=\"badge failed\">failed</span>")
                    .contains("<option value=\"items-copy\"></option>");

            DashboardClient.Response second = viewer.get("/logs?page=2");
            assertThat(second.body()).contains("Runs 51–100 of " + total).contains("<a rel=\"prev\" href=\"/logs\">")
                    .contains("<a rel=\"next\" href=\"/logs?page=3\">");
            DashboardClient.Response last = viewer.get("/logs?page=3");
            assertThat(runIds(last)).hasSize((int) total - 100).endsWith(bulk.getFirst());
            assertThat(last.body()).doesNotContain("rel=\"next\"");
            assertThat(viewer.get("/logs?page=9").body()).contains("There is no page 9").contains("select " + total + " run(s)");

            DashboardClient.Response byPipeline = viewer.get("/logs?pipeline=items-copy");
            assertThat(runIds(byPipeline)).containsExactly(copy2, copy1);
            assertThat(byPipeline.body()).contains("value=\"items-copy\"").contains("Page 1 of 1").contains(">Clear</a>");

            assertThat(runIds(viewer.get("/logs?status=failed"))).containsExactly(broken);
            assertThat(viewer.get("/logs?status=failed").body()).contains("<option value=\"failed\" selected>failed</option>");
            String needle = failed.error().substring(0, Math.min(15, failed.error().length())).toUpperCase(Locale.ROOT);
            DashboardClient.Response byError = viewer.get("/logs?q=" + java.net.URLEncoder.encode(needle,
                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(runIds(byError)).as(needle).containsExactly(broken);

            DashboardClient.Response earlier = viewer.get("/logs?pipeline=bulk&from=2026-01-10&to=2026-01-10");
            assertThat(runIds(earlier)).hasSize(30).containsExactlyInAnyOrderElementsOf(bulk.subList(0, 30));
            assertThat(earlier.body()).contains("of 30,");
            assertThat(viewer.get("/logs?from=2026-01-11&to=2026-01-11").body()).contains("No run matches these filters");
            assertThat(runIds(viewer.get("/logs?to=2026-01-09"))).isEmpty();

            DashboardClient.Response bulkPage = viewer.get("/logs?pipeline=bulk&status=succeeded&page=2");
            assertThat(runIds(bulkPage)).hasSize(50).allMatch(bulk::contains);
            assertThat(bulkPage.body()).contains("href=\"/logs?pipeline=bulk&amp;status=succeeded&amp;page=3\"")
                    .contains("href=\"/logs?pipeline=bulk&amp;status=succeeded\"");

            assertThat(viewer.get("/logs?status=sleeping").status()).isEqualTo(400);
            assertThat(viewer.get("/logs?status=sleeping").body()).contains("No run is in state 'sleeping'");
            assertThat(viewer.get("/logs?from=yesterday").body()).contains("The from date is a day such as");
            assertThat(viewer.get("/logs?page=0").status()).isEqualTo(400);
            assertThat(viewer.get("/logs?from=2026-02-01&to=2026-01-01").status()).isEqualTo(400);
        }
    }

    @Test
    void noRunsYetSaysSo() {
        try (TestServer server = TestServer.start(folder)) {
            DashboardClient viewer = DashboardClient.signIn(server, "vera", Role.VIEWER);
            DashboardClient.Response page = viewer.get(UiPaths.LOGS);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("No run yet").contains("Page 1 of 1").doesNotContain("<table");
        }
    }

    private static List<Long> runIds(DashboardClient.Response page) {
        List<Long> ids = new ArrayList<>();
        Matcher row = RUN_ROW.matcher(page.body());
        while (row.find()) {
            ids.add(Long.parseLong(row.group(1)));
        }
        return ids;
    }

    private static void moveToEarlierDay(TestServer server, List<Long> runs) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + server.folder().resolve("state.db"));
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE ferry_run SET started_at = ?, ended_at = ? WHERE id = ?")) {
            for (long id : runs) {
                update.setLong(1, EARLIER_DAY.toEpochMilli());
                update.setLong(2, EARLIER_DAY.toEpochMilli() + 1000);
                update.setLong(3, id);
                update.addBatch();
            }
            update.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
