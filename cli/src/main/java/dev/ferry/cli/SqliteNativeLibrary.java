package dev.ferry.cli;

import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Keeps SQLite's native library in Ferry's cache folder. The driver otherwise extracts it from
 * the jar into a new temporary file at every start and compares it byte by byte, a sixth of a
 * second that a run every few seconds pays each time.
 */
final class SqliteNativeLibrary {
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private SqliteNativeLibrary() {
    }

    /** Points the driver at the cached copy, extracting it first if needed; on any problem leaves the driver's own way. */
    static void useCacheIn(Path cacheRoot) {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        try {
            String folder = OSInfo.getNativeLibFolderPathForCurrentOS();
            String name = System.mapLibraryName("sqlitejdbc");
            String resource = "/org/sqlite/native/" + folder + "/" + name;
            Path directory = cacheRoot.resolve("sqlite-" + SQLiteJDBCLoader.getVersion() + "-" + folder.replace('/', '-'));
            Path library = directory.resolve(name);
            if (!Files.isRegularFile(library)) {
                try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        return;
                    }
                    Files.createDirectories(directory);
                    // Written aside and renamed, so a concurrent start never loads half a file.
                    Path partial = Files.createTempFile(directory, name, ".partial");
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            System.setProperty(PATH_PROPERTY, directory.toString());
            System.setProperty(NAME_PROPERTY, name);
        } catch (IOException | RuntimeException | LinkageError e) {
            // an unwritable home or an unknown platform: the driver extracts the library as usual
        }
    }

    /** Ferry's cache folder: $XDG_CACHE_HOME/ferry, else ~/.cache/ferry (the launcher uses the same). */
    static Path defaultCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("ferry");
    }
}
