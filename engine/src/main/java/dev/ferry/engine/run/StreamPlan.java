package dev.ferry.engine.run;

import dev.ferry.engine.transform.BoundChain;
import dev.ferry.engine.transform.TransformContext;
import dev.ferry.engine.transform.TransformDefinitionException;

import dev.ferry.api.Checkpoint;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.DeletePolicy;
import dev.ferry.api.Lookback;
import dev.ferry.api.SchemaChangePolicy;
import dev.ferry.api.FerryException;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteMode;
import dev.ferry.api.WriteRequest;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.SyncMode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one stream's run reads and writes, worked out before the first record moves: the source
 * schema, the destination schema under the stream's renames, and the read and write requests.
 *
 * <p>Column selection is pushed down to the source and renames only change names, so records without
 * transforms pass from reader to writer without being copied.
 *
 * @param config            the stream's configuration
 * @param sourceSchema      the schema the source reads, in read order
 * @param transforms        the stream's transforms planned for {@code sourceSchema}; empty when it has none
 * @param destinationSchema the columns the transforms give (the source's when none) under their destination
 *                          names, plus the soft-delete marker where deletes are soft
 * @param read              the read request
 * @param write             the write request
 * @param keyScan           for an incremental stream that looks for deletions in this run, the read of
 *                          every source key; else null
 */
public record StreamPlan(StreamConfig config, StreamSchema sourceSchema, BoundChain transforms,
                         StreamSchema destinationSchema, ReadRequest read, WriteRequest write, ReadRequest keyScan) {

    /**
     * Plans a stream whose transforms need no connection (no table lookup).
     *
     * @param reconcile whether an incremental stream with deletes scans the source's keys this run
     */
    public static StreamPlan of(StreamConfig config, StreamSchema sourceSchema, Checkpoint resumeFrom, int batchSize,
                                SchemaChangePolicy schemaChanges, boolean reconcile) {
        return of(config, sourceSchema, resumeFrom, batchSize, schemaChanges, reconcile, TransformContext.NONE);
    }

    /**
     * Plans a stream from the schema the source describes for it.
     *
     * @param reconcile  whether an incremental stream with deletes scans the source's keys this run
     * @param transforms what the run offers the stream's transforms: its lookup tables
     */
    public static StreamPlan of(StreamConfig config, StreamSchema sourceSchema, Checkpoint resumeFrom, int batchSize,
                                SchemaChangePolicy schemaChanges, boolean reconcile, TransformContext transforms) {
        requireKeyWhereNeeded(config, sourceSchema);
        requireUsableCursor(config, sourceSchema);
        DeletePolicy deletes = config.deletes().policy();
        BoundChain bound = bindTransforms(config, sourceSchema, transforms);
        StreamSchema destination = renamed(config, bound.output());
        if (deletes == DeletePolicy.SOFT) {
            destination = withDeletedMarker(config, destination);
        }
        boolean incremental = config.sync() == SyncMode.INCREMENTAL;
        boolean changes = config.sync() == SyncMode.CHANGES;
        ReadRequest read = new ReadRequest(config.toRef(), config.columns(),
                incremental ? config.cursor() : null,
                incremental || changes ? resumeFrom : null,
                config.lookback(), batchSize);
        if (changes) {
            requireChangeDeletes(config);
            requireKeysUntransformed(config, bound, "applies the deletes of its change log, which carry only the key");
        }
        // A change log says itself which rows went; no comparison of keys is needed.
        boolean findsMissing = deletes != DeletePolicy.NONE && !changes && (!incremental || reconcile);
        ReadRequest keyScan = findsMissing && incremental
                ? new ReadRequest(config.toRef(), sourceSchema.keyColumns(), null, null, Lookback.NONE, batchSize)
                : null;
        WriteRequest write = new WriteRequest(config.destinationTable(), destination, config.write(),
                findsMissing ? deletes : DeletePolicy.NONE, schemaChanges);
        if (findsMissing) {
            requireKeysUntransformed(config, bound, "removes rows missing at the source, which compares keys as read");
        }
        return new StreamPlan(config, sourceSchema, bound, destination, read, write, keyScan);
    }

    private static BoundChain bindTransforms(StreamConfig config, StreamSchema sourceSchema, TransformContext context) {
        try {
            return config.transforms().bind(sourceSchema, context);
        } catch (TransformDefinitionException e) {
            throw new FerryException("Stream " + config.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rows missing at the source are found by comparing the source's keys with the destination's:
     * a transform that changes a key's values would make every row look missing.
     */
    private static void requireKeysUntransformed(StreamConfig config, BoundChain transforms, String why) {
        for (String keyColumn : transforms.input().keyColumns()) {
            if (transforms.changedColumns().contains(keyColumn) || transforms.output().indexOf(keyColumn) < 0) {
                throw new FerryException("Stream " + config.name() + " " + why
                        + ", so its transforms must not change key column " + keyColumn);
            }
        }
    }

    /** Whether this run removes destination rows the source no longer has, after a complete read. */
    public boolean removesMissing() {
        return write.deletes() != DeletePolicy.NONE;
    }

    /** Whether each record gets the soft-delete marker appended (always null: a written row is not deleted). */
    public boolean appendsDeletedMarker() {
        return destinationSchema.columns().size() > transforms.output().columns().size();
    }

    private static StreamSchema withDeletedMarker(StreamConfig config, StreamSchema destination) {
        if (destination.indexOf(WriteRequest.SOFT_DELETE_COLUMN) >= 0) {
            throw new FerryException("Stream " + config.name() + ": the source has a column named "
                    + WriteRequest.SOFT_DELETE_COLUMN + ", which soft deletes keep for themselves; rename it");
        }
        List<Column> columns = new ArrayList<>(destination.columns());
        columns.add(new Column(WriteRequest.SOFT_DELETE_COLUMN, ColumnType.TIMESTAMP_TZ, true, 0, 0));
        return new StreamSchema(destination.name(), columns, destination.keyColumns());
    }

    /** Whether the source's delete records are applied: a change-log stream with {@code deletes: hard}. */
    public boolean appliesDeleteRecords() {
        return config.sync() == SyncMode.CHANGES && config.deletes().policy() == DeletePolicy.HARD;
    }

    private static void requireChangeDeletes(StreamConfig config) {
        if (config.deletes().policy() == DeletePolicy.SOFT) {
            throw new FerryException("Stream " + config.name() + ": deletes: soft is not available with sync: changes;"
                    + " use deletes: hard to apply the source's deletes, or none to keep deleted rows");
        }
    }

    private static void requireKeyWhereNeeded(StreamConfig config, StreamSchema schema) {
        boolean needsKey = config.write() == WriteMode.UPSERT || config.sync() != SyncMode.FULL_REFRESH;
        if (needsKey && !schema.hasKey()) {
            throw new FerryException("Stream " + config.name() + ": " + describeNeed(config)
                    + " needs key columns, and " + (config.table() != null ? config.table() : "its query")
                    + " has no primary key; name them with key: [...]");
        }
    }

    private static String describeNeed(StreamConfig config) {
        return config.sync() == SyncMode.FULL_REFRESH ? "an upsert" : config.sync().name().toLowerCase() + " sync";
    }

    private static void requireUsableCursor(StreamConfig config, StreamSchema schema) {
        if (config.sync() != SyncMode.INCREMENTAL) {
            return;
        }
        int index = schema.indexOf(config.cursor());
        if (index < 0) {
            throw new FerryException("Stream " + config.name() + ": cursor column " + config.cursor()
                    + " is not one of its columns " + schema.columnNames());
        }
        Column cursor = schema.columns().get(index);
        if (!cursor.type().isOrderable()) {
            throw new FerryException("Stream " + config.name() + ": cursor column " + cursor.name()
                    + " has type " + cursor.type() + ", which has no order; use a timestamp, date or number column");
        }
    }

    private static StreamSchema renamed(StreamConfig config, StreamSchema source) {
        List<Column> columns = new ArrayList<>(source.columns().size());
        Set<String> seen = new HashSet<>();
        for (Column column : source.columns()) {
            String name = config.destinationColumn(column.name());
            if (!seen.add(name)) {
                throw new FerryException("Stream " + config.name() + ": two columns would both be named "
                        + name + " at the destination; rename one of them");
            }
            columns.add(column.withName(name));
        }
        List<String> keys = source.keyColumns().stream().map(config::destinationColumn).toList();
        return new StreamSchema(config.destinationTable(), columns, keys);
    }
}
