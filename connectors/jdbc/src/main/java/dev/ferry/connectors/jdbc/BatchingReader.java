package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamSchema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What every SQL reader shares: rows gathered into batches of the plan's size, in rows and in
 * bytes (so large values make short batches instead of thousands of them held at once), the
 * checkpoint of the highest cursor value read, cancellation from any thread, and a read-only
 * transaction on its own connection that closing ends. Subclasses say how the query starts, how a row is read
 * and how a running query is cancelled.
 */
public abstract class BatchingReader implements StreamReader {
    private final String description;
    private final Connection connection;
    private final ReadPlan plan;
    private volatile boolean cancelled;
    private boolean started;
    private boolean exhausted;
    private boolean closed;
    private Object highestCursor;

    protected BatchingReader(String description, Connection connection, ReadPlan plan) {
        this.description = description;
        this.connection = connection;
        this.plan = plan;
    }

    /** Runs the query; called once, by the first {@link #next()}. */
    protected abstract void start() throws SQLException;

    /**
     * The next row's values in the plan's selected order (the schema's columns, then the cursor
     * when it was not selected), or null after the last row.
     */
    protected abstract Object[] readRow() throws SQLException;

    /** Asks the database to stop the running query; called from any thread; must not throw. */
    protected abstract void cancelQuery();

    /** Called after each row with its estimated size, so a reader can fit its fetches to the rows. */
    protected void rowRead(long bytes) throws SQLException {
    }

    /** Releases the query's resources once it is read or abandoned; must not throw. */
    protected abstract void release();

    protected final Connection connection() {
        return connection;
    }

    protected final ReadPlan plan() {
        return plan;
    }

    protected final boolean isCancelled() {
        return cancelled;
    }

    @Override
    public final StreamSchema schema() {
        return plan.schema();
    }

    @Override
    public final RecordBatch next() {
        if (cancelled || exhausted || closed) {
            return null;
        }
        try {
            if (!started) {
                started = true;
                start();
            }
            int width = plan.schema().columns().size();
            int cursorIndex = plan.cursorIndex() - 1;
            List<ChangeRecord> records = new ArrayList<>(Math.min(plan.batchSize(), 10_000));
            long bytes = 0;
            Object[] row;
            while (records.size() < plan.batchSize() && bytes < plan.batchBytes() && !cancelled
                    && (row = readRow()) != null) {
                if (cursorIndex >= 0 && row[cursorIndex] != null) {
                    // Rows arrive in the cursor's order, so the last non-null value is the highest.
                    highestCursor = row[cursorIndex];
                }
                Object[] values = row.length == width ? row : java.util.Arrays.copyOf(row, width);
                long rowBytes = ChangeRecord.estimatedBytes(values);
                rowRead(rowBytes);
                bytes += rowBytes;
                records.add(ChangeRecord.upsert(values));
            }
            if (cancelled) {
                return null;
            }
            if (records.isEmpty()) {
                exhausted = true;
                release();
                return null;
            }
            return new RecordBatch(records, checkpoint(), bytes);
        } catch (SQLException e) {
            if (cancelled) {
                return null;
            }
            throw SqlErrors.wrap("Cannot read " + description, e);
        } catch (RuntimeException e) {
            if (cancelled) {
                return null;
            }
            throw e;
        }
    }

    private Checkpoint checkpoint() {
        if (plan.cursor() == null) {
            return null;
        }
        if (highestCursor == null) {
            return plan.resumeFrom();
        }
        return new Checkpoint.CursorValue(plan.cursor().name(), plan.cursor().type(), highestCursor);
    }

    @Override
    public final void cancel() {
        cancelled = true;
        cancelQuery();
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // a read-only transaction; closing the connection ends it anyway
        }
        JdbcConnections.closeQuietly(connection);
    }
}
