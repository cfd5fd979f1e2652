package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;
import dev.ferry.api.RejectedValueException;
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
 * an update and none for a row it left alone (its WHERE found nothing differing), and a count of the
 * batch's keys already in the table, taken just before, tells inserts from updates: of {@code n}
 * rows of which {@code e} existed, {@code n - e} were inserted, and the other changed rows were
 * updated. Inside the writer's transaction, on the writer's connection, nothing can add or remove
 * those rows in between.
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
    /** Existing-key counts by the number of keys they ask about. */
    private final java.util.Map<Integer, PreparedStatement> existing = new java.util.HashMap<>();
    /** Keys per count: well under every SQLite build's limit of 999 parameters. */
    private final int keysPerCount;
    private final WriteTally tally = new WriteTally();

    public BatchedStatementApplier(Dialect dialect, Connection connection, TableName table, StreamSchema schema) {
        this.dialect = dialect;
        this.connection = connection;
        this.table = table;
        this.schema = schema;
        this.columns = schema.columns();
        this.keyIndexes = schema.keyIndexes();
        this.locator = new RowLocator(table.toString(), schema);
        this.keysPerCount = Math.max(1, 500 / Math.max(1, keyIndexes.length));
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
        }
        long existed = 0;
        for (int from = 0; from < rows.size(); from += keysPerCount) {
            existed += countExisting(rows.subList(from, Math.min(rows.size(), from + keysPerCount)));
        }
        long changed = 0;
        for (int count : writeAll(upsert, rows)) {
            // A driver that reports no count (SUCCESS_NO_INFO) ran the statement: counted as changed.
            changed += count != 0 ? 1 : 0;
        }
        long inserted = rows.size() - existed;
        tally.upserted(rows.size(), inserted, changed - inserted);
    }

    /** How many of these rows' keys (unique among them) the table holds now. */
    private long countExisting(List<Object[]> rows) throws SQLException {
        PreparedStatement count = existing.get(rows.size());
        if (count == null) {
            count = connection.prepareStatement(countExistingSql(rows.size()));
            existing.put(rows.size(), count);
        }
        int parameter = 1;
        for (Object[] row : rows) {
            for (int column : keyIndexes) {
                ValueBinders.bind(dialect, count, parameter++, columns.get(column), row[column]);
            }
        }
        try (ResultSet result = count.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    /** {@code SELECT COUNT(*) FROM t WHERE k IN (?, ?, ...)}, or {@code (k1 = ? AND k2 = ?) OR ...} for a key of several columns. */
    private String countExistingSql(int keys) {
        if (keyIndexes.length == 1) {
            return "SELECT COUNT(*) FROM " + dialect.quote(table) + " WHERE " + dialect.quote(
                    columns.get(keyIndexes[0]).name(), "key column of " + table) + " IN ("
                    + String.join(", ", java.util.Collections.nCopies(keys, dialect.placeholder(columns.get(keyIndexes[0])))) + ")";
        }
        StringBuilder one = new StringBuilder("(");
        for (int k = 0; k < keyIndexes.length; k++) {
            one.append(k == 0 ? "" : " AND ").append(dialect.quote(columns.get(keyIndexes[k]).name(),
                    "key column of " + table)).append(" = ").append(dialect.placeholder(columns.get(keyIndexes[k])));
        }
        one.append(')');
        return "SELECT COUNT(*) FROM " + dialect.quote(table) + " WHERE " + String.join(" OR ",
                java.util.Collections.nCopies(keys, one));
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
        for (int count : executeBatch(delete)) {
            tally.deleted(Math.max(0, count));
        }
    }

    private int[] writeAll(PreparedStatement statement, List<Object[]> rows) throws SQLException {
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
        int[] counts = executeBatch(statement);
        // The driver would otherwise keep the last row's values, however large, until the next batch.
        statement.clearParameters();
        return counts;
    }

    /**
     * Runs the statement's batch and empties it even when a row fails: the writer may roll back to
     * a savepoint and go on, and the refused rows must not be sent again with the next batch.
     */
    private static int[] executeBatch(PreparedStatement statement) throws SQLException {
        try {
            return statement.executeBatch();
        } catch (SQLException e) {
            try {
                statement.clearBatch();
            } catch (SQLException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
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
        List<PreparedStatement> statements = new java.util.ArrayList<>(existing.values());
        statements.addAll(java.util.Arrays.asList(insert, upsert, delete));
        for (PreparedStatement statement : statements) {
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
