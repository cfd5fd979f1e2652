package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteCounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Applies rows with prepared statements sent in JDBC batches: the portable way, fast enough for
 * databases that run in-process (SQLite) or have no bulk-load protocol through JDBC.
 *
 * <p>Counts come from the database: an upsert statement reports one changed row for an insert or
 * an update and none for a row it left alone (its WHERE found nothing differing), and a look-up by
 * key just before each upsert tells an insert from an update. Inside the writer's transaction,
 * on the writer's connection, nothing can add or remove the row in between.
 */
public final class BatchedStatementApplier implements RowApplier {
    private final Dialect dialect;
    private final Connection connection;
    private final TableName table;
    private final StreamSchema schema;
    private final List<Column> columns;
    private final int[] keyIndexes;
    private PreparedStatement insert;
    private PreparedStatement upsert;
    private PreparedStatement delete;
    private PreparedStatement exists;
    private final WriteTally tally = new WriteTally();

    public BatchedStatementApplier(Dialect dialect, Connection connection, TableName table, StreamSchema schema) {
        this.dialect = dialect;
        this.connection = connection;
        this.table = table;
        this.schema = schema;
        this.columns = schema.columns();
        this.keyIndexes = schema.keyIndexes();
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
        for (int count : writeAll(insert, rows)) {
            tally.inserted(count < 0 ? 1 : count);
        }
    }

    @Override
    public void upsert(List<Object[]> rows) throws SQLException {
        if (upsert == null) {
            upsert = connection.prepareStatement(dialect.upsertSql(table, schema));
            exists = connection.prepareStatement("SELECT 1" + SqlText.deleteByKey(dialect, table, schema)
                    .substring("DELETE".length()));
        }
        boolean[] existed = new boolean[rows.size()];
        for (int i = 0; i < existed.length; i++) {
            existed[i] = exists(rows.get(i));
        }
        int[] counts = writeAll(upsert, rows);
        long inserted = 0;
        long updated = 0;
        for (int i = 0; i < counts.length; i++) {
            // A driver that reports no count (SUCCESS_NO_INFO) ran the statement: counted as written.
            boolean wrote = counts[i] != 0;
            if (wrote && existed[i]) {
                updated++;
            } else if (wrote) {
                inserted++;
            }
        }
        tally.upserted(rows.size(), inserted, updated);
    }

    private boolean exists(Object[] row) throws SQLException {
        for (int k = 0; k < keyIndexes.length; k++) {
            int column = keyIndexes[k];
            ValueBinders.bind(dialect, exists, k + 1, columns.get(column), row[column]);
        }
        try (ResultSet found = exists.executeQuery()) {
            return found.next();
        }
    }

    @Override
    public void delete(List<Object[]> rows) throws SQLException {
        if (delete == null) {
            delete = connection.prepareStatement(SqlText.deleteByKey(dialect, table, schema));
        }
        for (Object[] row : rows) {
            for (int k = 0; k < keyIndexes.length; k++) {
                int column = keyIndexes[k];
                ValueBinders.bind(dialect, delete, k + 1, columns.get(column), row[column]);
            }
            delete.addBatch();
        }
        for (int count : delete.executeBatch()) {
            tally.deleted(Math.max(0, count));
        }
    }

    private int[] writeAll(PreparedStatement statement, List<Object[]> rows) throws SQLException {
        for (Object[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                ValueBinders.bind(dialect, statement, c + 1, columns.get(c), row[c]);
            }
            statement.addBatch();
        }
        return statement.executeBatch();
    }

    @Override
    public WriteCounts takeCounts() {
        return tally.take();
    }

    @Override
    public void afterRollback() {
        tally.reset();
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (PreparedStatement statement : new PreparedStatement[] {insert, upsert, delete, exists}) {
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
