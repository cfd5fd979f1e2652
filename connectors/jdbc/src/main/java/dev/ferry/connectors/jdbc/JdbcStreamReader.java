package dev.ferry.connectors.jdbc;

import dev.ferry.api.RejectedValueException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Streams one query's rows through a JDBC result set. The dialect sets the driver up to fetch
 * rows in chunks; the first fetch takes one row, and later ones as many rows as fit the batch's
 * memory budget at the size of the largest row seen so far (at most the dialect's fetch size), so
 * a table of 50 MB values is not fetched 2,000 rows at a time. Cancelling cancels the running
 * statement, which makes a blocked fetch fail and {@link #next()} return null. A value a column
 * reader rejects fails the read, named with the stream, the column and the row's key.
 */
final class JdbcStreamReader extends BatchingReader {
    private final Dialect dialect;
    private final ColumnReader[] readers;
    private volatile PreparedStatement statement;
    private ResultSet rows;
    /** The rows per fetch the dialect chose; 0 or 1 when the driver fetches on its own terms. */
    private int fullFetch;
    private int fetchSize;
    private long largestRow;

    JdbcStreamReader(String description, Dialect dialect, Connection connection, ReadPlan plan) {
        super(description, connection, plan);
        this.dialect = dialect;
        this.readers = new ColumnReader[plan.selected().size()];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = dialect.reader(plan.selected().get(i));
        }
    }

    @Override
    protected void start() throws SQLException {
        PreparedStatement prepared = connection().prepareStatement(plan().sql());
        statement = prepared;
        dialect.prepareStreaming(connection(), prepared, plan().batchSize());
        fullFetch = prepared.getFetchSize();
        if (fullFetch > 1) {
            prepared.setFetchSize(1);
        }
        fetchSize = prepared.getFetchSize();
        if (plan().bound() != null) {
            ValueBinders.bind(dialect, prepared, 1, plan().cursor(), plan().bound());
        }
        if (isCancelled()) {
            throw new SQLException("cancelled");
        }
        rows = prepared.executeQuery();
    }

    @Override
    protected Object[] readRow() throws SQLException {
        if (!rows.next()) {
            return null;
        }
        Object[] values = new Object[readers.length];
        RejectedValueException rejected = null;
        for (int i = 0; i < readers.length; i++) {
            try {
                values[i] = readers[i].read(rows, i + 1);
            } catch (RejectedValueException e) {
                // read on, so that the key can be named even when it comes after the rejected column
                rejected = rejected == null ? e : rejected;
            }
        }
        if (rejected != null) {
            throw rejected.isLocated() ? rejected
                    : rejected.locatedAt(plan().schema().name(), plan().schema().describeKey(values));
        }
        return values;
    }

    @Override
    protected void rowRead(long bytes) throws SQLException {
        if (fullFetch <= 1 || bytes <= largestRow) {
            return;
        }
        largestRow = bytes;
        int fitting = (int) Math.max(1, Math.min(fullFetch, plan().batchBytes() / bytes));
        if (fitting != fetchSize) {
            rows.setFetchSize(fitting);
            fetchSize = fitting;
        }
    }

    /** The rows the next fetch asks for. */
    int fetchSize() {
        return fetchSize;
    }

    @Override
    protected void cancelQuery() {
        PreparedStatement running = statement;
        if (running != null) {
            try {
                running.cancel();
            } catch (SQLException | RuntimeException ignored) {
                // the flag alone stops the next fetch loop; the statement may already be closed
            }
        }
    }

    @Override
    protected void release() {
        JdbcConnections.closeQuietly(rows);
        JdbcConnections.closeQuietly(statement);
    }
}
