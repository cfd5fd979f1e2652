package dev.ferry.server;

import dev.ferry.testkit.TestPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL source whose rows come only as far as the test lets them: view {@code gated_items}
 * returns the rows of {@code items} in id order, and each row waits while its id is above
 * {@code gate.allowed}. A run of it therefore stays running, at a known row, until the test opens
 * the gate: no timing luck. The database sorts nothing for it ({@code enable_sort = off}), so rows
 * stream in id order as they pass instead of being gathered for a sort first.
 */
public final class GatedPostgresSource implements AutoCloseable {
    final String sourceUrl;
    final String destinationUrl;
    final int rows;

    public GatedPostgresSource(int rows, long allowed) {
        this.rows = rows;
        this.sourceUrl = TestPostgres.freshDatabase("h1src");
        this.destinationUrl = TestPostgres.freshDatabase("h1dst");
        String database = sourceUrl.substring(sourceUrl.lastIndexOf('/') + 1).split("\\?", 2)[0];
        execute(TestPostgres.adminUrl(), "ALTER DATABASE " + database + " SET enable_sort = off");
        execute(sourceUrl,
                "CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT NOT NULL)",
                "INSERT INTO items SELECT g, repeat('x', 9000) || g FROM generate_series(1, " + rows + ") g",
                "ANALYZE items",
                "CREATE TABLE gate (allowed BIGINT NOT NULL)",
                "INSERT INTO gate VALUES (" + allowed + ")",
                "CREATE FUNCTION gate_passes(row_id BIGINT) RETURNS BOOLEAN LANGUAGE plpgsql VOLATILE AS $$ "
                        + "BEGIN WHILE row_id > (SELECT allowed FROM gate) LOOP PERFORM pg_sleep(0.02); END LOOP; "
                        + "RETURN TRUE; END $$",
                "CREATE VIEW gated_items AS SELECT id, name FROM items WHERE gate_passes(id)");
    }

    /** Lets rows up to {@code allowed} through. */
    public void allow(long allowed) {
        execute(sourceUrl, "UPDATE gate SET allowed = " + allowed);
    }

    public void open() {
        allow(Long.MAX_VALUE);
    }

    /** Writes {@code <pipelines>/<name>.yml}: the gated view, incremental by id, a commit every 10 rows. */
    public Path pipeline(Path pipelines, String name) {
        String yaml = "pipeline: " + name + "\n"
                + "connections:\n"
                + "  src: {url: \"" + sourceUrl + "\"}\n"
                + "  dst: {url: \"" + destinationUrl + "\"}\n"
                + "source: src\n"
                + "destination: dst\n"
                + "batch_size: 10\n"
                + "commit_every: 10\n"
                + "streams:\n"
                + "  - name: items\n"
                + "    view: public.gated_items\n"
                + "    destination_table: items\n"
                + "    key: [id]\n"
                + "    sync: incremental\n"
                + "    cursor: id\n";
        try {
            return Files.writeString(pipelines.resolve(name + ".yml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long destinationRows() {
        try (Connection connection = DriverManager.getConnection(destinationUrl);
             Statement statement = connection.createStatement();
             var result = statement.executeQuery("SELECT count(*) FROM items")) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        // Whatever still reads the view must be able to finish.
        open();
    }

    private static void execute(String url, String... statements) {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
