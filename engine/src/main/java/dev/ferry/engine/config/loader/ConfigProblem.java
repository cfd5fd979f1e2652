package dev.ferry.engine.config.loader;

import java.nio.file.Path;

/**
 * One mistake in a pipeline file, located so an editor can jump to it.
 *
 * @param file    the file as it was named to the loader; never null
 * @param line    1-based line, or 0 when the problem concerns the whole file
 * @param column  1-based column, or 0 when the problem concerns the whole file
 * @param field   the field path, such as {@code streams[2].cursor}; null when the problem concerns
 *                the whole file
 * @param message what is wrong and what would be valid; never contains a secret value
 */
public record ConfigProblem(Path file, int line, int column, String field, String message) {

    /** {@code file:line:col: field: message}, leaving out the parts that are unknown. */
    public String format() {
        StringBuilder out = new StringBuilder().append(file);
        if (line > 0) {
            out.append(':').append(line).append(':').append(column);
        }
        out.append(": ");
        if (field != null && !field.isEmpty()) {
            out.append(field).append(": ");
        }
        return out.append(message).toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
