package dev.ferry.engine.secrets;

import dev.ferry.api.FerryException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the keyset that encrypts stored secrets comes from, always outside the state store:
 * <ol>
 *   <li>{@code FERRY_SECRETS_KEYSET}: the keyset's JSON itself (for containers whose secrets arrive as
 *       variables); it cannot be rotated in place;</li>
 *   <li>{@code FERRY_SECRETS_KEYSET_FILE}: the path of a keyset file;</li>
 *   <li>otherwise {@code secrets.keyset.json} in the server's data folder, created with mode 0600 on
 *       first start.</li>
 * </ol>
 *
 * @param inline the keyset's JSON when given by variable; null for a file
 * @param file   the keyset file; null when inline
 * @param origin how messages name it, e.g. {@code file .ferry/secrets.keyset.json}
 */
public record KeysetSource(String inline, Path file, String origin) {
    public static final String KEYSET_VARIABLE = "FERRY_SECRETS_KEYSET";
    public static final String KEYSET_FILE_VARIABLE = "FERRY_SECRETS_KEYSET_FILE";
    public static final String DEFAULT_FILE_NAME = "secrets.keyset.json";

    public KeysetSource {
        Objects.requireNonNull(origin, "origin");
        if ((inline == null) == (file == null)) {
            throw new IllegalArgumentException("A keyset comes from exactly one of a variable or a file");
        }
    }

    /** The keyset named by the environment, else the default file in {@code dataFolder}. */
    public static KeysetSource of(Map<String, String> environment, Path dataFolder) {
        String inline = environment.get(KEYSET_VARIABLE);
        if (inline != null && !inline.isBlank()) {
            return new KeysetSource(inline, null, "variable " + KEYSET_VARIABLE);
        }
        String file = environment.get(KEYSET_FILE_VARIABLE);
        if (file != null && !file.isBlank()) {
            return new KeysetSource(null, Path.of(file), "file " + file + " (from " + KEYSET_FILE_VARIABLE + ")");
        }
        Path path = dataFolder.resolve(DEFAULT_FILE_NAME);
        return new KeysetSource(null, path, "file " + path);
    }

    public boolean isFile() {
        return file != null;
    }

    public static String notWritable(String origin) {
        return "The keyset comes from " + origin + ", which Ferry cannot change: put it in a file named by "
                + KEYSET_FILE_VARIABLE + " (mode 0600), unset " + KEYSET_VARIABLE + ", and try again";
    }

    /** The keyset's JSON; empty when its file does not exist. */
    public Optional<String> read() {
        if (inline != null) {
            return Optional.of(inline);
        }
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FerryException("The keyset " + origin + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** When the file last changed, to notice a rotation made by another process; null when inline or absent. */
    Object version() {
        if (file == null) {
            return null;
        }
        try {
            // Every write replaces the file by a new one (a new inode), so its key tells a rotation apart
            // even within the resolution of the modification time.
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.fileKey() + ":" + attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)
                    + ":" + attributes.size();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Writes the keyset's JSON: to a new file readable by its owner only (0600), then moved over the
     * old one in one step, so a crash leaves either the old keyset or the new one, never half of one.
     */
    public void write(String json) {
        if (file == null) {
            throw new FerryException(notWritable(origin));
        }
        Path folder = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
            Path temporary = folder.resolve("." + file.getFileName() + ".new");
            Files.deleteIfExists(temporary);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(temporary);
            }
            Files.writeString(temporary, json, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new FerryException("The keyset " + origin + " cannot be written (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")", e);
        }
    }
}
