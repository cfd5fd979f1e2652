package dev.ferry.connectors.convex;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.FerryException;
import dev.ferry.api.Lookback;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.Secret;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Answers the fake deployment does not give, served by a small server of the test's own: a table
 * whose schema is empty, a stored position Convex no longer keeps, a Retry-After as an HTTP date.
 */
class ConvexAnswersTest {
    private final Map<String, String[]> answers = new ConcurrentHashMap<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aTableWithAnEmptySchemaTakesItsColumnsFromItsFirstSnapshotPage() {
        answer("/api/json_schemas", 200, "{\"loose\": {}}");
        answer("/api/list_snapshot", 200, """
                {"values": [{"_id": "a1", "_creationTime": 1714566896789.5, "_ts": 7, "_table": "loose", "_component": "",
                             "count": {"$integer": "BwAAAAAAAAA="}, "note": "hi"},
                            {"_id": "a2", "_creationTime": 1714566896790.0, "_ts": 7, "_table": "loose", "_component": "",
                             "count": {"$integer": "CAAAAAAAAAA="}, "note": 3.5}],
                 "snapshot": 7, "cursor": "c1", "hasMore": false}""");
        answer("/api/document_deltas", 200, "{\"values\": [], \"cursor\": 7, \"hasMore\": false}");

        try (ConvexSource source = source()) {
            StreamSchema schema = source.discover().getFirst().schema();
            assertThat(schema.columnNames()).containsExactly("_id", "_creationTime", "count", "note");
            assertThat(schema.column("count").type()).isEqualTo(ColumnType.BIGINT);
            assertThat(schema.column("note").type()).as("a string here, a number there").isEqualTo(ColumnType.JSON);

            try (StreamReader reader = source.open(request(null))) {
                RecordBatch batch = reader.next();
                assertThat(batch.records()).hasSize(2);
                assertThat(batch.records().get(0).values()).containsExactly("a1",
                        CreationTime.fromMillis(1714566896789.5, "c"), 7L, "\"hi\"");
                assertThat(batch.records().get(1).value(3)).isEqualTo("3.5");
                assertThat(batch.checkpoint()).isEqualTo(new Checkpoint.LogPosition("v1:deltas:7"));
                assertThat(reader.next()).isNull();
            }
        }
    }

    @Test
    void aStoredPositionConvexNoLongerKeepsAsksForAFullRefresh() {
        answer("/api/json_schemas", 200, "{\"t\": {\"type\": \"object\", \"properties\": {\"_id\": {\"type\": \"string\"}}}}");
        answer("/api/list_snapshot", 400, "{\"code\": \"SnapshotTooOld\", \"message\": \"Snapshot 5 is too old\"}");

        try (ConvexSource source = source(); StreamReader reader = source.open(request(new Checkpoint.LogPosition("v1:snapshot:5:c9")))) {
            assertThatThrownBy(reader::next).isInstanceOf(FerryException.class)
                    .hasMessageContaining("stream t").hasMessageContaining("v1:snapshot:5:c9")
                    .hasMessageContaining("HTTP 400 SnapshotTooOld: Snapshot 5 is too old").hasMessageContaining("--full-refresh");
        }
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        answer("/api/test_streaming_export_connection", 503, "{\"code\": \"Unavailable\", \"message\": \"busy\"}");
        List<Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
        start();
        ConnectionSpec spec = new ConnectionSpec("app", "convex", url(), null, Secret.of("k"), Map.of());
        ConvexApi api = new ConvexApi(spec, url(), new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMinutes(5)),
                Duration.ofSeconds(5), (wait, cancellation) -> waits.add(wait));
        retryAfter = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(90));

        assertThatThrownBy(() -> new ConvexSource(spec, api).check()).hasMessageContaining("failed 3 times")
                .hasMessageContaining("HTTP 503 Unavailable: busy");
        assertThat(waits).hasSize(2).allSatisfy(wait -> assertThat(wait).isBetween(Duration.ofSeconds(85), Duration.ofSeconds(90)));
    }

    private volatile String retryAfter;

    private ConvexSource source() {
        start();
        ConnectionSpec spec = new ConnectionSpec("app", "convex", url(), null, Secret.of("k"), Map.of());
        return new ConvexSource(spec, new ConvexApi(spec, url(), new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                Duration.ofSeconds(5), (wait, cancellation) -> { }));
    }

    private static ReadRequest request(Checkpoint from) {
        String table = from == null ? "loose" : "t";
        return new ReadRequest(StreamRef.ofObject(table, table), List.of(), null, from, Lookback.NONE, 100);
    }

    private void answer(String path, int status, String body) {
        answers.put(path, new String[] {Integer.toString(status), body});
    }

    private void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String[] answer = answers.getOrDefault(exchange.getRequestURI().getPath(), new String[] {"404", "{}"});
            byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
            if (retryAfter != null) {
                exchange.getResponseHeaders().set("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
