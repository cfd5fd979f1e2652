package dev.ferry.testkit.convex;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

import static dev.ferry.testkit.convex.ConvexValue.int64;
import static dev.ferry.testkit.convex.ConvexValue.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultsTest {

    private FakeConvex convex;
    private ConvexHttp http;

    @BeforeEach
    void start() {
        convex = FakeConvex.start();
        http = new ConvexHttp(convex.url(), convex.deployKey());
        for (int i = 0; i < 50; i++) {
            convex.insert("t", object("n", int64(i)));
        }
    }

    @AfterEach
    void stop() {
        convex.close();
    }

    @Test
    void rateLimitedAnswers429WithRetryAfterThenRecovers() {
        convex.injectFault(Fault.rateLimited(Duration.ofMillis(1500)).times(2));
        ConvexHttp.Response first = http.get("/api/list_snapshot");
        assertThat(first.status()).isEqualTo(429);
        assertThat(first.raw().headers().firstValue("Retry-After")).hasValue("2");
        assertThat(first.body().has("code")).isTrue();
        assertThat(http.get("/api/list_snapshot").status()).isEqualTo(429);
        assertThat(http.get("/api/list_snapshot").status()).isEqualTo(200);
    }

    @Test
    void serverErrorsUnavailableAndProxyStatusesAreAnsweredInOrder() {
        convex.injectFault(Fault.serverError());
        convex.injectFault(Fault.unavailable());
        convex.injectFault(Fault.proxyUnreachable());
        assertThat(http.get("/api/json_schemas").status()).isEqualTo(500);
        assertThat(http.get("/api/json_schemas").status()).isEqualTo(503);
        assertThat(http.get("/api/json_schemas").status()).isEqualTo(560);
        assertThat(http.get("/api/json_schemas").status()).isEqualTo(200);
    }

    @Test
    void aFaultOnOneRouteLeavesOtherRoutesAlone() {
        convex.injectFault(Fault.serverError().onRoute("/api/document_deltas"));
        assertThat(http.get("/api/list_snapshot").status()).isEqualTo(200);
        assertThat(http.get("/api/document_deltas?cursor=0").status()).isEqualTo(500);
        assertThat(http.get("/api/document_deltas?cursor=0").status()).isEqualTo(200);
    }

    @Test
    void aStatusFaultDoesNotTouchTheData() {
        convex.injectFault(Fault.serverError().onRoute("/api/mutation"));
        ConvexHttp.Response response = new ConvexHttp(convex.url(), null).send("POST", "/api/mutation",
                java.util.Map.of("path", "sync:deleteBatch", "args", java.util.Map.of("authKey", convex.mutationAuthKey(),
                        "table", "t", "keyField", "n", "keys", java.util.List.of())));
        assertThat(response.status()).isEqualTo(500);
        assertThat(convex.documents("t")).hasSize(50);
    }

    @Test
    void aDroppedConnectionCutsTheBodyShort() throws IOException {
        convex.injectFault(Fault.dropConnectionMidResponse().onRoute("/api/list_snapshot"));
        HttpURLConnection connection = (HttpURLConnection) URI.create(convex.url() + "/api/list_snapshot").toURL().openConnection();
        connection.setRequestProperty("Authorization", "Convex " + convex.deployKey());
        assertThat(connection.getResponseCode()).isEqualTo(200);
        long declared = connection.getContentLengthLong();
        assertThatThrownBy(() -> {
            try (InputStream body = connection.getInputStream()) {
                body.readAllBytes();
            }
        }).isInstanceOf(IOException.class);
        assertThat(declared).isGreaterThan(0);

        assertThatThrownBy(() -> {
            convex.injectFault(Fault.dropConnectionMidResponse());
            http.sendOrThrow("GET", "/api/list_snapshot", null);
        }).isInstanceOf(IOException.class);
        assertThat(http.get("/api/list_snapshot").body().path("values").size()).isEqualTo(50);
    }

    @Test
    void aSlowResponseWaitsBeforeAnsweringNormally() {
        convex.injectFault(Fault.slow(Duration.ofMillis(700)));
        long started = System.nanoTime();
        ConvexHttp.Response response = http.get("/api/test_streaming_export_connection");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void theRequestLogRecordsEveryRequestWithItsStatusAndFault() {
        convex.injectFault(Fault.serverError().onRoute("/api/json_schemas"));
        http.get("/api/json_schemas");
        http.get("/api/json_schemas?format=json");
        new ConvexHttp(convex.url(), null).get("/api/list_snapshot");

        assertThat(convex.requestCount("/api/json_schemas")).isEqualTo(2);
        assertThat(convex.requests()).extracting(RecordedRequest::status).containsExactly(500, 200, 403);
        assertThat(convex.requests().getFirst().fault()).isNotNull();
        assertThat(convex.requests().get(1).query()).isEqualTo("format=json");
        convex.clearRequests();
        assertThat(convex.requests()).isEmpty();
    }

    @Test
    void faultsCanBeCleared() {
        convex.injectFault(Fault.serverError().times(5));
        convex.clearFaults();
        assertThat(http.get("/api/json_schemas").status()).isEqualTo(200);
    }
}
