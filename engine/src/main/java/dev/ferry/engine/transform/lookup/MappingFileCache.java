package dev.ferry.engine.transform.lookup;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The mapping files of one run, each read once however many lookups and streams use it. Create one
 * per run and share it between the run's lookups, so a file edited between runs is read afresh at
 * the next one. Thread-safe; a file that fails to read is not remembered, so the error repeats.
 */
public final class MappingFileCache {
    private final ConcurrentMap<MappingSource, MappingFile> files = new ConcurrentHashMap<>();

    /** The file of {@code source}, read on first use. */
    public MappingFile get(MappingSource source) {
        Objects.requireNonNull(source, "mapping source");
        Path absolute = source.path().toAbsolutePath().normalize();
        MappingSource normalised = new MappingSource(absolute, source.format(), source.keyField(), source.maxBytes(),
                source.at());
        // Read with the caller's source, so that messages name the path as the user wrote it.
        return files.computeIfAbsent(normalised, ignored -> MappingFile.read(source));
    }

    /** The mapping of {@code source}: a file read through this cache, or a table from the run's {@code tables}. */
    Mapping mappingOf(LookupSource source, LookupTables tables) {
        return switch (source) {
            case MappingSource file -> get(file);
            case TableLookupSource table -> tables.get(table);
        };
    }

    /** How many files have been read. */
    public int size() {
        return files.size();
    }
}
