package dev.ferry.connectors.jdbc.sqlite;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** The file a SQLite URL names, so commands that only look can tell whether it exists without creating it. */
public final class SqliteFiles {

    private static final String PREFIX = "jdbc:sqlite:";

    private SqliteFiles() {
    }

    /** The database file of {@code url}; empty for in-memory and resource databases and non-SQLite URLs. */
    public static Optional<Path> of(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = url.substring(PREFIX.length());
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        String path = rest.split("\\?", 2)[0];
        if (path.isEmpty() || path.startsWith(":") || path.contains("mode=memory")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(path).toAbsolutePath());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
