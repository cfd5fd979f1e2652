package dev.ferry.server.metrics;

import dev.ferry.server.ApiClient;
import dev.ferry.server.FerryServer;
import dev.ferry.server.ServerSettings;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MetricsTest {
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"");

    @TempDir
    Path folder;

    @Test
    void runsRowsDurationsAndLastSuccessArePublishedPerPipelineAndStream() {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 250);
        Path empty = folder.resolve("empty.db");
        SqlitePipelines.sourceWithItems(empty, 0);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "items-copy", source, folder.resolve("dst.db"), "");
            // No table "gadgets" in the source: the run fails with an error text that must not become a label.
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "broken", empty, folder.resolve("dst2.db"),
                    "  - table: gadgets\n");
            return settings;
        })) {
            ApiClient viewer = server.as(Role.VIEWER);
            long first = runToEnd(server, "items-copy");
            SqlitePipelines.sourceWithItems(source, 300);
            runToEnd(server, "items-copy");
            long failed = runToEnd(server, "broken");
            String error = viewer.get("/api/runs/" + failed).json().get("error").asText();
            assertThat(error).isNotBlank();

            ApiClient.Response response = viewer.get("/metrics");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("text/plain; version=0.0.4");
            String metrics = response.body();

            assertThat(value(metrics, "ferry_runs_total{pipeline=\"items-copy\",status=\"succeeded\"}")).isEqualTo(2.0);
            assertThat(value(metrics, "ferry_runs_total{pipeline=\"broken\",status=\"failed\"}")).isEqualTo(1.0);
            // The second run reads the 300 rows again (a full table sync) and writes the 50 new ones.
            assertThat(value(metrics, "ferry_rows_read_total{pipeline=\"items-copy\",stream=\"items\"}")).isEqualTo(550.0);
            assertThat(value(metrics, "ferry_rows_written_total{pipeline=\"items-copy\",stream=\"items\"}")).isEqualTo(300.0);
            assertThat(value(metrics, "ferry_run_duration_seconds_count{pipeline=\"items-copy\"}")).isEqualTo(2.0);
            assertThat(value(metrics, "ferry_run_duration_seconds_count{pipeline=\"broken\"}")).isEqualTo(1.0);
            assertThat(metrics).contains("ferry_run_duration_seconds_bucket{pipeline=\"items-copy\",le=\"+Inf\"} 2");
            double lastSuccess = value(metrics, "ferry_pipeline_last_success_seconds{pipeline=\"items-copy\"}");
            assertThat(lastSuccess).isBetween(System.currentTimeMillis() / 1000.0 - 120, System.currentTimeMillis() / 1000.0 + 1);
            assertThat(metrics).doesNotContain("ferry_pipeline_last_success_seconds{pipeline=\"broken\"}");
            assertThat(value(metrics, "ferry_runs_active")).isEqualTo(0.0);

            assertThat(heapUsed(metrics)).isPositive();
            assertThat(value(metrics, "jvm_threads_live_threads")).isPositive();
            assertThat(value(metrics, "process_uptime_seconds")).isPositive();

            Set<String> labels = new HashSet<>();
            metrics.lines().filter(line -> line.startsWith("ferry_")).forEach(line -> {
                Matcher matcher = LABEL.matcher(line);
                while (matcher.find()) {
                    labels.add(matcher.group(1));
                }
            });
            assertThat(labels).as("bounded labels only").containsOnly("pipeline", "stream", "status", "le");
            assertThat(metrics).doesNotContain(error).doesNotContain("run=\"" + first + "\"");
        }
    }

    @Test
    void theLastSuccessComesFromTheRunHistoryAfterARestart() {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 10);
        ServerSettings[] used = new ServerSettings[1];
        long ended;
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "items-copy", source, folder.resolve("dst.db"), "");
            used[0] = settings;
            return settings;
        })) {
            long runId = runToEnd(server, "items-copy");
            ended = Instant.parse(server.as(Role.VIEWER).get("/api/runs/" + runId).json().get("endedAt").asText()).getEpochSecond();
        }
        try (FerryServer again = FerryServer.start(used[0])) {
            ApiClient viewer = new ApiClient(again.url(), again.parts().tokens().create("after-restart", Role.VIEWER).value());
            String metrics = viewer.get("/metrics").body();
            assertThat(value(metrics, "ferry_pipeline_last_success_seconds{pipeline=\"items-copy\"}")).isEqualTo((double) ended);
            assertThat(metrics).doesNotContain("ferry_runs_total{");
        }
    }

    @Test
    void theSchedulerLagIsReadFromItsSupplierAtEachScrape() {
        try (TestServer server = TestServer.start(folder)) {
            AtomicReference<Duration> lag = new AtomicReference<>(Duration.ofMillis(1500));
            server.server().parts().metrics().schedulerLag(lag::get);
            ApiClient viewer = server.as(Role.VIEWER);
            assertThat(value(viewer.get("/metrics").body(), "ferry_scheduler_lag_seconds")).isEqualTo(1.5);
            lag.set(Duration.ZERO);
            assertThat(value(viewer.get("/metrics").body(), "ferry_scheduler_lag_seconds")).isEqualTo(0.0);
            lag.set(null);
            assertThat(value(viewer.get("/metrics").body(), "ferry_scheduler_lag_seconds")).isEqualTo(0.0);
        }
    }

    @Test
    void requestsAreCountedByRoutePatternNotByRawPath() {
        try (TestServer server = TestServer.start(folder)) {
            ApiClient viewer = server.as(Role.VIEWER);
            assertThat(viewer.get("/api/runs/12345").status()).isEqualTo(404);
            assertThat(viewer.get("/api/runs/67890").status()).isEqualTo(404);
            assertThat(viewer.get("/api/pipelines").status()).isEqualTo(200);
            assertThat(server.anonymous().get("/api/pipelines").status()).isEqualTo(401);
            assertThat(viewer.get("/no/such/path/4711").status()).isEqualTo(404);
            String metrics = viewer.get("/metrics").body();
            assertThat(value(metrics, "http_server_requests_seconds_count{method=\"GET\",route=\"/api/runs/{id}\",status=\"404\"}"))
                    .isEqualTo(2.0);
            assertThat(value(metrics, "http_server_requests_seconds_count{method=\"GET\",route=\"/api/pipelines\",status=\"200\"}"))
                    .isEqualTo(1.0);
            assertThat(value(metrics, "http_server_requests_seconds_count{method=\"GET\",route=\"/api/pipelines\",status=\"401\"}"))
                    .isEqualTo(1.0);
            assertThat(value(metrics, "http_server_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"}"))
                    .isEqualTo(1.0);
            // Not in any label: a raw path would make one series per id. (Numbers elsewhere, such as a
            // JVM gauge's value, may hold these digits by chance.)
            assertThat(metrics).doesNotContainPattern("\\{[^}]*(12345|4711)[^}]*}");
        }
    }

    @Test
    void metricsNeedAViewerToken() {
        try (TestServer server = TestServer.start(folder)) {
            assertThat(server.anonymous().get("/metrics").status()).isEqualTo(401);
            assertThat(new ApiClient(server.server().url(), "fy_not_a_token").get("/metrics").status()).isEqualTo(401);
            for (Role role : Role.values()) {
                assertThat(server.as(role).get("/metrics").status()).as(role.label()).isEqualTo(200);
            }
        }
    }

    private static long runToEnd(TestServer server, String pipeline) {
        ApiClient operator = server.as(Role.OPERATOR);
        ApiClient.Response started = operator.post("/api/pipelines/" + pipeline + "/runs", "{}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        long runId = started.json().get("runId").asLong();
        await().atMost(Duration.ofSeconds(30)).until(
                () -> operator.get("/api/runs/" + runId).json().get("status").asText(), status -> !status.equals("RUNNING"));
        // The run's record ends before its Finished event is published: wait for the counter too.
        await().atMost(Duration.ofSeconds(10)).until(() -> operator.get("/metrics").body(),
                body -> body.contains("ferry_runs_total{pipeline=\"" + pipeline + "\""));
        return runId;
    }

    /** The heap in use: the sum over the heap's pools (one of them, such as a survivor space, may be empty). */
    private static double heapUsed(String metrics) {
        return metrics.lines().filter(line -> line.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** The value of the series written exactly as {@code series}; fails naming it when absent. */
    static double value(String metrics, String series) {
        Optional<String> line = metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst();
        assertThat(line).as(series + " in\n" + metrics).isPresent();
        return Double.parseDouble(line.get().substring(series.length() + 1).split(" ")[0]);
    }
}
