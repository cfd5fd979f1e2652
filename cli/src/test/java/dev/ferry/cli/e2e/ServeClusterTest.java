package dev.ferry.cli.e2e;

import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three {@code ferry serve} processes on one PostgreSQL state store, one pipeline scheduled every
 * 2 s. The node running the first (long) run is killed with SIGKILL mid-run; another node notices
 * its heartbeat stopped, takes the execution over and runs it again as a retry, which marks the
 * killed run INTERRUPTED and resumes from its checkpoint. Every scheduled time ran on exactly one
 * node, no two runs overlapped, and the destination ends equal to the source. Then upstream
 * triggers sent to both surviving nodes each run exactly once.
 */
class ServeClusterTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final int ROWS = 300_000;
    private static final Pattern LISTENING = Pattern.compile("Ferry server listening on (http://\\S+)");
    /** What a node logs as it starts a run for the scheduler. */
    private static final Pattern STARTED = Pattern.compile(
            "Run (\\d+) of ticker started on (\\S+) \\((schedule|retry), due (\\S+?)(?:, regular time (\\S+?))?\\)");

    @TempDir
    Path dir;

    @Test
    void aKilledNodesRunIsRetriedOnAnotherNodeAndEveryScheduledTimeRunsOnce() throws Exception {
        String state = TestPostgres.freshDatabase("cluster");
        Path source = dir.resolve("source.db");
        Path destination = dir.resolve("warehouse.db");
        createEvents(source, ROWS);
        Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(pipelines.resolve("ticker.yml"), """
                pipeline: ticker
                connections:
                  src: {url: "jdbc:sqlite:%s"}
                  dst: {url: "jdbc:sqlite:%s"}
                source: src
                destination: dst
                batch_size: 1000
                commit_every: 1000
                schedule:
                  every: 2s
                streams:
                  - table: events
                    sync: incremental
                    cursor: seq
                """.formatted(source, destination));
        Path tokenLog = dir.resolve("token.log");
        Process token = ChildFerry.start(dir, tokenLog, Map.of(), "token", "create", "--name", "cluster-operator", "--role",
                "operator", "--state", state);
        assertThat(token.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(token.exitValue()).as(ChildFerry.logText(tokenLog)).isZero();
        String operatorToken = tokenIn(ChildFerry.logText(tokenLog));

        List<Node> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                Path log = dir.resolve("node" + i + ".log");
                Process process = ChildFerry.start(dir, log, Map.of(), "serve", "--state", state, "--pipelines",
                        pipelines.toString(), "--port", "0", "--data", dir.resolve("data" + i).toString());
                nodes.add(new Node(process, log));
            }
            List<String> urls = new ArrayList<>();
            for (Node node : nodes) {
                ChildFerry.awaitWhileAlive(node.process, node.log, "the server to listen", STARTUP,
                        () -> LISTENING.matcher(ChildFerry.logText(node.log)).find());
                Matcher listening = LISTENING.matcher(ChildFerry.logText(node.log));
                assertThat(listening.find()).isTrue();
                urls.add(listening.group(1));
            }

            // The first run copies 300,000 rows; kill its node once some are committed.
            ChildFerry.awaitWhileAlive(nodes.getFirst().process, nodes.getFirst().log, "the first run to commit rows", STARTUP,
                    () -> ChildFerry.countEventsIfPresent(destination) >= 5_000);
            RunRecord first = runs(state).getFirst();
            assertThat(first.status()).as("still running when its node is killed").isEqualTo(RunStatus.RUNNING);
            Node victim = nodes.stream().filter(node -> node.process.pid() == first.process().pid()).findFirst().orElseThrow();
            victim.process.destroyForcibly();
            assertThat(victim.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Instant killedAt = Instant.now();
            long committedWhenKilled = ChildFerry.countEvents(destination);
            assertThat(committedWhenKilled).as("killed mid-run").isLessThan(ROWS);
            List<Node> survivors = nodes.stream().filter(node -> node != victim).toList();

            // Another node takes the execution over once the heartbeat is stale, then regular runs go on.
            Node watcher = survivors.getFirst();
            ChildFerry.awaitWhileAlive(watcher.process, watcher.log, "the killed run to be retried and four regular runs after it",
                    Duration.ofSeconds(60), () -> {
                        List<RunRecord> runs = runs(state);
                        Optional<RunRecord> retry = runs.stream().filter(run -> run.trigger().equals("retry")
                                && run.status() == RunStatus.SUCCEEDED).findFirst();
                        return retry.isPresent() && runs.stream().filter(run -> run.id() > retry.get().id()
                                && run.status() == RunStatus.SUCCEEDED).count() >= 4;
                    });
            Duration takeover = Duration.between(killedAt, runs(state).stream().filter(run -> run.trigger().equals("retry"))
                    .findFirst().orElseThrow().started());

            List<RunRecord> runs = runs(state).stream().filter(run -> run.status() != RunStatus.RUNNING).toList();
            RunRecord killed = runs.stream().filter(run -> run.id() == first.id()).findFirst().orElseThrow();
            assertThat(killed.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(killed.error()).contains("interrupted").contains(String.valueOf(victim.process.pid()));
            RunRecord retry = runs.stream().filter(run -> run.trigger().equals("retry")).findFirst().orElseThrow();
            assertThat(retry.id()).as("the retry is the next run").isEqualTo(killed.id() + 1);
            assertThat(retry.process().pid()).as("retried on another node").isNotEqualTo(victim.process.pid());
            assertThat(retry.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(retry.totalRead()).as("resumes from the killed run's checkpoint, inclusive")
                    .isLessThanOrEqualTo(ROWS - committedWhenKilled + 2_000);
            assertThat(takeover).as("taken over within tens of seconds").isLessThan(Duration.ofSeconds(30));
            assertNoOverlap(runs);
            assertThat(runs).filteredOn(run -> run.id() != killed.id())
                    .allSatisfy(run -> assertThat(run.status()).as("run %d", run.id()).isEqualTo(RunStatus.SUCCEEDED));

            // Each scheduled time was executed by exactly one node: no due time was started twice.
            List<Started> started = new ArrayList<>();
            for (Node node : nodes) {
                Matcher matcher = STARTED.matcher(ChildFerry.logText(node.log));
                while (matcher.find()) {
                    started.add(new Started(Long.parseLong(matcher.group(1)), matcher.group(3), matcher.group(4),
                            matcher.group(5), node));
                }
            }
            List<String> scheduledTimes = started.stream().filter(run -> run.trigger.equals("schedule")).map(run -> run.due).toList();
            assertThat(scheduledTimes).as("every due time started once").doesNotHaveDuplicates();
            assertThat(started).extracting(run -> run.runId).as("every run the history has was started by the scheduler")
                    .containsAll(runs.stream().map(RunRecord::id).toList());
            Started killedStart = started.stream().filter(run -> run.runId == killed.id()).findFirst().orElseThrow();
            Started retryStart = started.stream().filter(run -> run.runId == retry.id()).findFirst().orElseThrow();
            assertThat(killedStart.node).isSameAs(victim);
            assertThat(retryStart.regularTime).as("the retry repeats the killed run's time").isEqualTo(killedStart.due);
            assertThat(ChildFerry.logText(retryStart.node.log)).contains("stopped sending heartbeats while running the schedule of ticker");

            assertThat(digest(destination)).isEqualTo(digest(source));

            // Upstream triggers sent to both surviving nodes: each queued run starts on exactly one node.
            List<String> queued = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> trigger = call(urls.get(nodes.indexOf(survivors.get(i % 2))), "POST",
                        "/api/pipelines/ticker/trigger", operatorToken);
                assertThat(trigger.statusCode()).as(trigger.body()).isEqualTo(202);
                Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(trigger.body());
                assertThat(id.find()).isTrue();
                queued.add(id.group(1));
            }
            ChildFerry.awaitWhileAlive(watcher.process, watcher.log, "the four triggered runs to succeed", Duration.ofSeconds(30),
                    () -> runs(state).stream().filter(run -> run.trigger().equals("trigger:cluster-operator")
                            && run.status() == RunStatus.SUCCEEDED).count() == 4);
            String survivorLogs = ChildFerry.logText(survivors.get(0).log) + ChildFerry.logText(survivors.get(1).log);
            for (String id : queued) {
                assertThat(Pattern.compile("started on \\S+ \\(trigger:cluster-operator, queued as " + Pattern.quote(id) + "\\)")
                        .matcher(survivorLogs).results().count()).as("runs of queued %s", id).isEqualTo(1);
            }

            assertNoOverlap(runs(state).stream().filter(run -> run.status() != RunStatus.RUNNING).toList());

            HttpResponse<String> schedules = call(urls.get(nodes.indexOf(watcher)), "GET", "/api/schedules", operatorToken);
            assertThat(schedules.statusCode()).isEqualTo(200);
            assertThat(schedules.body()).contains("\"pipeline\":\"ticker\"").contains("\"every\":\"PT2S\"");
            System.out.println("Cluster: run " + killed.id() + " killed after " + committedWhenKilled + " rows; retried as run "
                    + retry.id() + " on pid " + retry.process().pid() + " " + takeover.toMillis() + " ms after the kill; "
                    + runs.size() + " runs; per node " + nodes.stream().map(node -> String.valueOf(
                    started.stream().filter(run -> run.node == node).count())).collect(Collectors.joining(", ")));
        } finally {
            for (Node node : nodes) {
                node.process.destroyForcibly();
            }
            for (Node node : nodes) {
                node.process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private record Node(Process process, Path log) {
    }

    private record Started(long runId, String trigger, String due, String regularTime, Node node) {
    }

    /** Runs oldest first: each started once the one before it had ended. */
    private static void assertNoOverlap(List<RunRecord> runs) {
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i).started()).as("run %d starts after run %d ended", runs.get(i).id(), runs.get(i - 1).id())
                    .isAfterOrEqualTo(runs.get(i - 1).ended());
        }
    }

    private static HttpResponse<String> call(String url, String method, String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String tokenIn(String output) {
        Matcher matcher = Pattern.compile("(fy_[A-Za-z0-9_\\-]+)").matcher(output);
        assertThat(matcher.find()).as(output).isTrue();
        return matcher.group(1);
    }

    /** The pipeline's runs, oldest first. */
    private static List<RunRecord> runs(String state) {
        try (StateStore store = StateStores.open(new StateConfig(state, null, null))) {
            return store.recentRuns("ticker", 1000).stream().sorted(Comparator.comparingLong(RunRecord::id)).toList();
        }
    }

    private static void createEvents(Path database, int count) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement()) {
            statement.execute("create table events (id integer primary key, payload text not null, seq integer not null)");
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("insert into events values (?, ?, ?)")) {
                for (int id = 1; id <= count; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "event " + id);
                    insert.setInt(3, id);
                    insert.addBatch();
                    if (id % 10_000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }

    /** Row count and an MD5 of every value of every row in key order. */
    private static String digest(Path database) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        long rows = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select id, payload, seq from events order by id")) {
            while (result.next()) {
                rows++;
                for (int i = 1; i <= 3; i++) {
                    md5.update(result.getString(i).getBytes(StandardCharsets.UTF_8));
                    md5.update((byte) '|');
                }
            }
        }
        return rows + " rows, " + HexFormat.of().formatHex(md5.digest());
    }
}
