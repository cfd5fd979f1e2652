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
    void daysAreTheBrowsersDaysWhenItSendsItsZone() {
        // Auckland is 13 hours ahead of UTC in January: its 10 January runs from 9 January 11:00 UTC to 10 January 11:00 UTC.
        Instant aucklandNinthLate = Instant.parse("2026-01-09T10:30:00Z");   // 9 Jan 23:30 in Auckland, 9 Jan in UTC
        Instant aucklandTenthEarly = Instant.parse("2026-01-09T11:30:00Z");  // 10 Jan 00:30 in Auckland, 9 Jan in UTC
        Instant aucklandTenthLate = Instant.parse("2026-01-10T10:30:00Z");   // 10 Jan 23:30 in Auckland, 10 Jan in UTC
        Instant aucklandEleventhEarly = Instant.parse("2026-01-10T11:30:00Z"); // 11 Jan 00:30 in Auckland, 10 Jan in UTC
        // Los Angeles is 8 hours behind: its 10 January runs from 10 January 08:00 UTC to 11 January 08:00 UTC.
        Instant losAngelesTenthLate = Instant.parse("2026-01-11T07:30:00Z");  // 10 Jan 23:30 in Los Angeles, 11 Jan in UTC
        try (TestServer server = TestServer.start(folder)) {
            StateStore history = server.server().parts().history();
            List<Instant> starts = List.of(aucklandNinthLate, aucklandTenthEarly, aucklandTenthLate, aucklandEleventhEarly,
                    losAngelesTenthLate);
            List<Long> ids = new ArrayList<>();
            for (Instant start : starts) {
                long id = history.startRun("nightly", "schedule");
                history.finishRun(id, RunStatus.SUCCEEDED, null);
                startAt(server, id, start);
                ids.add(id);
            }
            long ninthLate = ids.get(0);
            long tenthEarly = ids.get(1);
            long tenthLate = ids.get(2);
            long eleventhEarly = ids.get(3);
            long losAngelesLate = ids.get(4);
            DashboardClient viewer = DashboardClient.signIn(server, "vera", Role.VIEWER);

            DashboardClient.Response auckland = viewer.get("/logs?from=2026-01-10&to=2026-01-10&zone=Pacific%2FAuckland");
            assertThat(runIds(auckland)).containsExactlyInAnyOrder(tenthEarly, tenthLate);
            assertThat(auckland.body()).contains("(day in <span data-zone-name>Pacific/Auckland</span>)")
                    .contains("name=\"zone\" value=\"Pacific/Auckland\"")
                    .contains("Days run from midnight to midnight in <span data-zone-name>Pacific/Auckland</span>");
            assertThat(runIds(viewer.get("/logs?from=2026-01-09&to=2026-01-09&zone=Pacific%2FAuckland")))
                    .containsExactly(ninthLate);
            assertThat(runIds(viewer.get("/logs?from=2026-01-11&zone=Pacific%2FAuckland")))
                    .containsExactlyInAnyOrder(eleventhEarly, losAngelesLate);
            assertThat(runIds(viewer.get("/logs?to=2026-01-10&zone=Pacific%2FAuckland")))
                    .containsExactlyInAnyOrder(ninthLate, tenthEarly, tenthLate);

            assertThat(runIds(viewer.get("/logs?from=2026-01-10&to=2026-01-10&zone=America%2FLos_Angeles")))
                    .containsExactlyInAnyOrder(tenthLate, eleventhEarly, losAngelesLate);
            assertThat(runIds(viewer.get("/logs?from=2026-01-09&to=2026-01-09&zone=America%2FLos_Angeles")))
                    .containsExactlyInAnyOrder(ninthLate, tenthEarly);

            // Without a zone (no JavaScript) the days are UTC days, and the page says so.
            DashboardClient.Response utc = viewer.get("/logs?from=2026-01-10&to=2026-01-10");
            assertThat(runIds(utc)).containsExactlyInAnyOrder(tenthLate, eleventhEarly);
            assertThat(utc.body()).contains("(day in <span data-zone-name>UTC</span>)").contains("Without JavaScript, days are read in")
                    .contains("name=\"zone\" data-browser-zone>");

            // A zone this server does not know is read as UTC, and the page says that too.
            DashboardClient.Response unknown = viewer.get("/logs?from=2026-01-10&to=2026-01-10&zone=Mars%2FOlympus_Mons");
            assertThat(unknown.status()).isEqualTo(200);
            assertThat(runIds(unknown)).containsExactlyInAnyOrder(tenthLate, eleventhEarly);
            assertThat(unknown.body()).contains("This server does not know the time zone 'Mars/Olympus_Mons': days are read in UTC.");

            // Links to other pages keep the zone, so page 2 means the same days as page 1.
            DashboardClient.Response beyond = viewer.get("/logs?from=2026-01-10&to=2026-01-10&zone=Pacific%2FAuckland&page=2");
            assertThat(beyond.body()).contains("There is no page 2")
                    .contains("href=\"/logs?from=2026-01-10&amp;to=2026-01-10&amp;zone=Pacific%2FAuckland\"");
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

    private static void startAt(TestServer server, long run, Instant start) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + server.folder().resolve("state.db"));
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE ferry_run SET started_at = ?, ended_at = ? WHERE id = ?")) {
            update.setLong(1, start.toEpochMilli());
            update.setLong(2, start.toEpochMilli() + 1000);
            update.setLong(3, run);
            assertThat(update.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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
