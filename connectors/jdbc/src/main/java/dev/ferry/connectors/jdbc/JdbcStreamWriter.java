package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.FerryException;
import dev.ferry.api.Operation;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.RowsRefusedException;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteCounts;
import dev.ferry.api.WriteMode;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one stream over one connection in one open transaction at a time: {@link #commit()}
 * commits it, {@link #abort()} rolls it back. Runs of consecutive upserts or deletes within a
 * batch are applied in order, so an upsert followed by a delete of the same key ends deleted.
 *
 * <p>Records arrive in the stream's schema; when the table leaves some of its columns out (a
 * schema-change policy of {@code ignore}), each row is narrowed to the written columns first.
 *
 * <p>An {@linkplain #writeIsolated isolated write} flushes what came before, takes the applier's
 * counts so far, sets a savepoint, applies and flushes the batch; when the database refuses a
 * row's data it rolls back to the savepoint and tells the applier and the seen keys to forget
 * what they hold of the batch, so the transaction goes on with exactly what was written before.
 */
final class JdbcStreamWriter implements StreamWriter {
    private final String description;
    private final Dialect dialect;
    private final Connection connection;
    private final RowApplier applier;
    private final StreamSchema schema;
    private final WriteMode mode;
    private final int[] keyIndexes;
    /** For each written column, its index in the records; null when every column is written. */
    private final int[] projection;
    /** Keys seen since opening, when rows missing at the source are to be found; else null. */
    private final SeenKeys seenKeys;
    private final List<String> schemaChanges;
    /** Rows {@link #removeUnseen} removed in the open transaction. */
    private long removedUnseen;
    /** Counts of the isolated writes of the open transaction, taken from the applier before each savepoint. */
    private WriteCounts isolatedCounts = WriteCounts.NONE;
    /** Whether the session was prepared for isolated writes. */
    private boolean isolating;
    private boolean cleared;
    private boolean pending;
    private boolean closed;

    JdbcStreamWriter(String description, Dialect dialect, Connection connection, RowApplier applier,
                     StreamSchema streamSchema, StreamSchema writeSchema, WriteMode mode, SeenKeys seenKeys,
                     List<String> schemaChanges) {
        this.description = description;
        this.dialect = dialect;
        this.connection = connection;
        this.applier = applier;
        this.schema = streamSchema;
        this.mode = mode;
        this.keyIndexes = writeSchema.keyIndexes();
        this.projection = projection(streamSchema, writeSchema);
        this.seenKeys = seenKeys;
        this.schemaChanges = List.copyOf(schemaChanges);
    }

    private static int[] projection(StreamSchema streamSchema, StreamSchema writeSchema) {
        if (writeSchema.columns().size() == streamSchema.columns().size()) {
            return null;
        }
        int[] indexes = new int[writeSchema.columns().size()];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = streamSchema.indexOf(writeSchema.columns().get(i).name());
        }
        return indexes;
    }

    @Override
    public List<String> schemaChanges() {
        return schemaChanges;
    }

    @Override
    public void write(RecordBatch batch) {
        requireOpen();
        try {
            applyBatch(batch);
        } catch (SQLException e) {
            throw SqlErrors.wrap("Cannot write to " + description, e);
        } catch (ClassCastException | ArrayIndexOutOfBoundsException e) {
            throw notMatchingSchema(e);
        }
    }

    @Override
    public boolean isolatesRows() {
        return true;
    }

    @Override
    public void writeIsolated(RecordBatch batch) {
        requireOpen();
        boolean clearedBefore = cleared;
        Savepoint savepoint;
        try {
            if (!isolating) {
                dialect.prepareIsolatedWriting(connection);
                isolating = true;
            }
            pending = true;
            // Nothing of earlier calls may still be buffered (keys kept since, say): the rollback
            // below must undo this batch only. A rollback also drops the applier's counts, so the
            // ones so far are taken out of its reach.
            flushAll();
            isolatedCounts = isolatedCounts.plus(applier.takeCounts());
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw SqlErrors.wrap("Cannot write to " + description, e);
        }
        try {
            applyBatch(batch);
            flushAll();
        } catch (SQLException e) {
            if (!SqlErrors.isDataError(e)) {
                throw SqlErrors.wrap("Cannot write to " + description, e);
            }
            undo(savepoint, clearedBefore, e);
            throw SqlErrors.refused("Rows refused by " + description, e);
        } catch (RejectedValueException e) {
            undo(savepoint, clearedBefore, e);
            throw new RowsRefusedException("Rows refused by " + description + ": " + e.getMessage(), e);
        } catch (ClassCastException | ArrayIndexOutOfBoundsException e) {
            throw notMatchingSchema(e);
        }
        if (dialect.releasesSavepoints()) {
            try {
                connection.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                throw SqlErrors.wrap("Cannot write to " + description, e);
            }
        }
    }

    /** Undoes everything of a refused batch; when even that fails, the writer is no longer usable. */
    private void undo(Savepoint savepoint, boolean clearedBefore, Exception refusal) {
        applier.discard();
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            e.addSuppressed(refusal);
            throw SqlErrors.wrap("Cannot undo the refused rows of " + description, e);
        }
        applier.afterRollback();
        if (seenKeys != null) {
            seenKeys.afterRollback();
        }
        // An overwrite whose clearing was undone with the batch clears again at the next write.
        cleared = clearedBefore;
    }

    private void requireOpen() {
        if (closed) {
            throw new FerryException("Cannot write to " + description + ": the writer is closed");
        }
    }

    private FerryException notMatchingSchema(RuntimeException e) {
        return new FerryException("Cannot write to " + description + ": a record does not match the schema "
                + schema.columns(), e);
    }

    private void applyBatch(RecordBatch batch) throws SQLException {
        pending = true;
        if (mode == WriteMode.OVERWRITE && !cleared) {
            applier.clear();
            cleared = true;
        }
        List<ChangeRecord> records = batch.records();
        int start = 0;
        while (start < records.size()) {
            Operation operation = records.get(start).operation();
            int end = start + 1;
            while (end < records.size() && records.get(end).operation() == operation) {
                end++;
            }
            apply(operation, records.subList(start, end));
            start = end;
        }
    }

    /** Everything buffered or streamed into the open transaction, so the database has checked it. */
    private void flushAll() throws SQLException {
        applier.flush();
        if (seenKeys != null) {
            seenKeys.flush();
        }
    }

    private void apply(Operation operation, List<ChangeRecord> run) throws SQLException {
        List<Object[]> rows = new ArrayList<>(run.size());
        for (ChangeRecord record : run) {
            if (record.size() != schema.columns().size()) {
                throw new FerryException("Cannot write to " + description + ": a record has " + record.size()
                        + " values but the schema has " + schema.columns().size() + " columns");
            }
            rows.add(projection == null ? record.values() : narrowed(record.values()));
        }
        if (operation == Operation.DELETE) {
            if (!schema.hasKey()) {
                throw new FerryException("Cannot delete from " + description + ": the stream has no key columns");
            }
            applier.delete(rows);
        } else if (mode == WriteMode.UPSERT) {
            List<Object[]> unique = LastRecordWins.dedupe(rows, keyIndexes);
            applier.upsert(unique);
            if (seenKeys != null) {
                for (Object[] row : unique) {
                    seenKeys.add(keyOf(row));
                }
                flushKeysIfFull();
            }
        } else {
            // A full load's keys are unique (they come from a keyed source), so no de-duplication here.
            applier.insert(rows);
        }
    }

    private Object[] narrowed(Object[] values) {
        Object[] row = new Object[projection.length];
        for (int i = 0; i < projection.length; i++) {
            row[i] = values[projection[i]];
        }
        return row;
    }

    private Object[] keyOf(Object[] row) {
        Object[] key = new Object[keyIndexes.length];
        for (int k = 0; k < keyIndexes.length; k++) {
            key[k] = row[keyIndexes[k]];
        }
        return key;
    }

    private void flushKeysIfFull() throws SQLException {
        if (seenKeys.isFull()) {
            applier.flush();
            seenKeys.flush();
        }
    }

    @Override
    public void keep(List<Object[]> keys) {
        SeenKeys seen = requireSeenKeys();
        try {
            pending = true;
            for (Object[] key : keys) {
                if (key.length != keyIndexes.length) {
                    throw new FerryException("Cannot note keys of " + description + ": a key has " + key.length
                            + " values but the table's key has " + keyIndexes.length + " columns");
                }
                seen.add(key);
            }
            flushKeysIfFull();
        } catch (SQLException e) {
            throw SqlErrors.wrap("Cannot note the source's keys for " + description, e);
        }
    }

    @Override
    public long countUnseen() {
        SeenKeys seen = requireSeenKeys();
        try {
            applier.flush();
            return seen.countUnseen();
        } catch (SQLException e) {
            throw SqlErrors.wrap("Cannot count rows of " + description + " missing at the source", e);
        }
    }

    @Override
    public long removeUnseen() {
        SeenKeys seen = requireSeenKeys();
        try {
            pending = true;
            applier.flush();
            long removed = seen.removeUnseen();
            removedUnseen += removed;
            return removed;
        } catch (SQLException e) {
            throw SqlErrors.wrap("Cannot remove rows of " + description + " missing at the source", e);
        }
    }

    private SeenKeys requireSeenKeys() {
        if (seenKeys == null) {
            throw new IllegalStateException("The writer of " + description + " was opened without a delete policy");
        }
        return seenKeys;
    }

    @Override
    public WriteCounts commit() {
        try {
            flushAll();
            WriteCounts counts = applier.takeCounts().plus(isolatedCounts)
                    .plus(new WriteCounts(0, 0, 0, removedUnseen));
            connection.commit();
            pending = false;
            removedUnseen = 0;
            isolatedCounts = WriteCounts.NONE;
            return counts;
        } catch (SQLException e) {
            throw SqlErrors.wrap("Cannot commit to " + description, e);
        }
    }

    @Override
    public void abort() {
        applier.discard();
        try {
            if (!connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException | RuntimeException ignored) {
            // a lost connection has rolled the transaction back already
        }
        pending = false;
        cleared = false;
        removedUnseen = 0;
        isolatedCounts = WriteCounts.NONE;
        applier.afterRollback();
        if (seenKeys != null) {
            seenKeys.afterRollback();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pending) {
            abort();
        }
        JdbcConnections.closeQuietly(applier);
        if (seenKeys != null) {
            JdbcConnections.closeQuietly(seenKeys);
        }
        JdbcConnections.closeQuietly(connection);
    }
}
