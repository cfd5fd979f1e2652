package dev.ferry.engine.config.loader;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Anchors relative SQLite file URLs at the pipeline file's folder, so a pipeline behaves the same
 * whatever directory it is started from.
 */
final class SqliteUrls {

    private static final String PREFIX = "jdbc:sqlite:";

    private SqliteUrls() {
    }

    /** The URL with a relative database path made absolute; any other URL unchanged. */
    static String resolve(String url, Path baseDirectory) {
        if (!url.startsWith(PREFIX)) {
            return url;
        }
        String rest = url.substring(PREFIX.length());
        // ":memory:" and ":resource:..." name no file; "file:" URIs carry their own rules.
        if (rest.isEmpty() || rest.startsWith(":") || rest.startsWith("file:")) {
            return url;
        }
        int queryStart = rest.indexOf('?');
        String pathText = queryStart < 0 ? rest : rest.substring(0, queryStart);
        String query = queryStart < 0 ? "" : rest.substring(queryStart);
        try {
            Path path = Path.of(pathText);
            if (path.isAbsolute()) {
                return url;
            }
            return PREFIX + baseDirectory.resolve(path).normalize() + query;
        } catch (InvalidPathException e) {
            return url;
        }
    }
}
