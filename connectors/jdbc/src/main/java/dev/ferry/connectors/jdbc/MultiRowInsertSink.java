package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Appends rows with multi-row {@code INSERT ... VALUES (...), (...)} statements sent in JDBC
 * batches: the portable way, a few round trips per thousand rows.
 */
final class MultiRowInsertSink implements RowSink {
    /** Within every database's limit on bind parameters (SQL Server: 2,100) and on rows in one VALUES (1,000). */
    private static final int MAX_PARAMETERS = 2_000;
    private static final int MAX_ROWS = 1_000;

    private final Dialect dialect;
    private final Connection connection;
    private final String table;
    private final List<Column> columns;
    private final int rowsPerInsert;
    private PreparedStatement fullInsert;

    /** {@code table} is already quoted, as statements refer to it. */
    MultiRowInsertSink(Dialect dialect, Connection connection, String table, List<Column> columns) {
        this.dialect = dialect;
        this.connection = connection;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.rowsPerInsert = Math.max(1, Math.min(MAX_ROWS, MAX_PARAMETERS / columns.size()));
    }

    @Override
    public void append(List<Object[]> rows) throws SQLException {
        int start = 0;
        while (rows.size() - start >= rowsPerInsert) {
            if (fullInsert == null) {
                fullInsert = connection.prepareStatement(insertSql(rowsPerInsert));
            }
            bindRows(fullInsert, rows, start, rowsPerInsert);
            fullInsert.addBatch();
            start += rowsPerInsert;
        }
        if (start > 0) {
            fullInsert.executeBatch();
        }
        if (start < rows.size()) {
            try (PreparedStatement rest = connection.prepareStatement(insertSql(rows.size() - start))) {
                bindRows(rest, rows, start, rows.size() - start);
                rest.executeUpdate();
            }
        }
    }

    private String insertSql(int rows) {
        String row = "(" + SqlText.placeholders(dialect, columns) + ")";
        return "INSERT INTO " + table + " (" + SqlText.quotedNames(dialect, table, columns) + ") VALUES "
                + (row + ", ").repeat(rows - 1) + row;
    }

    private void bindRows(PreparedStatement statement, List<Object[]> rows, int from, int count) throws SQLException {
        int parameter = 1;
        for (int r = from; r < from + count; r++) {
            Object[] row = rows.get(r);
            for (int c = 0; c < columns.size(); c++) {
                ValueBinders.bind(dialect, statement, parameter++, columns.get(c), row[c]);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        if (fullInsert != null) {
            fullInsert.close();
        }
    }
}
