package dev.ferry.testkit.saas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The file a standalone fake writes for the shell script that started it: one {@code NAME='value'}
 * line per entry, owner-only since it holds keys and tokens, written to a temporary file and moved
 * so that a script polling for it never reads half of it.
 */
public final class InfoFile {

    private InfoFile() {
    }

    public static void write(Path file, Map<String, String> entries) throws IOException {
        StringBuilder text = new StringBuilder();
        entries.forEach((name, value) -> text.append(name).append("='").append(value.replace("'", "'\\''")).append("'\n"));
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, text);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
