package dev.ferry.server.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.server.ApiClient;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.TestServer;
import dev.ferry.server.audit.AuditEntry;
import dev.ferry.server.auth.Role;
import dev.ferry.server.runs.RunEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Schedules on a real server over HTTP, with real SQLite pipelines and db-scheduler on the SQLite store. */
class ScheduleServerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    @Test
    void afterChainsRunEachPipelineWhenItsUpstreamSucceeds() {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 120);
        try (TestServer server = TestServer.start(folder, settings -> {
            Path pipelines = settings.pipelinesFolder();
            SqlitePipelines.itemsPipeline(pipelines, "a", source, folder.resolve("a.db"), "");
            SqlitePipelines.itemsPipeline(pipelines, "b", folder.resolve("a.db"), folder.resolve("b.db"), "schedule: {after: [a]}\n");
            SqlitePipelines.itemsPipeline(pipelines, "c", folder.resolve("b.db"), folder.resolve("c.db"), "schedule: {after: [b]}\n");
            return settings;
        })) {
            ApiClient operator = server.as(Role.OPERATOR);
            assertThat(operator.post("/api/pipelines/a/runs", "{}").status()).isEqualTo(202);

            RunRecord c = awaitRun(server, "c", RunStatus.SUCCEEDED);
            RunRecord b = onlyRun(server, "b");
            RunRecord a = onlyRun(server, "a");
            assertThat(b.trigger()).isEqualTo("after:a");
            assertThat(c.trigger()).isEqualTo("after:b");
            assertThat(b.started()).as("b starts once a has ended").isAfterOrEqualTo(a.ended());
            assertThat(c.started()).as("c starts once b has ended").isAfterOrEqualTo(b.ended());
            assertThat(SqlitePipelines.count(folder.resolve("c.db"), "items")).isEqualTo(120);

            JsonNode schedules = server.as(Role.VIEWER).get("/api/schedules").json();
            assertThat(schedules.findValuesAsText("pipeline")).containsExactly("b", "c");
            assertThat(schedules.get(0).get("after").get(0).asText()).isEqualTo("a");
            assertThat(schedules.get(0).get("nextDue").isNull()).as("after: alone has no time of its own").isTrue();
        }
    }

    @Test
    void aFailedRunDoesNotStartThePipelinesAfterIt() throws Exception {
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "up", folder.resolve("missing.db"), folder.resolve("up.db"),
                    "schedule: {retries: 0}\n");
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "down", folder.resolve("up.db"), folder.resolve("down.db"),
                    "schedule: {after: [up]}\n");
            return settings;
        })) {
            // Listeners are called in the order they subscribed: once this one has seen the end of up's
            // run, the scheduler has handled it too.
            java.util.concurrent.CompletableFuture<RunEvent.Finished> upEnded = new java.util.concurrent.CompletableFuture<>();
            server.server().parts().events().subscribe(event -> {
                if (event instanceof RunEvent.Finished finished && finished.pipeline().equals("up")) {
                    upEnded.complete(finished);
                }
            });
            assertThat(server.as(Role.OPERATOR).post("/api/pipelines/up/runs", "{}").status()).isEqualTo(202);
            assertThat(upEnded.get(60, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(RunStatus.FAILED);
            assertThat(server.server().parts().schedules().schedules())
                    .filteredOn(view -> view.pipeline().equals("down")).singleElement()
                    .satisfies(view -> assertThat(view.queued()).isZero());
            assertThat(server.server().parts().history().recentRuns("down", 10)).isEmpty();
        }
    }

    @Test
    void aCycleOfAfterIsRefusedNamingThePipelines() throws Exception {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 1);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "x", source, folder.resolve("x.db"), "schedule:\n  after: [y]\n");
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "y", source, folder.resolve("y.db"), "schedule:\n  after: [x]\n");
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "z", source, folder.resolve("z.db"), "schedule:\n  after: [x]\n");
            return settings;
        })) {
            JsonNode x = server.as(Role.VIEWER).get("/api/pipelines/x").json();
            assertThat(x.get("valid").asBoolean()).isFalse();
            JsonNode problem = x.get("problems").get(0);
            assertThat(problem.get("field").asText()).isEqualTo("schedule.after");
            assertThat(problem.get("line").asInt()).isEqualTo(10);
            assertThat(problem.get("message").asText()).startsWith("pipelines x -> y -> x run after one another in a cycle");
            assertThat(server.as(Role.VIEWER).get("/api/pipelines/y").json().get("valid").asBoolean()).isFalse();
            assertThat(server.as(Role.VIEWER).get("/api/pipelines/z").json().get("valid").asBoolean())
                    .as("after a pipeline in a cycle, but not part of it").isTrue();
        }
    }

    @Test
    void theUpstreamTriggerQueuesARunAndIsAudited() {
        Path source = folder.resolve("source.db");
        Path destination = folder.resolve("destination.db");
        SqlitePipelines.sourceWithItems(source, 40);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "orders", source, destination, "");
            return settings;
        })) {
            ApiClient.Response viewer = server.as(Role.VIEWER).post("/api/pipelines/orders/trigger", null);
            assertThat(viewer.status()).isEqualTo(403);
            assertThat(server.anonymous().post("/api/pipelines/orders/trigger", null).status()).isEqualTo(401);
            assertThat(server.as(Role.OPERATOR).post("/api/pipelines/nothing/trigger", null).status()).isEqualTo(404);

            ApiClient.Response queued = server.as(Role.OPERATOR).post("/api/pipelines/orders/trigger", null);

            assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
            assertThat(queued.json().get("status").asText()).isEqualTo("queued");
            assertThat(queued.json().get("id").asText()).startsWith("orders/");
            RunRecord run = awaitRun(server, "orders", RunStatus.SUCCEEDED);
            assertThat(run.trigger()).isEqualTo("trigger:test-operator");
            assertThat(SqlitePipelines.count(destination, "items")).isEqualTo(40);

            List<AuditEntry> audit = server.server().parts().audit().recent(50, 0);
            assertThat(audit).filteredOn(entry -> entry.action().equals("pipeline.trigger"))
                    .extracting(AuditEntry::actor, AuditEntry::target, AuditEntry::outcome, AuditEntry::address)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("test-operator", "orders", "ok", "127.0.0.1"),
                            org.assertj.core.groups.Tuple.tuple("test-operator", "nothing", "refused", "127.0.0.1"));
        }
    }

    @Test
    void triggersWhileARunIsInProgressAreQueuedAndRunOneAfterAnother() {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 20_000);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "busy", source, folder.resolve("busy.db"),
                    "batch_size: 200\ncommit_every: 200\n");
            return settings;
        })) {
            ApiClient operator = server.as(Role.OPERATOR);
            for (int i = 0; i < 3; i++) {
                assertThat(operator.post("/api/pipelines/busy/trigger", null).status()).isEqualTo(202);
            }

            await().atMost(PATIENCE).until(() -> server.server().parts().history().recentRuns("busy", 10).stream()
                    .filter(run -> run.status() == RunStatus.SUCCEEDED).count() == 3);
            List<RunRecord> runs = runsOldestFirst(server, "busy");
            assertThat(runs).hasSize(3).allSatisfy(run -> assertThat(run.trigger()).isEqualTo("trigger:test-operator"));
            for (int i = 1; i < runs.size(); i++) {
                assertThat(runs.get(i).started()).as("never two at once").isAfterOrEqualTo(runs.get(i - 1).ended());
            }
        }
    }

    @Test
    void aFailedScheduledRunIsRetriedWithBackoffAndSucceedsOnceFixed() throws Exception {
        Path source = folder.resolve("late-source.db");
        Path destination = folder.resolve("destination.db");
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "flaky", source, destination,
                    "schedule:\n  every: 1s\n  retries: 3\n  retry_backoff: 2s\n");
            return settings;
        })) {
            RunRecord failed = awaitRun(server, "flaky", RunStatus.FAILED);
            assertThat(failed.trigger()).isEqualTo("schedule");
            SqlitePipelines.sourceWithItems(source, 30);

            RunRecord retried = awaitRun(server, "flaky", RunStatus.SUCCEEDED);

            List<RunRecord> runs = runsOldestFirst(server, "flaky");
            assertThat(runs.get(0).status()).isEqualTo(RunStatus.FAILED);
            RunRecord firstRetry = runs.get(1);
            assertThat(firstRetry.trigger()).isEqualTo("retry");
            assertThat(firstRetry.started()).as("the first retry waits retry_backoff")
                    .isAfterOrEqualTo(runs.get(0).ended().plusSeconds(2));
            assertThat(retried.trigger()).isEqualTo("retry");
            assertThat(SqlitePipelines.count(destination, "items")).isEqualTo(30);
        }
    }

    @Test
    void aTriggeredRunIsTriedRetriesTimesThenGivenUp() {
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "broken", folder.resolve("missing.db"),
                    folder.resolve("destination.db"), "schedule:\n  retries: 2\n  retry_backoff: 100ms\n");
            return settings;
        })) {
            assertThat(server.as(Role.OPERATOR).post("/api/pipelines/broken/trigger", null).status()).isEqualTo(202);

            await().atMost(PATIENCE).until(() -> server.server().parts().schedules().schedules().isEmpty()
                    && runsOldestFirst(server, "broken").size() == 3
                    && runsOldestFirst(server, "broken").stream().allMatch(run -> run.status() == RunStatus.FAILED)
                    && queuedRuns(server) == 0);
            assertThat(runsOldestFirst(server, "broken")).extracting(RunRecord::trigger)
                    .containsExactly("trigger:test-operator", "retry", "retry");
        }
    }

    @Test
    void schedulesShowTheNextCronTimeInTheirZoneAndFollowReloads() throws Exception {
        // A fixed clock in the future: Europe/Rome springs forward on 2027-03-28 at 02:00.
        Clock clock = Clock.fixed(Instant.parse("2027-03-27T23:30:00Z"), ZoneOffset.UTC);
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 1);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "rome", source, folder.resolve("r.db"),
                    "schedule:\n  cron: \"15 */4 * * *\"\n  timezone: Europe/Rome\n");
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "often", source, folder.resolve("o.db"),
                    "schedule:\n  every: 15m\n  catch_up: all\n");
            return settings.withClock(clock);
        })) {
            ApiClient viewer = server.as(Role.VIEWER);
            JsonNode schedules = viewer.get("/api/schedules").json();
            assertThat(schedules.findValuesAsText("pipeline")).containsExactly("often", "rome");
            JsonNode rome = schedules.get(1);
            assertThat(rome.get("cron").asText()).isEqualTo("15 */4 * * *");
            assertThat(rome.get("timezone").asText()).isEqualTo("Europe/Rome");
            assertThat(rome.get("nextDue").asText()).as("00:30 CET -> 04:15 CEST").isEqualTo("2027-03-28T02:15:00Z");
            assertThat(rome.get("retries").asInt()).isEqualTo(3);
            assertThat(rome.get("catchUp").asText()).isEqualTo("one");
            assertThat(schedules.get(0).get("nextDue").asText()).as("one interval after set-up").isEqualTo("2027-03-27T23:45:00Z");
            assertThat(schedules.get(0).get("catchUp").asText()).isEqualTo("all");
            assertThat(server.anonymous().get("/ready").json().get("checks").get("scheduler").asText()).isEqualTo("up");

            SqlitePipelines.itemsPipeline(server.pipelinesFolder(), "rome", source, folder.resolve("r.db"),
                    "schedule:\n  cron: \"0 9 * * MON\"\n  timezone: Europe/Rome\n");
            Files.delete(server.pipelinesFolder().resolve("often.yml"));
            assertThat(server.as(Role.ADMIN).post("/api/reload", null).status()).isEqualTo(200);

            JsonNode reloaded = viewer.get("/api/schedules").json();
            assertThat(reloaded.findValuesAsText("pipeline")).containsExactly("rome");
            assertThat(reloaded.get(0).get("nextDue").asText()).as("Monday 09:00 CEST").isEqualTo("2027-03-29T07:00:00Z");
            assertThat(queuedScheduleRows(server)).containsExactly("rome");
        }
    }

    @Test
    void aPausedPipelineIsLeftAloneByAfterAndTriggersUntilResumed() {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 30);
        try (TestServer server = TestServer.start(folder, settings -> {
            Path pipelines = settings.pipelinesFolder();
            SqlitePipelines.itemsPipeline(pipelines, "a", source, folder.resolve("a.db"), "");
            SqlitePipelines.itemsPipeline(pipelines, "paused", source, folder.resolve("p.db"), "schedule: {after: [a]}\n");
            SqlitePipelines.itemsPipeline(pipelines, "witness", source, folder.resolve("w.db"), "schedule: {after: [a]}\n");
            return settings;
        })) {
            ApiClient operator = server.as(Role.OPERATOR);
            assertThat(operator.post("/api/pipelines/paused/pause", null).status()).isEqualTo(200);

            ApiClient.Response trigger = operator.post("/api/pipelines/paused/trigger", null);
            assertThat(trigger.status()).as(trigger.toString()).isEqualTo(409);
            assertThat(operator.post("/api/pipelines/a/runs", "{}").status()).isEqualTo(202);
            awaitRun(server, "witness", RunStatus.SUCCEEDED);
            assertThat(server.server().parts().history().recentRuns("paused", 10))
                    .as("a paused pipeline is not run after its upstream, while one beside it is").isEmpty();

            assertThat(operator.post("/api/pipelines/paused/resume", null).status()).isEqualTo(200);
            assertThat(operator.post("/api/pipelines/a/runs", "{}").status()).isEqualTo(202);
            RunRecord resumed = awaitRun(server, "paused", RunStatus.SUCCEEDED);
            assertThat(resumed.trigger()).isEqualTo("after:a");
            assertThat(SqlitePipelines.count(folder.resolve("p.db"), "items")).isEqualTo(30);
        }
    }

    private static RunRecord awaitRun(TestServer server, String pipeline, RunStatus status) {
        return await().atMost(PATIENCE).until(() -> server.server().parts().history().recentRuns(pipeline, 20).stream()
                        .filter(run -> run.status() == status).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }

    private static RunRecord onlyRun(TestServer server, String pipeline) {
        List<RunRecord> runs = server.server().parts().history().recentRuns(pipeline, 20);
        assertThat(runs).as("runs of " + pipeline).hasSize(1);
        return runs.getFirst();
    }

    private static List<RunRecord> runsOldestFirst(TestServer server, String pipeline) {
        return server.server().parts().history().recentRuns(pipeline, 100).stream()
                .sorted(Comparator.comparingLong(RunRecord::id)).toList();
    }

    private static int queuedRuns(TestServer server) {
        return server.server().parts().sql().queryOne("count queued runs",
                "SELECT count(*) FROM scheduled_tasks WHERE task_name = ?", row -> row.getInt(1), ScheduleService.TRIGGER_TASK)
                .orElseThrow();
    }

    private static List<String> queuedScheduleRows(TestServer server) {
        return server.server().parts().sql().query("list schedules",
                "SELECT task_instance FROM scheduled_tasks WHERE task_name = ? ORDER BY task_instance",
                row -> row.getString(1), ScheduleService.SCHEDULE_TASK);
    }
}
