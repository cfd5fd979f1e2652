package dev.ferry.engine.config;

import dev.ferry.engine.transform.TransformChain;

import dev.ferry.api.Lookback;
import dev.ferry.api.StreamRef;
import dev.ferry.api.WriteMode;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One stream of a pipeline, as configured and validated.
 *
 * @param name             the stream's name, unique in the pipeline; never null
 * @param table            the source table or view; null when {@code query} is given
 * @param query            a source query; null when {@code table} is given
 * @param destinationTable the destination table; never null (defaults to the named stream under the naming rule)
 * @param key              key columns by source name; empty to use the source's primary key
 * @param columns          source columns to read; empty for all
 * @param rename           source column name to destination column name; never null
 * @param naming           how unrenamed names become destination names; never null
 * @param sync             the sync mode; never null
 * @param write            how records are written; {@link WriteMode#UPSERT} for incremental and hash
 * @param cursor           the cursor column (source name) for incremental streams, else null
 * @param lookback         the look-back window of incremental streams; never null
 * @param deletes          what happens to destination rows the source no longer has; never null
 * @param transforms       what happens to each row between reading and writing, on source column names
 *                         (renames and naming apply to what they give); {@link TransformChain#NONE} for nothing
 * @param badRows          how many bad rows go to the quarantine before a run fails; {@link BadRowLimits#NONE}
 *                         to fail on the first
 * @param dependsOn        names of other streams of the pipeline that must commit, in the same run, before this
 *                         one writes; empty for none; never null
 * @param flattenObjects   whether nested objects are read as one column per property ({@code parent_child}),
 *                         which only a source that {@linkplain dev.ferry.api.Source#flattensObjects() flattens} does
 */
public record StreamConfig(String name, String table, String query, String destinationTable,
                           List<String> key, List<String> columns, Map<String, String> rename,
                           Naming naming, SyncMode sync, WriteMode write, String cursor, Lookback lookback,
                           DeleteSettings deletes, TransformChain transforms, BadRowLimits badRows,
                           List<String> dependsOn, boolean flattenObjects) {

    /** What a stream gets when neither it nor the file's {@code defaults} say otherwise. */
    public static final SyncMode DEFAULT_SYNC = SyncMode.FULL_REFRESH;
    public static final WriteMode DEFAULT_WRITE = WriteMode.UPSERT;
    public static final Naming DEFAULT_NAMING = Naming.AS_IS;
    public static final dev.ferry.api.DeletePolicy DEFAULT_DELETES = dev.ferry.api.DeletePolicy.NONE;
    public static final BadRowLimits DEFAULT_BAD_ROWS = BadRowLimits.NONE;

    public StreamConfig {
        Objects.requireNonNull(name, "stream name");
        Objects.requireNonNull(destinationTable, "destination table of " + name);
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(lookback, "lookback");
        Objects.requireNonNull(deletes, "deletes");
        Objects.requireNonNull(transforms, "transforms");
        Objects.requireNonNull(badRows, "badRows");
        key = List.copyOf(key);
        columns = List.copyOf(columns);
        rename = Map.copyOf(rename);
        dependsOn = List.copyOf(dependsOn);
        if (dependsOn.contains(name)) {
            throw new IllegalArgumentException("Stream " + name + " cannot depend on itself");
        }
        if ((table == null) == (query == null)) {
            throw new IllegalArgumentException("Stream " + name + " needs exactly one of table or query");
        }
        if (sync == SyncMode.INCREMENTAL && cursor == null) {
            throw new IllegalArgumentException("Incremental stream " + name + " needs a cursor column");
        }
        if (deletes.enabled() && write != WriteMode.UPSERT) {
            throw new IllegalArgumentException("Stream " + name + " removes missing rows, which needs write: upsert");
        }
    }

    /** A stream that reads nested objects as they are. */
    public StreamConfig(String name, String table, String query, String destinationTable,
                        List<String> key, List<String> columns, Map<String, String> rename,
                        Naming naming, SyncMode sync, WriteMode write, String cursor, Lookback lookback,
                        DeleteSettings deletes, TransformChain transforms, BadRowLimits badRows,
                        List<String> dependsOn) {
        this(name, table, query, destinationTable, key, columns, rename, naming, sync, write, cursor, lookback,
                deletes, transforms, badRows, dependsOn, false);
    }

    /** A stream that quarantines no bad rows and depends on no other stream. */
    public StreamConfig(String name, String table, String query, String destinationTable,
                        List<String> key, List<String> columns, Map<String, String> rename,
                        Naming naming, SyncMode sync, WriteMode write, String cursor, Lookback lookback,
                        DeleteSettings deletes, TransformChain transforms) {
        this(name, table, query, destinationTable, key, columns, rename, naming, sync, write, cursor, lookback,
                deletes, transforms, BadRowLimits.NONE, List.of());
    }

    /** A stream that depends on no other stream. */
    public StreamConfig(String name, String table, String query, String destinationTable,
                        List<String> key, List<String> columns, Map<String, String> rename,
                        Naming naming, SyncMode sync, WriteMode write, String cursor, Lookback lookback,
                        DeleteSettings deletes, TransformChain transforms, BadRowLimits badRows) {
        this(name, table, query, destinationTable, key, columns, rename, naming, sync, write, cursor, lookback,
                deletes, transforms, badRows, List.of());
    }

    /** A stream that quarantines no bad rows. */
    public StreamConfig(String name, String table, String query, String destinationTable,
                        List<String> key, List<String> columns, Map<String, String> rename,
                        Naming naming, SyncMode sync, WriteMode write, String cursor, Lookback lookback,
                        DeleteSettings deletes, TransformChain transforms, List<String> dependsOn) {
        this(name, table, query, destinationTable, key, columns, rename, naming, sync, write, cursor, lookback,
                deletes, transforms, BadRowLimits.NONE, dependsOn);
    }

    /** A stream without transforms. */
    public StreamConfig(String name, String table, String query, String destinationTable,
                        List<String> key, List<String> columns, Map<String, String> rename,
                        Naming naming, SyncMode sync, WriteMode write, String cursor, Lookback lookback,
                        DeleteSettings deletes) {
        this(name, table, query, destinationTable, key, columns, rename, naming, sync, write, cursor, lookback,
                deletes, TransformChain.NONE);
    }

    /** This stream with {@code chain} as its transforms. */
    public StreamConfig withTransforms(TransformChain chain) {
        return new StreamConfig(name, table, query, destinationTable, key, columns, rename, naming, sync, write,
                cursor, lookback, deletes, chain, badRows, dependsOn, flattenObjects);
    }

    /** This stream with {@code limits} for its bad rows. */
    public StreamConfig withBadRows(BadRowLimits limits) {
        return new StreamConfig(name, table, query, destinationTable, key, columns, rename, naming, sync, write,
                cursor, lookback, deletes, transforms, limits, dependsOn, flattenObjects);
    }

    /** This stream written only after {@code streams} committed in the same run. */
    public StreamConfig withDependsOn(List<String> streams) {
        return new StreamConfig(name, table, query, destinationTable, key, columns, rename, naming, sync, write,
                cursor, lookback, deletes, transforms, badRows, streams, flattenObjects);
    }

    /**
     * This stream as a retry of its quarantined rows writes it: upserted by key, removing nothing,
     * setting aside again what is still refused.
     */
    public StreamConfig forQuarantineRetry() {
        return new StreamConfig(name, table, query, destinationTable, key, columns, rename, naming,
                SyncMode.FULL_REFRESH, WriteMode.UPSERT, null, Lookback.NONE,
                DeleteSettings.NONE, transforms, BadRowLimits.UNLIMITED, List.of(), flattenObjects);
    }

    /** A stream that never removes rows it was not told to delete. */
    public StreamConfig(String name, String table, String query, String destinationTable,
                        List<String> key, List<String> columns, Map<String, String> rename,
                        Naming naming, SyncMode sync, WriteMode write, String cursor, Lookback lookback) {
        this(name, table, query, destinationTable, key, columns, rename, naming, sync, write, cursor, lookback,
                DeleteSettings.NONE);
    }

    public StreamRef toRef() {
        return new StreamRef(name, table, query, key, flattenObjects);
    }

    /** The destination name of a source column: its explicit rename, else the naming rule. */
    public String destinationColumn(String sourceColumn) {
        String renamed = rename.get(sourceColumn);
        return renamed != null ? renamed : naming.apply(sourceColumn);
    }
}
