package dev.ferry.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** SQLite source databases and pipeline files for server tests. */
public final class SqlitePipelines {
    private SqlitePipelines() {
    }

    /** A source database at {@code file} with table {@code items(id, name)} holding {@code rows} rows. */
    public static void sourceWithItems(Path file, int rows) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT OR REPLACE INTO items VALUES (?, ?)")) {
                for (int i = 1; i <= rows; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "item " + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code pipelines/<name>.yml}: items from {@code source} to {@code destination}, both SQLite files. */
    public static Path itemsPipeline(Path pipelines, String name, Path source, Path destination, String extra) {
        String yaml = "pipeline: " + name + "\n"
                + "connections:\n"
                + "  src: {url: \"jdbc:sqlite:" + source + "\"}\n"
                + "  dst: {url: \"jdbc:sqlite:" + destination + "\"}\n"
                + "source: src\n"
                + "destination: dst\n"
                + "streams:\n"
                + "  - table: items\n"
                + extra;
        Path file = pipelines.resolve(name + ".yml");
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public static long count(Path database, String table) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
