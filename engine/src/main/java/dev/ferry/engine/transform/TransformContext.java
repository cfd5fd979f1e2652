package dev.ferry.engine.transform;

import dev.ferry.engine.transform.lookup.LookupTables;

import java.util.Objects;

/**
 * What binding a stream's transforms may use besides the schema: the lookup tables of the run (or
 * preview), read through the pipeline's connections. One per run, shared by all its streams and by
 * the retries of each, so a table is read once however many streams and tries bind it.
 *
 * @param lookupTables where table lookups get their tables; {@link LookupTables#NONE} where there are no
 *                     connections to read them through
 */
public record TransformContext(LookupTables lookupTables) {

    /** No connections: file lookups and every other transform bind, a table lookup is refused. */
    public static final TransformContext NONE = new TransformContext(LookupTables.NONE);

    public TransformContext {
        Objects.requireNonNull(lookupTables, "lookup tables");
    }
}
