package dev.ferry.engine.state;

import dev.ferry.engine.config.StateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another process writing the same SQLite state file (a server's other runs, a second `ferry run`)
 * makes a store's write wait for it, up to the busy timeout: a transaction that reads first and
 * writes second, as the first run of a new stream does, must not fail with SQLITE_BUSY.
 */
class StateStoreSqliteWriterWaitTest {
    @TempDir
    Path dir;

    @Test
    void aNewStreamsFirstWriteWaitsForAnotherWritersCommit() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("state.db");
        try (StateStore store = StateStores.open(new StateConfig(url, null, null));
             Connection other = DriverManager.getConnection(url)) {
            store.startSeenRows(new StreamKey("p", "warm-up"));
            try (Statement statement = other.createStatement()) {
                statement.execute("PRAGMA busy_timeout=10000");
                statement.execute("BEGIN IMMEDIATE");
                statement.execute("INSERT INTO ferry_stream (pipeline, stream, updated_at) VALUES ('q', 'other', 0)");
            }
            CompletableFuture<Void> noted = CompletableFuture.runAsync(() -> store.startSeenRows(new StreamKey("p", "new")));
            Thread.sleep(300);
            assertThat(noted).as("waits while the other writer holds the lock").isNotDone();
            try (Statement statement = other.createStatement()) {
                statement.execute("COMMIT");
            }

            noted.get(10, TimeUnit.SECONDS);
            store.noteSeenRows(new StreamKey("p", "new"), java.util.List.of("k1"));
        }
    }
}
