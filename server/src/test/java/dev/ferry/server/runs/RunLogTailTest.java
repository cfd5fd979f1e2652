package dev.ferry.server.runs;

import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.server.SseReader;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live tail of a run that another process executes: no run event reaches this node, so the
 * lines and the end come from reading the state store; heartbeats keep a quiet stream alive, and a
 * client that went away is dropped when a send to it fails.
 */
class RunLogTailTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path folder;

    @Test
    void aRunOfAnotherProcessIsFollowedThroughTheStoreWithHeartbeatsUntilItsEnd() throws Exception {
        try (StateStore store = StateStores.open(new StateConfig("jdbc:sqlite:" + folder.resolve("state.db"), null, null));
             RunFollowers followers = new RunFollowers(new RunEvents(), Duration.ofMillis(200))) {
            RunLogTail tail = new RunLogTail(store, followers);
            long runId = store.startRun("elsewhere", "cli");
            store.log(runId, "INFO", null, "first");
            Javalin app = Javalin.create().sse("/live/{id}", client ->
                    tail.follow(client, Long.parseLong(client.ctx().pathParam("id")), 0)).start("127.0.0.1", 0);
            try (SseReader live = new SseReader("http://127.0.0.1:" + app.port() + "/live/" + runId, "unused", null)) {
                assertThat(live.nextEvent(WAIT).json().get("message").asText()).isEqualTo("first");
                SseReader.Event heartbeat;
                do {
                    heartbeat = live.next(WAIT);
                } while (!"heartbeat".equals(heartbeat.comment()));

                store.log(runId, "WARN", "orders", "second");
                SseReader.Event second = live.nextEvent(WAIT);
                assertThat(second.json().get("message").asText()).isEqualTo("second");
                assertThat(second.json().get("stream").asText()).isEqualTo("orders");
                store.log(runId, "INFO", null, "last");
                store.finishRun(runId, RunStatus.FAILED, "orders: boom");
                assertThat(live.nextEvent(WAIT).json().get("message").asText()).isEqualTo("last");
                SseReader.Event end = live.nextEvent(WAIT);
                assertThat(end.name()).isEqualTo("end");
                assertThat(end.json().get("status").asText()).isEqualTo("FAILED");
                assertThat(end.json().get("error").asText()).isEqualTo("orders: boom");
                assertThat(live.next(WAIT)).isSameAs(SseReader.CLOSED);
            } finally {
                app.stop();
            }
        }
    }

    @Test
    void aClientThatWentAwayIsDroppedWhenASendFails() throws Exception {
        try (StateStore store = StateStores.open(new StateConfig("jdbc:sqlite:" + folder.resolve("state.db"), null, null));
             RunFollowers followers = new RunFollowers(new RunEvents(), Duration.ofMillis(100))) {
            RunLogTail tail = new RunLogTail(store, followers);
            long runId = store.startRun("elsewhere", "cli");
            Javalin app = Javalin.create().sse("/live/{id}", client ->
                    tail.follow(client, Long.parseLong(client.ctx().pathParam("id")), 0)).start("127.0.0.1", 0);
            try {
                SseReader live = new SseReader("http://127.0.0.1:" + app.port() + "/live/" + runId, "unused", null);
                assertThat(live.next(WAIT).comment()).startsWith("following run");
                await().atMost(WAIT).until(() -> followers.followers() == 1);
                live.close();
                // The run goes on; only the heartbeats' failing sends can tell the client is gone.
                await().atMost(WAIT).until(() -> followers.followers() == 0);
                assertThat(store.run(runId).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
            } finally {
                app.stop();
            }
        }
    }
}
