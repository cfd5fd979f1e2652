package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.FerryException;
import dev.ferry.api.Operation;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteMode;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one stream over one connection in one open transaction at a time: {@link #commit()}
 * commits it, {@link #abort()} rolls it back. Runs of consecutive upserts or deletes within a
 * batch are applied in order, so an upsert followed by a delete of the same key ends deleted.
 */
final class JdbcStreamWriter implements StreamWriter {
    private final String description;
    private final Connection connection;
    private final RowApplier applier;
    private final StreamSchema schema;
    private final WriteMode mode;
    private final int[] keyIndexes;
    private boolean cleared;
    private boolean pending;
    private boolean closed;

    JdbcStreamWriter(String description, Connection connection, RowApplier applier, StreamSchema schema, WriteMode mode) {
        this.description = description;
        this.connection = connection;
        this.applier = applier;
        this.schema = schema;
        this.mode = mode;
        this.keyIndexes = schema.keyIndexes();
    }

    @Override
    public void write(RecordBatch batch) {
        if (closed) {
            throw new FerryException("Cannot write to " + description + ": the writer is closed");
        }
        try {
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
        } catch (SQLException e) {
            throw SqlErrors.wrap("Cannot write to " + description, e);
        } catch (ClassCastException | ArrayIndexOutOfBoundsException e) {
            throw new FerryException("Cannot write to " + description + ": a record does not match the schema "
                    + schema.columns(), e);
        }
    }

    private void apply(Operation operation, List<ChangeRecord> run) throws SQLException {
        List<Object[]> rows = new ArrayList<>(run.size());
        for (ChangeRecord record : run) {
            if (record.size() != schema.columns().size()) {
                throw new FerryException("Cannot write to " + description + ": a record has " + record.size()
                        + " values but the schema has " + schema.columns().size() + " columns");
            }
            rows.add(record.values());
        }
        if (operation == Operation.DELETE) {
            if (!schema.hasKey()) {
                throw new FerryException("Cannot delete from " + description + ": the stream has no key columns");
            }
            applier.delete(rows);
        } else if (mode == WriteMode.UPSERT) {
            applier.upsert(LastRecordWins.dedupe(rows, keyIndexes));
        } else {
            // A full load's keys are unique (they come from a keyed source), so no de-duplication here.
            applier.insert(rows);
        }
    }

    @Override
    public void commit() {
        try {
            applier.flush();
            connection.commit();
            pending = false;
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
        applier.afterRollback();
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
        JdbcConnections.closeQuietly(connection);
    }
}
