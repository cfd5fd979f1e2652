package dev.ferry.server.ui;

import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StreamStats;
import dev.ferry.server.ApiClient;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.TestServer;
import dev.ferry.server.audit.AuditEntry;
import dev.ferry.server.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline page, its YAML editor and the schedules page, over HTTP against a real server with a
 * SQLite store, signed in as dashboard users.
 */
class PipelinePagesTest {
    private static final String HOOK_KEY = "hook-signing-key-4f1d9c";

    @TempDir
    Path folder;

    @Test
    void aFilePipelinesPageShowsItsStreamsStateAfterARunAndItsYamlReadOnly() throws Exception {
        Path source = folder.resolve("src.db");
        SqlitePipelines.sourceWithItems(source, 5);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "from-file", source, folder.resolve("dst.db"),
                    "    sync: incremental\n    cursor: id\n"
                            + "notify:\n  email: [ops@example.com]\n"
                            + "  webhooks:\n    - url: http://127.0.0.1:9/ferry-hook\n      secret: ${env:HOOK_KEY}\n");
            return settings.withEnvironment(Map.of("HOOK_KEY", HOOK_KEY));
        })) {
            long runId = runToTheEnd(server, "from-file");
            SignedInClient admin = SignedInClient.as(server.server(), Role.ADMIN);

            HttpResponse<String> page = admin.get("/pipelines/from-file");

            assertThat(page.statusCode()).isEqualTo(200);
            String html = page.body();
            assertThat(html).contains("<h1>from-file").contains("From file <code>")
                    .contains("items → items").contains("incremental")
                    .as("the cursor value from the checkpoint").contains("<code class=\"position\">id = 5</code>")
                    .as("the last run's counts").contains("5 read, 5 inserted, 0 updated, 0 unchanged, 0 deleted")
                    .contains("href=\"/runs/" + runId + "\"")
                    .as("files are read-only, even for an admin").contains("<pre class=\"yaml\"").doesNotContain("<textarea")
                    .contains("cursor: id")
                    .as("operators' buttons").contains(">Sync now</button>").contains(">Pause</button>");
            assertThat(html).contains("Mail to ops@example.com")
                    .contains("Webhook http://127.0.0.1:9/ferry-hook <span class=\"hint\">signed (key set)</span>")
                    .as("the signing key is never shown").doesNotContain(HOOK_KEY).contains("${env:HOOK_KEY}");
            assertThat(count(html, "class=\"bar duration\"")).as("one run, one duration bar").isEqualTo(1);
            assertThat(count(html, "class=\"bar rows\"")).isEqualTo(1);

            String viewer = SignedInClient.as(server.server(), Role.VIEWER).get("/pipelines/from-file").body();
            assertThat(viewer).contains("id = 5").doesNotContain(">Sync now</button>").doesNotContain(">Pause</button>");
            assertThat(admin.get("/pipelines/nothing-here").statusCode()).isEqualTo(404);
            assertThat(admin.htmxPost("/pipelines/from-file/yaml/check", Map.of("yaml", "pipeline: from-file\n"))
                    .statusCode()).as("a file cannot be edited here").isEqualTo(409);
        }
    }

    @Test
    void anApiPipelinesPageShowsItsStateEditorAndChartOfKnownRuns() throws Exception {
        Path source = folder.resolve("src.db");
        SqlitePipelines.sourceWithItems(source, 3);
        try (TestServer server = TestServer.start(folder)) {
            store(server, "stored", storedYaml("stored", source, "every: 1h"));
            long runId = runToTheEnd(server, "stored");
            StateStore history = server.server().parts().history();
            long failed = history.startRun("stored", "test");
            history.finishStream(failed, new StreamStats("items", 1, 0, 0, 0, 0, 0), "refused");
            history.finishRun(failed, RunStatus.FAILED, "items: refused");
            long ok = history.startRun("stored", "test");
            history.finishStream(ok, new StreamStats("items", 2, 2, 0, 0, 0, 0), null);
            history.finishRun(ok, RunStatus.SUCCEEDED, null);
            SignedInClient admin = SignedInClient.as(server.server(), Role.ADMIN);

            String html = admin.get("/pipelines/stored").body();

            assertThat(html).contains("Stored through the API.").contains("<code class=\"position\">id = 3</code>")
                    .as("counts of the latest run").contains("2 read, 2 inserted")
                    .contains("href=\"/runs/" + runId + "\"").contains("href=\"/runs/" + failed + "\"")
                    .contains("every 1h").contains("Next run")
                    .as("admins edit stored pipelines").contains("<textarea id=\"yaml-text\" name=\"yaml\"")
                    .contains("hx-post=\"/pipelines/stored/yaml/check\"");
            assertThat(html).contains("<svg class=\"chart-svg\"").contains("role=\"img\"")
                    .contains("<title id=\"runs-chart-title\">").contains("<desc id=\"runs-chart-desc\">");
            assertThat(count(html, "class=\"bar duration\"")).as("two good runs").isEqualTo(2);
            assertThat(count(html, "class=\"bar rows\"")).isEqualTo(2);
            assertThat(count(html, "class=\"bar failed\"")).as("the failed run, in both panels").isEqualTo(2);
            assertThat(count(html, "fill=\"url(#runs-chart-hatch)\"")).as("hatched, not only red").isEqualTo(2);
            assertThat(count(html, "<text class=\"mark\"")).as("and marked in text").isEqualTo(1);
            assertThat(html).contains("1 failed (hatched red, marked ✕)");

            String operator = SignedInClient.as(server.server(), Role.OPERATOR).get("/pipelines/stored").body();
            assertThat(operator).as("only admins edit").doesNotContain("<textarea").contains("<pre class=\"yaml\"")
                    .contains(">Sync now</button>");
        }
    }

    @Test
    void theEditorShowsLocatedProblemsWhileTyping() throws Exception {
        Path source = folder.resolve("src.db");
        SqlitePipelines.sourceWithItems(source, 1);
        try (TestServer server = TestServer.start(folder)) {
            String yaml = storedYaml("checked", source, "every: 1h");
            store(server, "checked", yaml);
            SignedInClient admin = SignedInClient.as(server.server(), Role.ADMIN);

            HttpResponse<String> broken = admin.htmxPost("/pipelines/checked/yaml/check",
                    Map.of("yaml", yaml.replace("    sync: incremental\n", "    sync: sideways\n")));

            assertThat(broken.statusCode()).isEqualTo(200);
            int line = lineOf(yaml, "    sync: incremental");
            assertThat(broken.body()).contains("1 problem").contains("line " + line + ", column ")
                    .contains("sideways").doesNotContain("<html");
            assertThat(admin.htmxPost("/pipelines/checked/yaml/check", Map.of("yaml", yaml)).body())
                    .contains("No problems found");
            assertThat(SignedInClient.as(server.server(), Role.OPERATOR)
                    .htmxPost("/pipelines/checked/yaml/check", Map.of("yaml", yaml)).statusCode()).isEqualTo(403);
            assertThat(server.as(Role.ADMIN).get("/api/pipelines/checked/yaml").body()).as("checking saves nothing")
                    .isEqualTo(yaml);

            HttpResponse<String> refused = admin.post("/pipelines/checked/yaml",
                    Map.of("yaml", yaml.replace("every: 1h", "every: soon")));
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).as("the page again, the problem beside the editor, the text kept")
                    .contains("line " + lineOf(yaml, "  every: 1h") + ", column ").contains("every: soon")
                    .contains("<textarea");
            assertThat(server.as(Role.ADMIN).get("/api/pipelines/checked/yaml").body()).isEqualTo(yaml);
        }
    }

    @Test
    void anAdminChangesTheScheduleInTheEditorAndOthersAreRefused() throws Exception {
        Path source = folder.resolve("src.db");
        SqlitePipelines.sourceWithItems(source, 1);
        try (TestServer server = TestServer.start(folder)) {
            String yaml = storedYaml("hourly", source, "every: 1h");
            store(server, "hourly", yaml);
            String changed = yaml.replace("every: 1h", "every: 2h");

            for (Role role : List.of(Role.VIEWER, Role.OPERATOR)) {
                HttpResponse<String> refused = SignedInClient.as(server.server(), role)
                        .post("/pipelines/hourly/yaml", Map.of("yaml", changed));
                assertThat(refused.statusCode()).as(role.label()).isEqualTo(403);
            }
            assertThat(server.as(Role.ADMIN).get("/api/pipelines/hourly/yaml").body()).isEqualTo(yaml);

            SignedInClient admin = SignedInClient.as(server.server(), Role.ADMIN);
            HttpResponse<String> saved = admin.post("/pipelines/hourly/yaml", Map.of("yaml", changed.replace("\n", "\r\n")));

            assertThat(saved.statusCode()).isEqualTo(303);
            assertThat(saved.headers().firstValue("Location")).hasValue("/pipelines/hourly?saved=1");
            assertThat(server.as(Role.ADMIN).get("/api/pipelines/hourly/yaml").body()).as("stored with its own line ends")
                    .isEqualTo(changed);
            assertThat(admin.get("/pipelines/hourly?saved=1").body()).contains("Saved.").contains("every 2h");
            ApiClient.Response schedules = server.as(Role.VIEWER).get("/api/schedules");
            assertThat(schedules.json().get(0).get("every").asText()).isEqualTo("PT2H");
            String schedulesPage = admin.get("/schedules").body();
            assertThat(schedulesPage).contains("every 2h").doesNotContain("every 1h")
                    .contains("href=\"/pipelines/hourly#yaml\"");
            List<AuditEntry> audit = server.server().parts().audit().recent(20, 0);
            assertThat(audit).anySatisfy(entry -> {
                assertThat(entry.action()).isEqualTo("pipeline.replace");
                assertThat(entry.target()).isEqualTo("hourly");
                assertThat(entry.outcome()).isEqualTo("ok");
                assertThat(entry.actor()).contains("ui-admin");
            });
        }
    }

    @Test
    void theSchedulesPageListsChainsAndTriggerCommandsWithoutAToken() throws Exception {
        Path source = folder.resolve("src.db");
        SqlitePipelines.sourceWithItems(source, 1);
        try (TestServer server = TestServer.start(folder, settings -> {
            Path pipelines = settings.pipelinesFolder();
            SqlitePipelines.itemsPipeline(pipelines, "upstream", source, folder.resolve("a.db"), "schedule:\n  every: 30m\n");
            SqlitePipelines.itemsPipeline(pipelines, "downstream", folder.resolve("a.db"), folder.resolve("b.db"),
                    "schedule: {after: [upstream], retries: 1}\n");
            SqlitePipelines.itemsPipeline(pipelines, "by-hand", source, folder.resolve("c.db"), "");
            return settings;
        })) {
            SignedInClient viewer = SignedInClient.as(server.server(), Role.VIEWER);

            String html = viewer.get("/schedules").body();

            String base = server.server().url();
            assertThat(html).contains("every 30m").contains("manual only")
                    .contains("runs after <a href=\"/pipelines/upstream\">upstream</a>")
                    .contains("starts <a href=\"/pipelines/downstream\">downstream</a>")
                    .contains("POST " + base + "/api/pipelines/by-hand/trigger")
                    .contains("curl -X POST -H &#34;Authorization: Bearer $FERRY_TOKEN&#34; " + base
                            + "/api/pipelines/upstream/trigger")
                    .contains("data-copy=\"curl -X POST").contains("retries 1")
                    .as("files change in their file").contains("upstream.yml</code>");
            assertThat(count(html, "<time datetime=")).as("the one timed pipeline's next run, listed and in the table")
                    .isEqualTo(2);
            for (Role role : Role.values()) {
                assertThat(html).as("no token in the page").doesNotContain(server.token(role));
            }
            assertThat(html).doesNotContain("<script>").doesNotContain("onclick");
        }
    }

    @Test
    void theOverviewChartsTheLastDaysRuns() throws Exception {
        try (TestServer server = TestServer.start(folder)) {
            StateStore history = server.server().parts().history();
            for (RunStatus status : List.of(RunStatus.SUCCEEDED, RunStatus.SUCCEEDED, RunStatus.FAILED)) {
                long run = history.startRun("any", "test");
                history.finishStream(run, new StreamStats("items", 4, 4, 0, 0, 0, 0), null);
                history.finishRun(run, status, status == RunStatus.FAILED ? "boom" : null);
            }
            String html = SignedInClient.as(server.server(), Role.VIEWER).get("/").body();

            assertThat(html).contains("<title id=\"days-chart-title\">").contains("3 runs in the last 14 days")
                    .contains("1 of them failed");
            assertThat(count(html, "class=\"bar succeeded\"")).as("a bar a day per series").isEqualTo(14);
            assertThat(count(html, "class=\"bar failed\"")).isEqualTo(14);
            assertThat(count(html, "class=\"bar rows\"")).isEqualTo(14);
            assertThat(count(html, "<text class=\"mark\"")).as("today's failure, in text").isEqualTo(1);
            assertThat(html).contains(">1✕</text>").contains("3 runs, 2 succeeded, 1 failed · rows moved: 12");
        }
    }

    /** Stores a pipeline as {@code PUT /api/pipelines/{name}} does. */
    private static void store(TestServer server, String name, String yaml) {
        assertThat(server.server().parts().pipelines().save(name, yaml, "test")).as("created").isTrue();
    }

    private static long runToTheEnd(TestServer server, String pipeline) {
        ApiClient operator = server.as(Role.OPERATOR);
        long runId = operator.post("/api/pipelines/" + pipeline + "/runs", "{}").json().get("runId").asLong();
        await().atMost(Duration.ofSeconds(60)).until(() -> operator.get("/api/runs/" + runId).json(),
                body -> body.get("status").asText().equals("SUCCEEDED"));
        return runId;
    }

    private static String storedYaml(String name, Path source, String schedule) {
        return "pipeline: " + name + "\n"
                + "connections:\n"
                + "  src: {url: \"jdbc:sqlite:" + source + "\"}\n"
                + "  dst: {url: \"jdbc:sqlite:" + source.resolveSibling(name + "-dst.db") + "\"}\n"
                + "source: src\n"
                + "destination: dst\n"
                + "schedule:\n"
                + "  " + schedule + "\n"
                + "streams:\n"
                + "  - table: items\n"
                + "    sync: incremental\n"
                + "    cursor: id\n";
    }

    private static int lineOf(String yaml, String line) {
        List<String> lines = yaml.lines().toList();
        assertThat(lines).contains(line);
        return lines.indexOf(line) + 1;
    }

    private static int count(String text, String needle) {
        return (int) Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }
}
