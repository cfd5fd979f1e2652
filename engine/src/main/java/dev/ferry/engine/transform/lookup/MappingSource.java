package dev.ferry.engine.transform.lookup;

import dev.ferry.engine.transform.TransformDefinitionException;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a mapping comes from and how to read it. Immutable; validated when made.
 *
 * @param path     the file; relative paths are resolved against the working directory, so the loader
 *                 resolves them against the pipeline's file first; never null
 * @param format   how to parse it; never null ({@link #of} tells it from the file's name)
 * @param keyField for an array of objects and for CSV, the field (header name) that holds each entry's
 *                 key; null for a file that is an object of keys (it must then be null)
 * @param maxBytes files larger than this are refused before they are read; at least 1
 * @param at       for a JSON or YAML file whose mapping is one field of it (team 4's
 *                 {@code calendars.json} keeps its codes under {@code prestazioni}), that field's path,
 *                 segments separated by {@code /}; null for a file that is the mapping
 */
public record MappingSource(Path path, MappingFormat format, String keyField, long maxBytes, String at)
        implements LookupSource {

    /** 50 MB: a mapping file is held in memory for the whole run. */
    public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;

    public MappingSource {
        Objects.requireNonNull(path, "mapping file path");
        Objects.requireNonNull(format, "mapping file format");
        if (keyField != null && keyField.isBlank()) {
            throw new TransformDefinitionException("Mapping file " + path
                    + ": the key field is blank; name the field (or CSV header) that holds each entry's key");
        }
        if (maxBytes < 1) {
            throw new TransformDefinitionException("Mapping file " + path + ": the size limit must be at least 1 byte, not "
                    + maxBytes);
        }
        if (at != null && (at.isBlank() || format == MappingFormat.CSV)) {
            throw new TransformDefinitionException("Mapping file " + path + ": " + (at.isBlank()
                    ? "the field path at is blank; name the field that holds the mapping, as prestazioni"
                    : "a CSV file is a mapping whole; at names a field of a JSON or YAML file"));
        }
    }

    /** A source of the file as a whole, without a field path. */
    public MappingSource(Path path, MappingFormat format, String keyField, long maxBytes) {
        this(path, format, keyField, maxBytes, null);
    }

    /** This source with the mapping read from the field at {@code fieldPath} ({@code prestazioni}, {@code a/b}). */
    public MappingSource withAt(String fieldPath) {
        String path = fieldPath.startsWith("/") ? fieldPath.substring(1) : fieldPath;
        return new MappingSource(this.path, format, keyField, maxBytes, path);
    }

    /** The file at {@code path}, its format told by its extension, no key field, the default size limit. */
    public static MappingSource of(Path path) {
        return new MappingSource(path, MappingFormat.ofFileName(Objects.requireNonNull(path, "mapping file path")),
                null, DEFAULT_MAX_BYTES);
    }

    /** This source with entries keyed by {@code field}: for arrays of objects and CSV files. */
    public MappingSource withKeyField(String field) {
        return new MappingSource(path, format, Objects.requireNonNull(field, "key field"), maxBytes, at);
    }

    public MappingSource withFormat(MappingFormat newFormat) {
        return new MappingSource(path, newFormat, keyField, maxBytes, at);
    }

    public MappingSource withMaxBytes(long newMaxBytes) {
        return new MappingSource(path, format, keyField, newMaxBytes, at);
    }

    /** The file's name as messages say it, with the field read when only one is. */
    @Override
    public String describe() {
        return "Mapping file " + path + (at == null ? "" : " (field " + at + ")");
    }
}
