package dev.ferry.cli.sync;

import dev.ferry.engine.state.StreamStats;
import dev.ferry.testkit.TestMariaDb;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An incremental read is inclusive, so it reads again the rows that share the stored cursor value;
 * those it already committed unchanged are recognised and not written again, while rows committed
 * late with that value, and rows changed without moving the cursor, still are. On real engines,
 * with one statement setting the cursor of many rows to the same {@code now()}.
 */
class CursorBoundaryTest {
    private static final int ROWS = 30_000;
    private static final int CHANGED = 10_000;

    @TempDir
    Path dir;

    /** A source and a destination on one engine; the source table with distinct cursor values to start. */
    private SyncFixture fixture(String engine) throws Exception {
        String source = engine.equals("postgresql") ? TestPostgres.freshDatabase("boundary_src")
                : TestMariaDb.freshDatabase("boundary_src");
        SyncFixture sync = new SyncFixture(dir, source, engine, "boundary_dst");
        sync.batchSize = 2_000;
        sync.commitEvery = 10_000;
        if (engine.equals("postgresql")) {
            sync.source("CREATE TABLE ventas (conduce bigint PRIMARY KEY, monto numeric(14,2) NOT NULL,"
                            + " ultima_modificacion timestamptz NOT NULL)",
                    "INSERT INTO ventas SELECT i, i, timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second'"
                            + " FROM generate_series(1, " + ROWS + ") i");
        } else {
            sync.source("CREATE TABLE ventas (conduce bigint PRIMARY KEY, monto decimal(14,2) NOT NULL,"
                            + " ultima_modificacion datetime(6) NOT NULL)",
                    "INSERT INTO ventas SELECT seq, seq, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND"
                            + " FROM seq_1_to_" + ROWS);
        }
        return sync;
    }

    private static String now(String engine) {
        return engine.equals("postgresql") ? "now()" : "NOW(6)";
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void rowsSetToTheSameNowAreWrittenOnceAndNotAgainByTheNextRun(String engine) throws Exception {
        SyncFixture sync = fixture(engine);
        Path pipeline = sync.pipeline("", "- table: ventas\n  sync: incremental\n  cursor: ultima_modificacion");
        assertThat(sync.run(pipeline).exitCode()).isZero();
        assertThat(sync.lastRun().streams().getFirst()).isEqualTo(new StreamStats("ventas", ROWS, ROWS, 0, 0, 0, 0));

        // One statement sets the cursor of 10,000 rows to the same value.
        sync.source("UPDATE ventas SET monto = monto + 1, ultima_modificacion = " + now(engine)
                + " WHERE conduce <= " + CHANGED);
        SyncFixture.Outcome first = sync.run(pipeline);
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(sync.lastRun().streams().getFirst()).as("the row at the old cursor value is read again, unchanged")
                .isEqualTo(new StreamStats("ventas", CHANGED + 1, 0, CHANGED, 1, 0, 0));

        // A destination edit on a row at the new boundary shows whether the next run sends it again.
        sync.destination("UPDATE ventas SET monto = -1 WHERE conduce = 5");
        sync.source("UPDATE ventas SET monto = monto + 1, ultima_modificacion = " + now(engine)
                + " WHERE conduce > " + CHANGED + " AND conduce <= " + 2 * CHANGED);
        SyncFixture.Outcome second = sync.run(pipeline);

        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(sync.lastRun().streams().getFirst()).as("10,000 written, not 20,000")
                .isEqualTo(new StreamStats("ventas", 2 * CHANGED, 0, CHANGED, CHANGED, 0, 0));
        assertThat(sync.lastRunLog()).contains("INFO " + CHANGED + " row(s) read again at the cursor boundary were"
                + " committed unchanged before and not written again");
        assertThat(sync.destinationRows("SELECT monto FROM ventas WHERE conduce = 5")).as("not sent again")
                .containsExactly(List.of("-1.00"));

        // A row committed late with the stored cursor value, and one changed without moving it, are written.
        sync.destination("UPDATE ventas SET monto = 6 WHERE conduce = 5");
        String last = SyncFixture.rows(sync.sourceUrl, "SELECT max(ultima_modificacion) FROM ventas").getFirst().getFirst();
        sync.source("INSERT INTO ventas VALUES (" + (ROWS + 1) + ", 1, '" + last + "')",
                "UPDATE ventas SET monto = 0 WHERE conduce = " + 2 * CHANGED);
        SyncFixture.Outcome third = sync.run(pipeline);
        assertThat(third.exitCode()).as(third.output()).isZero();
        assertThat(sync.lastRun().streams().getFirst())
                .isEqualTo(new StreamStats("ventas", CHANGED + 1, 1, 1, CHANGED - 1, 0, 0));
        assertThat(sync.destinationRows("SELECT conduce, monto, ultima_modificacion FROM ventas ORDER BY conduce"))
                .isEqualTo(SyncFixture.rows(sync.sourceUrl,
                        "SELECT conduce, monto, ultima_modificacion FROM ventas ORDER BY conduce"));
    }

    /**
     * A row removed as missing at the source and then restored exactly as it was, with the same
     * cursor value, must be written again: the removal forgets the boundary.
     */
    @Test
    void aRowRemovedAsMissingAndRestoredUnchangedIsWrittenAgain() throws Exception {
        SyncFixture sync = new SyncFixture(dir, "postgresql", "boundary_deletes");
        sync.source("CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL, version INTEGER NOT NULL)",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
                        + "INSERT INTO items SELECT i, 'item ' || i, 7 FROM n");
        Path pipeline = sync.pipeline("", "- table: items\n  sync: incremental\n  cursor: version\n"
                + "  deletes: hard\n  reconcile_every: 1");
        assertThat(sync.run(pipeline).exitCode()).isZero();

        assertThat(sync.run(pipeline).exitCode()).isZero();
        assertThat(sync.lastRun().streams().getFirst()).as("a scan that removes nothing keeps the boundary")
                .isEqualTo(new StreamStats("items", 300, 0, 0, 300, 0, 0));
        assertThat(sync.lastRunLog()).contains("INFO 300 row(s) read again at the cursor boundary were committed"
                + " unchanged before and not written again");

        sync.source("DELETE FROM items WHERE id = 5");
        assertThat(sync.run(pipeline).exitCode()).isZero();
        assertThat(sync.lastRun().streams().getFirst().deleted()).isEqualTo(1);

        sync.source("INSERT INTO items VALUES (5, 'item 5', 7)");
        assertThat(sync.run(pipeline).exitCode()).isZero();

        assertThat(sync.lastRun().streams().getFirst().inserted()).isEqualTo(1);
        assertThat(sync.destinationRows("SELECT name FROM items WHERE id = 5")).containsExactly(List.of("item 5"));
    }
}
