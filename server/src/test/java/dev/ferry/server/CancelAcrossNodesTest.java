package dev.ferry.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.server.audit.AuditEntry;
import dev.ferry.server.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A cancel sent to a node that does not run the run reaches the node that does, through the shared store. */
class CancelAcrossNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    @Test
    void aCancelSentToAnotherNodeStopsTheRunAtItsNextBatchBoundary() {
        Path stateDb = folder.resolve("a").resolve("state.db");
        try (GatedPostgresSource source = new GatedPostgresSource(200, 20);
             TestServer a = TestServer.start(folder.resolve("a"), settings -> {
                 source.pipeline(settings.pipelinesFolder(), "pg-copy");
                 return settings;
             })) {
            long runId = a.as(Role.OPERATOR).post("/api/pipelines/pg-copy/runs", "{}").json().get("runId").asLong();
            await().atMost(WAIT).until(() -> a.as(Role.VIEWER).get("/api/runs/" + runId).json().get("streams"),
                    streams -> streams.size() == 1 && streams.get(0).get("written").asLong() == 10);

            try (TestServer b = TestServer.start(folder.resolve("b"), settings -> settings.withState(
                    new dev.ferry.engine.config.StateConfig("jdbc:sqlite:" + stateDb, null, null)))) {
                // b's tokens replace a's test tokens in the shared store, and work on both nodes.
                ApiClient.Response cancel = b.as(Role.OPERATOR).post("/api/runs/" + runId + "/cancel", "");
                assertThat(cancel.status()).as(cancel.toString()).isEqualTo(202);
                assertThat(b.server().parts().runs().active(runId)).as("b does not run it").isEmpty();

                // a finds the request at its next look (every second) and asks its run to stop; only then
                // do the held rows flow, so the run cannot finish first.
                await().atMost(WAIT).until(() -> a.server().parts().runs().active(runId)
                        .map(dev.ferry.server.runs.ActiveRun::isStopRequested).orElse(false));
                source.open();
                JsonNode ended = await().atMost(WAIT).until(() -> b.as(Role.VIEWER).get("/api/runs/" + runId).json(),
                        run -> !run.get("status").asText().equals("RUNNING"));
                assertThat(ended.get("status").asText()).isEqualTo("CANCELLED");
                assertThat(source.destinationRows()).as("stopped at a batch boundary, long before 200 rows")
                        .isLessThan(200);
                assertThat(ended.get("streams").get(0).get("written").asLong()).isEqualTo(source.destinationRows());
                assertThat(b.server().parts().audit().recent(20, 0)).filteredOn(e -> e.action().equals("run.cancel"))
                        .extracting(AuditEntry::outcome, AuditEntry::detail)
                        .singleElement().satisfies(entry -> assertThat(entry.toList().get(1).toString())
                                .contains("asked of the process running it"));
                Integer pending = b.server().parts().sql().queryOne("count cancel requests",
                        "SELECT count(*) FROM ferry_run_cancel", row -> row.getInt(1)).orElseThrow();
                assertThat(pending).as("the request is removed once honoured").isZero();
            }
        }
    }
}
