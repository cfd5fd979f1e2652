package dev.ferry.engine.transform;

import dev.ferry.engine.transform.lookup.LookupTables;
import dev.ferry.engine.transform.lookup.MappingFileCache;

import java.util.Objects;

/**
 * What binding a stream's transforms may use besides the schema: the lookup tables of the run (or
 * preview), read through the pipeline's connections. One per run, shared by all its streams and by
 * the retries of each, so a table is read once however many streams and tries bind it.
 *
 * @param lookupTables where table lookups get their tables; {@link LookupTables#NONE} where there are no
 *                     connections to read them through
 * @param mappingFiles where file lookups read their files: the run's own cache, so that a long-lived
 *                     server reads a mapping file edited since the pipeline was loaded afresh at its
 *                     next run; null to read them through the cache the pipeline was loaded with
 */
public record TransformContext(LookupTables lookupTables, MappingFileCache mappingFiles) {

    /** No connections: file lookups and every other transform bind, a table lookup is refused. */
    public static final TransformContext NONE = new TransformContext(LookupTables.NONE, null);

    public TransformContext {
        Objects.requireNonNull(lookupTables, "lookup tables");
    }

    /** Tables through {@code lookupTables}, files read through the pipeline's own cache. */
    public TransformContext(LookupTables lookupTables) {
        this(lookupTables, null);
    }

    /** A run's context: its tables, and its files read afresh once for the run. */
    public static TransformContext forRun(LookupTables lookupTables) {
        return new TransformContext(lookupTables, new MappingFileCache());
    }

    /** The cache a lookup reads its file through: the run's, else the lookup's own. */
    public MappingFileCache mappingFilesOr(MappingFileCache own) {
        return mappingFiles != null ? mappingFiles : own;
    }
}
