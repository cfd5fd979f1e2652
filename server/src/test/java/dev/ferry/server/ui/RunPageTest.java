package dev.ferry.server.ui;

import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.server.GatedPostgresSource;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.SseReader;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The run page over HTTP, against a real server and real runs. */
class RunPageTest {
    private static final Pattern RUN_LOCATION = Pattern.compile("^/runs/(\\d+)$");
    private static final Pattern STREAM = Pattern.compile("sse-connect=\"/runs/\\d+/stream\\?after=(\\d+)\"");
    private static final Pattern LOG_LINES = Pattern.compile("(?s)<ol id=\"run-log\" hx-swap-oob=\"beforeend\">(.*)</ol>");
    private static final Pattern PAGE_LOG = Pattern.compile("(?s)<ol id=\"run-log\" class=\"log\"[^>]*>(.*?)</ol>");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    @Test
    void aFinishedRunShowsItsFinalCountsItsLogAndTheRowsItSetAside() throws IOException {
        createClinic();
        try (TestServer server = TestServer.start(folder, settings -> {
            writeClinicPipeline(settings.pipelinesFolder());
            return settings;
        })) {
            DashboardClient operator = DashboardClient.signIn(server, "olga", Role.OPERATOR);
            long runId = syncNow(operator, "clinic");
            RunRecord run = awaitEnd(server, runId);
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);

            DashboardClient.Response page = operator.get(UiPaths.run(runId));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body())
                    .contains("<h1>Run " + runId + " of clinic</h1>")
                    .contains("<span class=\"badge succeeded\">succeeded</span>")
                    .contains("ui:olga")
                    // Four patients read, two written, two set aside for an operator the lookup does not know.
                    .containsPattern("<th scope=\"row\">patients</th>\\s*<td><span class=\"badge succeeded\">done</span>\\s*</td>"
                            + "\\s*<td class=\"number\" data-label=\"Read\">4</td>\\s*<td class=\"number\" data-label=\"Written\">2</td>")
                    .contains("run " + runId + " of pipeline clinic started")
                    .contains("<h2>Quarantined rows</h2>")
                    .containsPattern("<th scope=\"row\">patients</th><td><code>id=2</code></td>\\s*<td>transform</td><td>[^<]*verdi")
                    .contains("<code>id=3</code>").contains("no mapping for 'bianchi'")
                    .doesNotContain("Cancel run")
                    .doesNotContain("sse-connect");
            // Rows' values are not shown: they may be personal data.
            assertThat(page.body()).doesNotContain("secret note");
        }
    }

    @Test
    void anUnknownRunIsANotFoundPage() {
        try (TestServer server = TestServer.start(folder)) {
            DashboardClient viewer = DashboardClient.signIn(server, "vera", Role.VIEWER);
            DashboardClient.Response missing = viewer.get("/runs/424242");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body()).contains("<h1>Not found</h1>").contains("There is no run 424242")
                    .as("a signed-in user keeps the navigation").contains("<nav aria-label=\"Main\">").contains("Sign out");
            DashboardClient.Response unknownPath = viewer.get("/no/such/page");
            assertThat(unknownPath.status()).isEqualTo(404);
            assertThat(unknownPath.body()).contains("<nav aria-label=\"Main\">");
            assertThat(viewer.get("/runs/not-a-number").status()).isEqualTo(404);
            assertThat(viewer.get(UiPaths.runStream(424242, 0)).status()).isEqualTo(404);
        }
    }

    @Test
    void theLiveStreamSendsTheRunAsItGoesEveryLineOnceAndEndsWithIt() throws InterruptedException {
        try (GatedPostgresSource source = new GatedPostgresSource(60, 0);
             TestServer server = TestServer.start(folder, settings -> {
                 source.pipeline(settings.pipelinesFolder(), "pg-live");
                 return settings;
             })) {
            DashboardClient viewer = DashboardClient.signIn(server, "vera", Role.VIEWER);
            DashboardClient operator = DashboardClient.signIn(server, "olga", Role.OPERATOR);
            long runId = syncNow(operator, "pg-live");

            // The gate holds the run at its first row.
            DashboardClient.Response page = viewer.get(UiPaths.run(runId));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<span class=\"badge running\">running</span>")
                    .contains("sse-swap=\"live,end\"").contains("sse-close=\"end\"")
                    .as("a viewer is not offered Cancel").doesNotContain("Cancel run");
            long after = streamFrom(page.body());

            Matcher pageLog = PAGE_LOG.matcher(page.body());
            assertThat(pageLog.find()).isTrue();
            StringBuilder linesSent = new StringBuilder(pageLog.group(1));
            try (SseReader live = viewer.follow(UiPaths.runStream(runId, after), null)) {
                source.allow(25);
                SseReader.Event progressed = nextUntil(live, linesSent,
                        event -> event.data().matches("(?s).*<td class=\"number\" data-label=\"Read\">2\\d</td>.*"));
                assertThat(progressed.name()).isEqualTo("live");
                assertThat(progressed.data()).startsWith("<section id=\"run-live\"")
                        .contains("<span class=\"badge running\">running</span>")
                        .containsPattern("<th scope=\"row\">items</th>\\s*<td><span class=\"badge running\">running</span>")
                        .containsPattern("<td class=\"number\" data-label=\"Rows/s\">[\\d,]+/s</td>")
                        .contains("sse-swap=\"live,end\"");

                source.open();
                SseReader.Event ended = nextUntil(live, linesSent, event -> "end".equals(event.name()));
                assertThat(ended.data())
                        .contains("badge succeeded\">succeeded")
                        .as("the last event stops the following").doesNotContain("sse-swap")
                        .containsPattern("<th scope=\"row\">items</th>\\s*<td><span class=\"badge succeeded\">done</span>"
                                + "\\s*</td>\\s*<td class=\"number\" data-label=\"Read\">60</td>\\s*<td class=\"number\" data-label=\"Written\">60</td>");
                long last = server.server().parts().history().runLog(runId).getLast().id();
                assertThat(ended.id()).isEqualTo(Long.toString(last));
                assertThat(live.next(WAIT)).isSameAs(SseReader.CLOSED);
            }
            // The page's lines and the new lines the events appended to them: each line once.
            assertThat(linesSent.toString().split("run " + runId + " of pipeline pg-live started", -1)).hasSize(2);
            assertThat(linesSent.toString().split("done: 60 read", -1)).hasSize(2);

            // A browser that reconnects says which line it has: it gets the end and nothing twice.
            long last = server.server().parts().history().runLog(runId).getLast().id();
            try (SseReader again = viewer.follow(UiPaths.runStream(runId, after), Long.toString(last))) {
                SseReader.Event end = again.nextEvent(WAIT);
                assertThat(end.name()).isEqualTo("end");
                assertThat(end.data()).doesNotContain("run-log");
            }
        }
    }

    @Test
    void theLiveStreamIsForSignedInBrowsersOnly() throws InterruptedException {
        try (TestServer server = TestServer.start(folder)) {
            long runId = server.server().parts().history().startRun("elsewhere", "cli");
            SseReader anonymous = new SseReader(server.server().url() + UiPaths.runStream(runId, 0), Map.of());
            assertThat(anonymous.status()).isEqualTo(401);
            anonymous.close();
            DashboardClient viewer = DashboardClient.signIn(server, "vera", Role.VIEWER);
            try (SseReader live = viewer.follow(UiPaths.runStream(runId, 0), null)) {
                assertThat(live.status()).isEqualTo(200);
                assertThat(live.nextEvent(WAIT).name()).isEqualTo("live");
            }
        }
    }

    /** Reads events until one matches, keeping the log lines each brought. */
    private static SseReader.Event nextUntil(SseReader live, StringBuilder linesSent, Predicate<SseReader.Event> wanted)
            throws InterruptedException {
        while (true) {
            SseReader.Event event = live.nextEvent(WAIT);
            assertThat(event).as("the stream ended early").isNotSameAs(SseReader.CLOSED);
            Matcher lines = LOG_LINES.matcher(event.data());
            if (lines.find()) {
                linesSent.append(lines.group(1));
            }
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    @Test
    void operatorsCancelARunAuditedAsThemselvesAndViewersAreRefused() {
        try (GatedPostgresSource source = new GatedPostgresSource(40, 10);
             TestServer server = TestServer.start(folder, settings -> {
                 source.pipeline(settings.pipelinesFolder(), "pg-cancel");
                 return settings;
             })) {
            DashboardClient viewer = DashboardClient.signIn(server, "vera", Role.VIEWER);
            DashboardClient operator = DashboardClient.signIn(server, "olga", Role.OPERATOR);
            long runId = syncNow(operator, "pg-cancel");
            assertThat(operator.get(UiPaths.run(runId)).body()).contains("Cancel run")
                    .contains("action=\"/runs/" + runId + "/cancel\"");

            viewer.get(UiPaths.run(runId));
            DashboardClient.Response refused = viewer.submit(UiPaths.runCancel(runId), Map.of());
            assertThat(refused.status()).isEqualTo(403);
            assertThat(operator.post(UiPaths.runCancel(runId), Map.of()).status())
                    .as("no CSRF token").isEqualTo(403);
            assertThat(server.server().parts().history().run(runId).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);

            DashboardClient.Response cancelled = operator.submit(UiPaths.runCancel(runId), Map.of());
            assertThat(cancelled.status()).isEqualTo(303);
            assertThat(cancelled.header("Location")).isEqualTo(UiPaths.run(runId));
            source.open();
            assertThat(awaitEnd(server, runId).status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(server.server().parts().audit().recent(20, 0)).anySatisfy(entry -> {
                assertThat(entry.action()).isEqualTo("run.cancel");
                assertThat(entry.actor()).isEqualTo("ui:olga");
                assertThat(entry.target()).isEqualTo(String.valueOf(runId));
                assertThat(entry.outcome()).isEqualTo("ok");
            });

            DashboardClient.Response again = operator.submit(UiPaths.runCancel(runId), Map.of());
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.body()).contains("is not running: it is cancelled");
            assertThat(operator.get(UiPaths.run(runId)).body()).contains("badge cancelled\">cancelled")
                    .doesNotContain("Cancel run");
        }
    }

    static long syncNow(DashboardClient operator, String pipeline) {
        operator.get(UiPaths.OVERVIEW);
        DashboardClient.Response started = operator.submit(UiPaths.pipelineAction(pipeline, "sync"), Map.of());
        assertThat(started.status()).as(started.toString()).isEqualTo(303);
        Matcher location = RUN_LOCATION.matcher(started.header("Location"));
        assertThat(location.matches()).as(started.header("Location")).isTrue();
        return Long.parseLong(location.group(1));
    }

    static RunRecord awaitEnd(TestServer server, long runId) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> server.server().parts().history().run(runId).orElseThrow(), run -> run.status() != RunStatus.RUNNING);
    }

    private static long streamFrom(String body) {
        Matcher stream = STREAM.matcher(body);
        assertThat(stream.find()).as("the page follows the run's stream").isTrue();
        return Long.parseLong(stream.group(1));
    }

    private void createClinic() {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("source.db"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE patients (id INTEGER PRIMARY KEY, operatore TEXT, note TEXT)");
            statement.execute("INSERT INTO patients VALUES (1, 'rossi', 'x'), (2, 'verdi', 'secret note'), "
                    + "(3, 'bianchi', NULL), (4, 'rossi', 'y')");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void writeClinicPipeline(Path pipelines) {
        try {
            Files.writeString(pipelines.resolve("operators.json"), "{\"rossi\": {\"id\": 7}}");
            Files.writeString(pipelines.resolve("clinic.yml"), """
                    pipeline: clinic
                    connections:
                      src: {url: "jdbc:sqlite:%s"}
                      dst: {url: "jdbc:sqlite:%s"}
                    source: src
                    destination: dst
                    defaults:
                      max_bad_rows: 10
                    streams:
                      - table: patients
                        transforms:
                          - lookup: {column: operatore, file: operators.json, field: id}
                    """.formatted(folder.resolve("source.db"), folder.resolve("copy.db")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
