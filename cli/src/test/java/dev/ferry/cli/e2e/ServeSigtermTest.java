package dev.ferry.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.Checkpoint;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.engine.state.StreamKey;
import dev.ferry.server.auth.Role;
import dev.ferry.server.auth.TokenService;
import dev.ferry.server.store.ServerDatabase;
import dev.ferry.server.store.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM, as systemd or a container runtime sends it, stops {@code ferry serve} gracefully: a run
 * started through the API stops at a batch boundary with its rows and checkpoint committed, the
 * process exits 0 within the shutdown timeout, and the next run continues from the checkpoint.
 */
class ServeSigtermTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 500_000;

    @TempDir
    Path dir;

    @Test
    void sigtermStopsARunningRunAtABatchBoundaryExitsZeroAndTheNextRunContinues() throws Exception {
        Path source = dir.resolve("source.db");
        Path destination = dir.resolve("warehouse.db");
        ChildFerry.createEvents(source, ROWS);
        Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(pipelines.resolve("big.yml"), """
                pipeline: big
                connections:
                  src: {url: "jdbc:sqlite:%s"}
                  dst: {url: "jdbc:sqlite:%s"}
                source: src
                destination: dst
                batch_size: 500
                commit_every: 500
                streams:
                  - table: events
                    sync: incremental
                    cursor: seq
                """.formatted(source, destination));
        String stateUrl = "jdbc:sqlite:" + dir.resolve("state.db");
        String token = operatorToken(stateUrl);

        Path log = dir.resolve("serve.log");
        Process ferry = serve(stateUrl, log);
        long runId;
        try {
            String url = awaitUrl(ferry, log);
            HttpResponse<String> started = post(url + "/api/pipelines/big/runs", token);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            runId = JSON.readTree(started.body()).get("runId").asLong();
            ChildFerry.awaitWhileAlive(ferry, log, "the first rows to be committed", STARTUP,
                    () -> ChildFerry.countEventsIfPresent(destination) >= 10_000);

            ferry.destroy();

            assertThat(ferry.waitFor(SHUTDOWN_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS))
                    .as("exits within the shutdown timeout of SIGTERM").isTrue();
        } finally {
            ferry.destroyForcibly();
        }
        String output = ChildFerry.logText(log);
        assertThat(ferry.exitValue()).as(output).isZero();
        assertThat(output).contains("Ferry server stopping").contains("Ferry server stopped");

        RunRecord stopped = run(stateUrl, runId);
        assertThat(stopped.status()).as(output).isEqualTo(RunStatus.CANCELLED);
        assertThat(stopped.ended()).isNotNull();
        long cursor = storedCursor(stateUrl, new StreamKey("big", "events"));
        assertThat(cursor).isBetween(10_000L, ROWS - 1L);
        assertThat(ChildFerry.countEvents(destination)).as("exactly the rows up to the stored checkpoint").isEqualTo(cursor);
        assertThat(stopped.streams().getFirst().written()).isEqualTo(cursor);

        Path relog = dir.resolve("serve-again.log");
        Process again = serve(stateUrl, relog);
        try {
            String url = awaitUrl(again, relog);
            HttpResponse<String> started = post(url + "/api/pipelines/big/runs", token);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            long next = JSON.readTree(started.body()).get("runId").asLong();
            AtomicReference<JsonNode> finished = new AtomicReference<>();
            ChildFerry.awaitWhileAlive(again, relog, "the next run to end", Duration.ofSeconds(180), () -> {
                JsonNode body = JSON.readTree(get(url + "/api/runs/" + next, token).body());
                finished.set(body);
                assertThat(body.has("status")).as(body.toString()).isTrue();
                return !body.get("status").asText().equals("RUNNING");
            });
            assertThat(finished.get().get("status").asText()).as(finished.get().toString()).isEqualTo("SUCCEEDED");
            assertThat(finished.get().get("streams").get(0).get("read").asLong())
                    .as("resumes at the checkpoint, inclusive").isEqualTo(ROWS - cursor + 1);
            again.destroy();
            assertThat(again.waitFor(SHUTDOWN_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)).isTrue();
            assertThat(again.exitValue()).as(ChildFerry.logText(relog)).isZero();
        } finally {
            again.destroyForcibly();
        }
        assertThat(ChildFerry.countEvents(destination)).isEqualTo(ROWS);
    }

    private Process serve(String stateUrl, Path log) throws Exception {
        return ChildFerry.start(dir, log, Map.of(), "serve", "--port", "0", "--pipelines", "pipelines",
                "--state", stateUrl, "--data", dir.resolve("data").toString(),
                "--shutdown-timeout", SHUTDOWN_TIMEOUT.toSeconds() + "s",
                // the test polls a run's state faster than the default 60 requests a minute allow
                "--rate-limit", "6000", "--rate-burst", "100");
    }

    private static String awaitUrl(Process ferry, Path log) throws Exception {
        AtomicReference<String> url = new AtomicReference<>();
        ChildFerry.awaitWhileAlive(ferry, log, "the server to listen", STARTUP, () -> {
            Matcher matcher = LISTENING.matcher(ChildFerry.logText(log));
            if (matcher.find()) {
                url.set(matcher.group(1));
            }
            return url.get() != null;
        });
        return url.get();
    }

    private static String operatorToken(String stateUrl) {
        try (ServerDatabase database = ServerDatabase.open(new StateConfig(stateUrl, null, null))) {
            return new TokenService(new Sql(database), Clock.systemUTC()).create("ops", Role.OPERATOR).value();
        }
    }

    private static HttpResponse<String> post(String url, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static RunRecord run(String stateUrl, long runId) {
        try (StateStore state = StateStores.open(new StateConfig(stateUrl, null, null))) {
            return state.run(runId).orElseThrow();
        }
    }

    private static long storedCursor(String stateUrl, StreamKey stream) {
        try (StateStore state = StateStores.open(new StateConfig(stateUrl, null, null))) {
            Checkpoint checkpoint = state.checkpoint(stream).orElseThrow();
            return ((Number) ((Checkpoint.CursorValue) checkpoint).value()).longValue();
        }
    }

}
