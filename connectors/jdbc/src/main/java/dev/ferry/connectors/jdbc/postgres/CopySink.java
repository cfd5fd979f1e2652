package dev.ferry.connectors.jdbc.postgres;

import dev.ferry.api.Column;
import dev.ferry.connectors.jdbc.BulkBuffer;
import dev.ferry.connectors.jdbc.RowSink;
import dev.ferry.connectors.jdbc.TabSeparatedRows;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Appends rows with one text {@code COPY ... FROM STDIN} per call: no statement per row, no parsing of parameters. */
final class CopySink implements RowSink {
    private static final int FLUSH_BYTES = 64 * 1024;

    private final CopyManager copyManager;
    private final String copySql;
    private final TabSeparatedRows encoder;
    private final BulkBuffer buffer = new BulkBuffer(FLUSH_BYTES + 8 * 1024);

    /** {@code copySql} is the whole {@code COPY table (columns) FROM STDIN} statement, in text format. */
    CopySink(Connection connection, String copySql, List<Column> columns) throws SQLException {
        this.copyManager = connection.unwrap(PGConnection.class).getCopyAPI();
        this.copySql = copySql;
        this.encoder = new TabSeparatedRows(columns, CopyTextFormat::put);
    }

    @Override
    public void append(List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        CopyIn copy = copyManager.copyIn(copySql);
        try {
            for (Object[] row : rows) {
                encoder.encode(row, buffer);
                if (buffer.size() >= FLUSH_BYTES) {
                    send(copy);
                }
            }
            send(copy);
            copy.endCopy();
        } finally {
            buffer.reset();
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException ignored) {
                    // the failure that left the copy open is the one to report
                }
            }
        }
    }

    private void send(CopyIn copy) throws SQLException {
        if (buffer.size() > 0) {
            copy.writeToCopy(buffer.bytes(), 0, buffer.size());
            buffer.reset();
        }
    }

    @Override
    public void close() {
    }
}
