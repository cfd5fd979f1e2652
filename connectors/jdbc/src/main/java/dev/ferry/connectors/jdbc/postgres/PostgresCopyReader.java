package dev.ferry.connectors.jdbc.postgres;

import dev.ferry.api.Column;
import dev.ferry.connectors.jdbc.BatchingReader;
import dev.ferry.connectors.jdbc.Dialect;
import dev.ferry.connectors.jdbc.ReadPlan;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reads a whole table or query with COPY ... TO STDOUT in binary: the server streams rows without
 * waiting for the client to ask for each chunk, and values decode without the JDBC layer's
 * per-row objects. Used for reads with no lower bound (full refreshes, a first incremental
 * read), because COPY takes no parameters. Cancelling asks the server to cancel, which ends the
 * stream.
 */
final class PostgresCopyReader extends BatchingReader {
    private final Dialect dialect;
    private CopyOut copy;
    private CopyChunks chunks;
    private BinaryCopyDecoder decoder;

    PostgresCopyReader(String description, Dialect dialect, Connection connection, ReadPlan plan) {
        super(description, connection, plan);
        this.dialect = dialect;
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
    protected void start() throws SQLException {
        // One snapshot for the whole read; rows arrive in the query's order (by cursor when incremental).
        connection().setAutoCommit(false);
        connection().setReadOnly(true);
        if (isCancelled()) {
            throw new SQLException("cancelled");
        }
        copy = connection().unwrap(PGConnection.class).getCopyAPI().copyOut(copySql(dialect, plan()));
        chunks = new CopyChunks(copy);
        decoder = new BinaryCopyDecoder(chunks, plan().selected());
    }

    @Override
    protected Object[] readRow() throws SQLException {
        try {
            Object[] row = decoder.next();
            chunks.releaseIfRead();
            return row;
        } catch (IOException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
        }
    }

    @Override
    protected void cancelQuery() {
        try {
            connection().unwrap(PGConnection.class).cancelQuery();
        } catch (SQLException | RuntimeException ignored) {
            // the flag alone stops the next read; the copy may be over already
        }
    }

    @Override
    protected void release() {
        try {
            if (copy != null && copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException ignored) {
            // closing the connection ends the copy anyway
        }
    }
}
