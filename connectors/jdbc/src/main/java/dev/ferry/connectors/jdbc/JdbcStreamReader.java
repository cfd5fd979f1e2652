package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams one query's rows in batches over its own connection. The query runs at the first
 * {@link #next()}; the driver is set up by the dialect to fetch rows in chunks, so memory is
 * bounded by the batch size. {@link #cancel()} may come from any thread: it sets a flag and
 * cancels the running statement, which makes a blocked fetch fail and {@link #next()} return null.
 */
final class JdbcStreamReader implements StreamReader {
    private final String description;
    private final Dialect dialect;
    private final Connection connection;
    private final ReadPlan plan;
    private final ColumnReader[] readers;
    private final int width;
    private final int cursorIndex;
    private volatile PreparedStatement statement;
    private volatile boolean cancelled;
    private ResultSet rows;
    private boolean exhausted;
    private boolean closed;
    private Object highestCursor;

    JdbcStreamReader(String description, Dialect dialect, Connection connection, ReadPlan plan) {
        this.description = description;
        this.dialect = dialect;
        this.connection = connection;
        this.plan = plan;
        this.readers = new ColumnReader[plan.selected().size()];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = dialect.reader(plan.selected().get(i));
        }
        this.width = plan.schema().columns().size();
        this.cursorIndex = plan.cursorIndex();
    }

    @Override
    public StreamSchema schema() {
        return plan.schema();
    }

    @Override
    public RecordBatch next() {
        if (cancelled || exhausted || closed) {
            return null;
        }
        try {
            if (rows == null) {
                start();
            }
            List<ChangeRecord> records = new ArrayList<>(Math.min(plan.batchSize(), 10_000));
            while (records.size() < plan.batchSize() && !cancelled && rows.next()) {
                records.add(ChangeRecord.upsert(readRow()));
            }
            if (cancelled) {
                return null;
            }
            if (records.isEmpty()) {
                exhausted = true;
                releaseCursor();
                return null;
            }
            return new RecordBatch(records, checkpoint());
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

    private void start() throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(plan.sql());
        statement = prepared;
        dialect.prepareStreaming(connection, prepared, plan.batchSize());
        if (plan.bound() != null) {
            ValueBinders.bind(dialect, prepared, 1, plan.cursor(), plan.bound());
        }
        if (cancelled) {
            throw new SQLException("cancelled");
        }
        rows = prepared.executeQuery();
    }

    private Object[] readRow() throws SQLException {
        Object[] values = new Object[width];
        for (int i = 0; i < width; i++) {
            values[i] = readers[i].read(rows, i + 1);
        }
        if (cursorIndex > 0) {
            // Rows arrive in the database's cursor order, so the last non-null value is the highest.
            Object cursor = cursorIndex <= width ? values[cursorIndex - 1] : readers[cursorIndex - 1].read(rows, cursorIndex);
            if (cursor != null) {
                highestCursor = cursor;
            }
        }
        return values;
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
    public void cancel() {
        cancelled = true;
        PreparedStatement running = statement;
        if (running != null) {
            try {
                running.cancel();
            } catch (SQLException | RuntimeException ignored) {
                // the flag alone stops the next fetch loop; the statement may already be closed
            }
        }
    }

    private void releaseCursor() {
        JdbcConnections.closeQuietly(rows);
        JdbcConnections.closeQuietly(statement);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseCursor();
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
