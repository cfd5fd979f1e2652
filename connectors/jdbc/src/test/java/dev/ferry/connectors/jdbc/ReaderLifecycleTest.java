package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Destination;
import dev.ferry.api.FerryException;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteMode;
import dev.ferry.api.WriteRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cancelling, streaming with bounded memory, and refusing bad names. */
class ReaderLifecycleTest {
    @TempDir
    Path directory;

    @Test
    void cancelFromAnotherThreadStopsABlockedRead() throws Exception {
        ConnectionSpec spec = TestDatabases.postgres();
        StreamRef sleeper = new StreamRef("sleeper", null, "SELECT 1 AS one, pg_sleep(600) AS slept", List.of());
        try (Source source = TestDatabases.FACTORY.openSource(spec);
             StreamReader reader = source.open(TestDatabases.request(sleeper, 10))) {
            CompletableFuture<RecordBatch> next = CompletableFuture.supplyAsync(reader::next);
            awaitActiveQuery(spec, "pg_sleep(600)");

            reader.cancel();

            assertThat(next.get(60, TimeUnit.SECONDS)).isNull();
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void cancelBetweenBatchesEndsTheSqliteStream() {
        ConnectionSpec spec = TestDatabases.sqlite(directory, "numbers");
        TestDatabases.execute(spec, "CREATE TABLE numbers (n INTEGER PRIMARY KEY)",
                "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000) INSERT INTO numbers SELECT n FROM s");
        try (Source source = TestDatabases.FACTORY.openSource(spec);
             StreamReader reader = source.open(TestDatabases.request(StreamRef.ofObject("numbers", "numbers"), 100))) {
            assertThat(reader.next().size()).isEqualTo(100);
            reader.cancel();
            reader.cancel();
            assertThat(reader.next()).isNull();
        }
    }

    /**
     * Each row the server evaluates takes an advisory lock, visible to other sessions; a reader that
     * fetched the whole result would hold one per row (and run out of lock memory). Reads with a
     * lower bound run as a query through a server-side cursor, fetching one batch at a time.
     */
    @Test
    void postgresBoundedReadsStreamThroughAServerSideCursor() throws Exception {
        ConnectionSpec spec = TestDatabases.postgres();
        TestDatabases.execute(spec, "CREATE TABLE big (id bigint PRIMARY KEY, label text)",
                "INSERT INTO big SELECT g, 'row ' || g FROM generate_series(1, 200000) g");
        StreamRef probe = new StreamRef("probe", null,
                "SELECT id, pg_advisory_xact_lock_shared(7, id::int) IS NULL AS locked FROM big ORDER BY id", List.of("id"));
        ReadRequest fromZero = new ReadRequest(probe, List.of(), "id",
                new dev.ferry.api.Checkpoint.CursorValue("id", dev.ferry.api.ColumnType.BIGINT, 0L),
                dev.ferry.api.Lookback.NONE, 500);
        try (Source source = TestDatabases.FACTORY.openSource(spec);
             StreamReader reader = source.open(fromZero)) {
            for (int i = 0; i < 3; i++) {
                assertThat(reader.next().size()).isEqualTo(500);
            }
            assertThat(advisoryLocks(spec)).isBetween(1500L, 2000L);
        }
    }

    /**
     * Reads from the start use COPY, which the server streams without waiting for requests; it
     * must still wait when the reader does not keep up (the socket fills), so neither side holds
     * the table in memory. 60,000 rows of 1 KB are far more than socket buffers hold.
     */
    @Test
    void postgresFullReadsStreamWithBackpressure() throws Exception {
        ConnectionSpec spec = TestDatabases.postgres();
        TestDatabases.execute(spec, "CREATE TABLE wide (id bigint PRIMARY KEY, payload text)",
                "INSERT INTO wide SELECT g, repeat(md5(g::text), 32) FROM generate_series(1, 60000) g");
        StreamRef probe = new StreamRef("probe", null,
                "SELECT id, payload, pg_advisory_xact_lock_shared(7, id::int) IS NULL AS locked FROM wide ORDER BY id",
                List.of("id"));
        try (Source source = TestDatabases.FACTORY.openSource(spec);
             StreamReader reader = source.open(TestDatabases.request(probe, 500))) {
            for (int i = 0; i < 3; i++) {
                assertThat(reader.next().size()).isEqualTo(500);
            }
            Thread.sleep(500); // time for a server that ignores backpressure to run ahead
            assertThat(advisoryLocks(spec)).isBetween(1500L, 30_000L);
        }

        long total = 0;
        int largest = 0;
        try (Source source = TestDatabases.FACTORY.openSource(spec);
             StreamReader reader = source.open(TestDatabases.request(StreamRef.ofObject("wide", "wide"), 1000))) {
            for (RecordBatch batch = reader.next(); batch != null; batch = reader.next()) {
                total += batch.size();
                largest = Math.max(largest, batch.size());
            }
        }
        assertThat(total).isEqualTo(60_000);
        assertThat(largest).isEqualTo(1000);
    }

    @Test
    void badIdentifiersAreRejectedBeforeAnySqlRuns() {
        ConnectionSpec spec = TestDatabases.sqlite(directory, "names");
        TestDatabases.execute(spec, "CREATE TABLE good (id INTEGER PRIMARY KEY)");
        try (Source source = TestDatabases.FACTORY.openSource(spec)) {
            assertThatThrownBy(() -> source.describe(StreamRef.ofObject("evil", "good\"; DROP TABLE good; --"), List.of()))
                    .isInstanceOf(FerryException.class)
                    .hasMessageContaining("Invalid identifier for table")
                    .hasMessageContaining("forbidden character");
            assertThatThrownBy(() -> source.describe(StreamRef.ofObject("missing", "nowhere"), List.of()))
                    .isInstanceOf(FerryException.class)
                    .hasMessageContaining("no table or view nowhere");
            assertThatThrownBy(() -> source.describe(StreamRef.ofObject("good", "good"), List.of("id", "nope")))
                    .isInstanceOf(FerryException.class)
                    .hasMessageContaining("column nope does not exist");
        }
        StreamSchema schema = new StreamSchema("s", List.of(new Column("id", ColumnType.BIGINT, false, 0, 0),
                Column.of("bad\ncolumn", ColumnType.TEXT)), List.of("id"));
        try (Destination destination = TestDatabases.FACTORY.openDestination(spec)) {
            assertThatThrownBy(() -> destination.open(new WriteRequest("target", schema, WriteMode.UPSERT)))
                    .isInstanceOf(FerryException.class)
                    .hasMessageContaining("Invalid identifier for column of target");
        }
        assertThat(TestDatabases.readAll(spec, "good")).isEmpty();
    }

    @Test
    void aMismatchedConnectionTypeIsReported() {
        assertThatThrownBy(() -> TestDatabases.FACTORY.openSource(new dev.ferry.api.ConnectionSpec(
                "x", "postgresql", "jdbc:sqlite::memory:", null, null, java.util.Map.of())))
                .isInstanceOf(FerryException.class).hasMessageContaining("does not start with jdbc:postgresql:");
        assertThat(TestDatabases.FACTORY.typeForUrl("jdbc:sqlite:/tmp/x.db")).isEqualTo("sqlite");
        assertThat(TestDatabases.FACTORY.typeForUrl("jdbc:postgresql://h/db")).isEqualTo("postgresql");
        assertThat(TestDatabases.FACTORY.typeForUrl("jdbc:mysql://h/db")).isNull();
        assertThat(java.util.ServiceLoader.load(dev.ferry.api.ConnectorFactory.class).stream()
                .anyMatch(p -> p.type() == JdbcConnectorFactory.class)).isTrue();
    }

    private static long advisoryLocks(ConnectionSpec spec) throws SQLException {
        try (Connection connection = DriverManager.getConnection(spec.url());
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 7");
             ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void awaitActiveQuery(ConnectionSpec spec, String fragment) throws Exception {
        try (Connection connection = DriverManager.getConnection(spec.url());
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE ? AND pid <> pg_backend_pid()")) {
            statement.setString(1, "%" + fragment + "%");
            for (int attempt = 0; attempt < 600; attempt++) {
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    if (result.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the read never started");
    }
}
