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
 */
public record MappingSource(Path path, MappingFormat format, String keyField, long maxBytes) implements LookupSource {

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
    }

    /** The file at {@code path}, its format told by its extension, no key field, the default size limit. */
    public static MappingSource of(Path path) {
        return new MappingSource(path, MappingFormat.ofFileName(Objects.requireNonNull(path, "mapping file path")),
                null, DEFAULT_MAX_BYTES);
    }

    /** This source with entries keyed by {@code field}: for arrays of objects and CSV files. */
    public MappingSource withKeyField(String field) {
        return new MappingSource(path, format, Objects.requireNonNull(field, "key field"), maxBytes);
    }

    public MappingSource withFormat(MappingFormat newFormat) {
        return new MappingSource(path, newFormat, keyField, maxBytes);
    }

    public MappingSource withMaxBytes(long newMaxBytes) {
        return new MappingSource(path, format, keyField, newMaxBytes);
    }

    /** The file's name as messages say it. */
    @Override
    public String describe() {
        return "Mapping file " + path;
    }
}
