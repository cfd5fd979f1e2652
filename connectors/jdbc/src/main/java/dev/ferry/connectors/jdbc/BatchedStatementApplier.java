package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Applies rows with prepared statements sent in JDBC batches: the portable way, fast enough for
 * databases that run in-process (SQLite) or have no bulk-load protocol through JDBC.
 */
public final class BatchedStatementApplier implements RowApplier {
    private final Dialect dialect;
    private final Connection connection;
    private final TableName table;
    private final StreamSchema schema;
    private final List<Column> columns;
    private final int[] keyIndexes;
    private final RowLocator locator;
    private PreparedStatement insert;
    private PreparedStatement upsert;
    private PreparedStatement delete;

    public BatchedStatementApplier(Dialect dialect, Connection connection, TableName table, StreamSchema schema) {
        this.dialect = dialect;
        this.connection = connection;
        this.table = table;
        this.schema = schema;
        this.columns = schema.columns();
        this.keyIndexes = schema.keyIndexes();
        this.locator = new RowLocator(table.toString(), schema);
    }

    @Override
    public void clear() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(dialect.clearTableSql(table));
        }
    }

    @Override
    public void insert(List<Object[]> rows) throws SQLException {
        if (schema.hasKey()) {
            // An overwrite of a keyed table still tolerates a key repeated across batches.
            upsert(rows);
            return;
        }
        if (insert == null) {
            insert = connection.prepareStatement(SqlText.insert(dialect, table, schema));
        }
        writeAll(insert, rows);
    }

    @Override
    public void upsert(List<Object[]> rows) throws SQLException {
        if (upsert == null) {
            upsert = connection.prepareStatement(dialect.upsertSql(table, schema));
        }
        writeAll(upsert, rows);
    }

    @Override
    public void delete(List<Object[]> rows) throws SQLException {
        if (delete == null) {
            delete = connection.prepareStatement(SqlText.deleteByKey(dialect, table, schema));
        }
        for (Object[] row : rows) {
            try {
                for (int k = 0; k < keyIndexes.length; k++) {
                    int column = keyIndexes[k];
                    ValueBinders.bind(dialect, delete, k + 1, columns.get(column), row[column]);
                }
            } catch (RejectedValueException e) {
                delete.clearBatch();
                throw locator.at(e, row);
            }
            delete.addBatch();
        }
        delete.executeBatch();
    }

    private void writeAll(PreparedStatement statement, List<Object[]> rows) throws SQLException {
        for (Object[] row : rows) {
            try {
                for (int c = 0; c < row.length; c++) {
                    ValueBinders.bind(dialect, statement, c + 1, columns.get(c), row[c]);
                }
            } catch (RejectedValueException e) {
                // the rows bound so far are dropped with the batch: the writer rolls back
                statement.clearBatch();
                throw locator.at(e, row);
            }
            statement.addBatch();
        }
        statement.executeBatch();
        // The driver would otherwise keep the last row's values, however large, until the next batch.
        statement.clearParameters();
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (PreparedStatement statement : new PreparedStatement[] {insert, upsert, delete}) {
            try {
                if (statement != null) {
                    statement.close();
                }
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
