package dev.ferry.server.ui.browser;

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
 * A real PostgreSQL pipeline for the browser tests: a fresh source database with {@code items(id, name)}
 * and a fresh destination, on the server {@link TestPostgres} gives, and the pipeline file that
 * copies the one to the other incrementally by id.
 */
record PostgresPipeline(String name, String sourceUrl, String destinationUrl) {

    static PostgresPipeline create(Path pipelinesFolder, String name, int rows) {
        PostgresPipeline pipeline = new PostgresPipeline(name, TestPostgres.freshDatabase("ui_src"),
                TestPostgres.freshDatabase("ui_dst"));
        execute(pipeline.sourceUrl, "CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT NOT NULL)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, " + rows + ") g");
        String yaml = "pipeline: " + name + "\n"
                + "connections:\n"
                + "  src: {url: \"" + pipeline.sourceUrl + "\"}\n"
                + "  dst: {url: \"" + pipeline.destinationUrl + "\"}\n"
                + "source: src\n"
                + "destination: dst\n"
                + "streams:\n"
                + "  - table: items\n"
                + "    key: [id]\n"
                + "    sync: incremental\n"
                + "    cursor: id\n";
        try {
            Files.writeString(pipelinesFolder.resolve(name + ".yml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pipeline;
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
