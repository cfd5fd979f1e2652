package dev.ferry.testkit.saas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads back the {@link InfoFile} a standalone fake wrote, as the benchmark scripts read it, so
 * that each fake's server test checks the file the scripts rely on and not only the fake.
 */
public final class InfoFiles {

    private InfoFiles() {
    }

    /** The file's {@code NAME='value'} entries in order, after checking that only its owner may read it. */
    public static Map<String, String> readOwnerOnly(Path file) throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Map<String, String> info = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int equals = line.indexOf('=');
            info.put(line.substring(0, equals), line.substring(equals + 2, line.length() - 1));
        }
        return info;
    }
}
