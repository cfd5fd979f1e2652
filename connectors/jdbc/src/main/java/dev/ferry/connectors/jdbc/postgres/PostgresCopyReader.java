package dev.ferry.connectors.jdbc.postgres;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.Column;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamSchema;
import dev.ferry.connectors.jdbc.Dialect;
import dev.ferry.connectors.jdbc.JdbcConnections;
import dev.ferry.connectors.jdbc.ReadPlan;
import dev.ferry.connectors.jdbc.SqlErrors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a whole table or query with COPY ... TO STDOUT in binary: the server streams rows without
 * waiting for the client to ask for each chunk, and values decode without the JDBC layer's
 * per-row objects. Used for reads with no lower bound (full refreshes, a first incremental
 * read), because COPY takes no parameters. {@link #cancel()} may come from any thread: it asks
 * the server to cancel, which ends the stream and makes {@link #next()} return null.
 */
final class PostgresCopyReader implements StreamReader {
    private final String description;
    private final Dialect dialect;
    private final Connection connection;
    private final ReadPlan plan;
    private final int width;
    private final int cursorIndex;
    private volatile boolean cancelled;
    private CopyOut copy;
    private BinaryCopyDecoder decoder;
    private boolean exhausted;
    private boolean closed;
    private Object highestCursor;

    PostgresCopyReader(String description, Dialect dialect, Connection connection, ReadPlan plan) {
        this.description = description;
        this.dialect = dialect;
        this.connection = connection;
        this.plan = plan;
        this.width = plan.schema().columns().size();
        this.cursorIndex = plan.cursor() == null ? -1 : indexOf(plan.selected(), plan.cursor().name());
    }

    private static int indexOf(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("cursor " + name + " is not selected");
    }

    /** COPY over the plan's query, each column cast to the type its values are decoded from. */
    static String copySql(Dialect dialect, ReadPlan plan) {
        StringBuilder select = new StringBuilder("COPY (SELECT ");
        for (int i = 0; i < plan.selected().size(); i++) {
            Column column = plan.selected().get(i);
            select.append(i == 0 ? "" : ", ").append("q.").append(dialect.quote(column.name(), "column"))
                    .append("::").append(BinaryCopyDecoder.castFor(column.type()));
        }
        return select.append(" FROM (").append(plan.sql()).append(") q) TO STDOUT (FORMAT binary)").toString();
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
            if (copy == null) {
                start();
            }
            List<ChangeRecord> records = new ArrayList<>(Math.min(plan.batchSize(), 10_000));
            Object[] row;
            while (records.size() < plan.batchSize() && !cancelled && (row = decoder.next()) != null) {
                records.add(ChangeRecord.upsert(withoutExtraCursor(row)));
            }
            if (cancelled) {
                return null;
            }
            if (records.isEmpty()) {
                exhausted = true;
                return null;
            }
            return new RecordBatch(records, checkpoint());
        } catch (SQLException e) {
            if (cancelled) {
                return null;
            }
            throw SqlErrors.wrap("Cannot read " + description, e);
        } catch (IOException e) {
            if (cancelled) {
                return null;
            }
            SQLException cause = e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
            throw SqlErrors.wrap("Cannot read " + description, cause);
        }
    }

    private void start() throws SQLException {
        // Rows arrive in the query's order (by cursor for incremental reads) within one snapshot.
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        if (cancelled) {
            throw new SQLException("cancelled");
        }
        copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql(dialect, plan));
        decoder = new BinaryCopyDecoder(new CopyOutStream(copy), plan.selected());
    }

    private Object[] withoutExtraCursor(Object[] row) {
        if (cursorIndex >= 0 && row[cursorIndex] != null) {
            // Rows arrive in the cursor's order, so the last non-null value is the highest.
            highestCursor = row[cursorIndex];
        }
        return row.length == width ? row : java.util.Arrays.copyOf(row, width);
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
        try {
            connection.unwrap(PGConnection.class).cancelQuery();
        } catch (SQLException | RuntimeException ignored) {
            // the flag alone stops the next read; the copy may be over already
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (copy != null && copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException ignored) {
            // closing the connection ends the copy anyway
        }
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // a read-only transaction; closing the connection ends it
        }
        JdbcConnections.closeQuietly(connection);
    }
}
