package dev.ferry.cli.sync;

import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StreamStats;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows deleted at the source leave the destination (hard) or get {@code _ferry_deleted_at} (soft),
 * for every sync mode that can prove them gone, on each destination engine; and a read that failed,
 * or found nothing, removes nothing and says so in the run log.
 */
class DeletesTest {
    private static final int ROWS = 300;

    @TempDir
    Path dir;

    private SyncFixture fixture(String destination) throws SQLException {
        return fixture(destination, ROWS);
    }

    private SyncFixture fixture(String destination, int rows) throws SQLException {
        SyncFixture fixture = new SyncFixture(dir, destination, "deletes");
        fixture.source("CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL, version INTEGER NOT NULL)",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + rows + ") "
                        + "INSERT INTO items SELECT i, 'item ' || i, 1 FROM n");
        return fixture;
    }

    /**
     * More keys than the writer buffers, in batches the size users run: keys are flushed while a
     * bulk load (COPY, LOAD DATA) is open on the same connection, and between commits.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb", "sqlite"})
    void keysBeyondTheBufferAndAcrossCommitsAreAllSeen(String destination) throws Exception {
        int rows = 3 * 20_000 + 123;
        SyncFixture sync = fixture(destination, rows);
        sync.batchSize = 2_000;
        sync.commitEvery = 10_000;
        Path pipeline = sync.pipeline("", "- table: items\n  deletes: hard");
        assertThat(sync.run(pipeline).exitCode()).isZero();
        sync.source("DELETE FROM items WHERE id % 1000 = 1", "UPDATE items SET version = 2 WHERE id % 7 = 0");

        assertThat(sync.run(pipeline).exitCode()).isZero();

        assertThat(sync.lastRun().streams().getFirst().deleted()).isEqualTo(61);
        assertThat(sync.destinationRows("SELECT COUNT(*), SUM(version) FROM items"))
                .isEqualTo(SyncFixture.rows(sync.sourceUrl, "SELECT COUNT(*), SUM(version) FROM items"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb", "sqlite"})
    void fullRefreshUpsertDeletesRowsGoneFromTheSource(String destination) throws Exception {
        SyncFixture sync = fixture(destination);
        Path pipeline = sync.pipeline("", "- table: items\n  deletes: hard");
        assertThat(sync.run(pipeline).exitCode()).isZero();

        sync.source("DELETE FROM items WHERE id % 30 = 0", "UPDATE items SET name = 'renamed', version = 2 WHERE id = 7");
        SyncFixture.Outcome second = sync.run(pipeline);

        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(sync.destinationRows("SELECT id, name, version FROM items ORDER BY id"))
                .isEqualTo(SyncFixture.rows(sync.sourceUrl, "SELECT id, name, version FROM items ORDER BY id"))
                .hasSize(ROWS - ROWS / 30);
        StreamStats stats = sync.lastRun().streams().getFirst();
        assertThat(stats.deleted()).isEqualTo(ROWS / 30);
        assertThat(stats).as("as the database counted them").isEqualTo(new StreamStats("items", ROWS - ROWS / 30,
                0, 1, ROWS - ROWS / 30 - 1, ROWS / 30, 0));
        assertThat(sync.lastRunLog()).anyMatch(line -> line.equals("INFO deleted 10 row(s): missing at the source"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb", "sqlite"})
    void hashStreamsMarkMissingRowsAndClearTheMarkWhenTheyComeBack(String destination) throws Exception {
        SyncFixture sync = fixture(destination);
        Path pipeline = sync.pipeline("", "- table: items\n  sync: hash\n  deletes: soft");
        assertThat(sync.run(pipeline).exitCode()).isZero();
        sync.source("DELETE FROM items WHERE id IN (5, 6, 250)");

        assertThat(sync.run(pipeline).exitCode()).isZero();
        assertThat(sync.lastRun().streams().getFirst().unchanged()).isEqualTo(ROWS - 3);
        assertThat(sync.lastRun().streams().getFirst().deleted()).as("marked deleted").isEqualTo(3);
        assertThat(sync.destinationRows("SELECT id FROM items WHERE _ferry_deleted_at IS NOT NULL ORDER BY id"))
                .containsExactly(List.of("5"), List.of("6"), List.of("250"));
        assertThat(sync.destinationRows("SELECT COUNT(*) FROM items")).containsExactly(List.of(String.valueOf(ROWS)));

        // Row 6 comes back exactly as it was: its stored hash was forgotten, so it is written and revived.
        sync.source("INSERT INTO items VALUES (6, 'item 6', 1)");
        assertThat(sync.run(pipeline).exitCode()).isZero();
        assertThat(sync.destinationRows("SELECT id FROM items WHERE _ferry_deleted_at IS NOT NULL ORDER BY id"))
                .containsExactly(List.of("5"), List.of("250"));
        assertThat(sync.lastRun().streams().getFirst().written()).isEqualTo(1);
        assertThat(sync.lastRun().streams().getFirst().updated()).as("the marked row is updated, not inserted").isEqualTo(1);
        // A third run marks nothing twice: the marks keep the time the rows were first found gone.
        assertThat(sync.lastRun().streams().getFirst().deleted()).isZero();
    }

    /**
     * A key the destination stores differently than the source gives it (PostgreSQL rounds a
     * timestamp to microseconds): a row deleted and then restored unchanged at the source must
     * still be written again, so its stored hash has to be forgotten by what the source no longer
     * has, not by the key the destination gives back.
     */
    @org.junit.jupiter.api.Test
    void aRestoredRowComesBackEvenWhenTheDestinationRoundsItsKey() throws Exception {
        SyncFixture sync = new SyncFixture(dir, "postgresql", "deletes");
        sync.source("CREATE TABLE readings (taken DATETIME PRIMARY KEY, value INTEGER NOT NULL)",
                "INSERT INTO readings VALUES ('2024-01-01 10:00:00.1234567', 1), ('2024-01-01 11:00:00', 2)");
        Path pipeline = sync.pipeline("", "- table: readings\n  sync: hash\n  deletes: hard");
        assertThat(sync.run(pipeline).exitCode()).isZero();

        sync.source("DELETE FROM readings WHERE value = 1");
        assertThat(sync.run(pipeline).exitCode()).isZero();
        assertThat(sync.destinationRows("SELECT value FROM readings")).containsExactly(List.of("2"));

        sync.source("INSERT INTO readings VALUES ('2024-01-01 10:00:00.1234567', 1)");
        SyncFixture.Outcome restored = sync.run(pipeline);

        assertThat(restored.exitCode()).as(restored.output()).isZero();
        assertThat(sync.destinationRows("SELECT value FROM readings ORDER BY value"))
                .containsExactly(List.of("1"), List.of("2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb", "sqlite"})
    void anEmptySourceRemovesNothingUnlessAllowed(String destination) throws Exception {
        SyncFixture sync = fixture(destination);
        String stream = "- table: items\n  deletes: hard";
        assertThat(sync.run(sync.pipeline("", stream)).exitCode()).isZero();
        sync.source("DELETE FROM items");

        assertThat(sync.run(sync.pipeline("", stream)).exitCode()).isZero();
        assertThat(sync.destinationRows("SELECT COUNT(*) FROM items")).containsExactly(List.of(String.valueOf(ROWS)));
        assertThat(sync.lastRunLog()).contains("WARN deletions withheld: the source returned no rows (set "
                + "allow_empty_source: true if it really is empty); " + ROWS + " destination row(s) not seen in this run were kept");

        assertThat(sync.run(sync.pipeline("", stream + "\n  allow_empty_source: true")).exitCode()).isZero();
        assertThat(sync.destinationRows("SELECT COUNT(*) FROM items")).containsExactly(List.of("0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb", "sqlite"})
    void aReadThatFailsPartWayRemovesNothing(String destination) throws Exception {
        SyncFixture sync = fixture(destination);
        // SQLite raises "integer overflow" only when the query reaches row 200, after earlier batches were written.
        String failing = "- name: items\n  destination_table: items\n  key: id\n  deletes: hard\n"
                + "  query: SELECT id, name, version + CASE WHEN id = 200 AND %s THEN abs(-9223372036854775807 - 1)"
                + " ELSE 0 END AS version FROM items ORDER BY id";
        assertThat(sync.run(sync.pipeline("", failing.formatted("0"))).exitCode()).isZero();
        sync.source("DELETE FROM items WHERE id IN (1, 2, 3)");

        SyncFixture.Outcome failed = sync.run(sync.pipeline("", failing.formatted("1")));

        assertThat(failed.exitCode()).as(failed.output()).isNotZero();
        assertThat(sync.lastRun().status()).isEqualTo(RunStatus.FAILED);
        assertThat(sync.lastRun().streams().getFirst().read()).isGreaterThan(0);
        assertThat(sync.destinationRows("SELECT COUNT(*) FROM items")).containsExactly(List.of(String.valueOf(ROWS)));
        assertThat(sync.lastRunLog()).anyMatch(line -> line.startsWith("WARN no rows removed as missing at the source"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb", "sqlite"})
    void incrementalStreamsFindDeletionsByScanningKeysEveryNRuns(String destination) throws Exception {
        SyncFixture sync = fixture(destination);
        Path pipeline = sync.pipeline("", "- table: items\n  sync: incremental\n  cursor: version\n"
                + "  deletes: hard\n  reconcile_every: 2");
        assertThat(sync.run(pipeline).exitCode()).isZero(); // run 1: no scan
        sync.source("DELETE FROM items WHERE id <= 4", "UPDATE items SET version = 3, name = 'new' WHERE id = 10");

        assertThat(sync.run(pipeline).exitCode()).isZero(); // run 2: scan
        assertThat(sync.destinationRows("SELECT id FROM items WHERE id <= 4")).isEmpty();
        assertThat(sync.destinationRows("SELECT name FROM items WHERE id = 10")).containsExactly(List.of("new"));
        assertThat(sync.lastRun().streams().getFirst().deleted()).isEqualTo(4);
        assertThat(sync.lastRunLog()).contains("INFO scanned " + (ROWS - 4) + " source key(s) for deletions");

        sync.source("DELETE FROM items WHERE id = 5");
        assertThat(sync.run(pipeline).exitCode()).isZero(); // run 3: no scan, the row stays
        assertThat(sync.destinationRows("SELECT id FROM items WHERE id = 5")).hasSize(1);

        assertThat(sync.run(pipeline, "--reconcile-deletes").exitCode()).isZero(); // asked for: scan
        assertThat(sync.destinationRows("SELECT id FROM items WHERE id = 5")).isEmpty();
        assertThat(sync.destinationRows("SELECT COUNT(*) FROM items")).containsExactly(List.of(String.valueOf(ROWS - 5)));
    }
}
