package dev.ferry.engine.state;

import dev.ferry.api.Checkpoint;
import dev.ferry.api.ColumnType;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams running in parallel share one state store: their threads commit progress and log at the same
 * time. Every commit and every line must arrive, and each stream must end with its own last checkpoint.
 */
class StateStoreConcurrencyTest {
    private static final int STREAMS = 4;
    private static final int COMMITS = 60;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void concurrentCommitsAndLogLinesAllArriveIntact(String engine) throws Exception {
        StateConfig config = engine.equals("sqlite")
                ? new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null)
                : new StateConfig(TestPostgres.freshDatabase("state_concurrency"), null, null);
        ExecutorService threads = Executors.newFixedThreadPool(STREAMS);
        try (StateStore store = StateStores.open(config)) {
            long runId = store.startRun("p", "test");
            CyclicBarrier start = new CyclicBarrier(STREAMS);
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < STREAMS; s++) {
                String stream = "s" + s;
                done.add(threads.submit(() -> {
                    StreamKey key = new StreamKey("p", stream);
                    start.await();
                    store.startStream(runId, stream);
                    for (long i = 1; i <= COMMITS; i++) {
                        store.commitProgress(key, new Checkpoint.CursorValue("id", ColumnType.BIGINT, i),
                                Map.of(stream + "-" + i, bytes(stream + i)));
                        store.log(runId, "INFO", stream, "commit " + i);
                    }
                    store.finishStream(runId, new StreamStats(stream, COMMITS, COMMITS, 0, 0, 0, 0), null);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }

            for (int s = 0; s < STREAMS; s++) {
                String stream = "s" + s;
                StreamKey key = new StreamKey("p", stream);
                assertThat(store.checkpoint(key)).contains(new Checkpoint.CursorValue("id", ColumnType.BIGINT, (long) COMMITS));
                List<String> rowKeys = IntStream.rangeClosed(1, COMMITS).mapToObj(i -> stream + "-" + i).toList();
                Map<String, byte[]> hashes = store.rowHashes(key, rowKeys);
                assertThat(hashes).hasSize(COMMITS);
                assertThat(hashes.get(stream + "-7")).isEqualTo(bytes(stream + 7));
                assertThat(store.runLog(runId)).filteredOn(line -> stream.equals(line.stream()))
                        .extracting(LogLine::message)
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, COMMITS).mapToObj(i -> "commit " + i).toList());
            }
            assertThat(store.run(runId).orElseThrow().streamRuns()).extracting(StreamRun::stream)
                    .containsExactlyInAnyOrder("s0", "s1", "s2", "s3");
        } finally {
            threads.shutdownNow();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
