package dev.ferry.connectors.jdbc.sqlserver;

import com.microsoft.sqlserver.jdbc.ISQLServerConnection;
import com.microsoft.sqlserver.jdbc.SQLServerBulkCopy;
import com.microsoft.sqlserver.jdbc.SQLServerBulkCopyOptions;
import com.microsoft.sqlserver.jdbc.SQLServerException;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteCounts;
import dev.ferry.connectors.jdbc.BatchedStatementApplier;
import dev.ferry.connectors.jdbc.Dialect;
import dev.ferry.connectors.jdbc.RowApplier;
import dev.ferry.connectors.jdbc.RowLocator;
import dev.ferry.connectors.jdbc.TableName;
import dev.ferry.connectors.jdbc.WriteTally;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads rows with the driver's bulk copy (the TDS bulk-load protocol, straight from memory, no
 * files). An overwrite's rows go straight into the table; upserts go into a temporary staging
 * table that one MERGE per batch applies and empties, because bulk copy cannot replace rows;
 * deletes are rare and go through batched statements.
 *
 * <p>Everything runs in the writer's open transaction: a bulk copy given an existing connection
 * joins it, and a staging table created in a transaction that rolls back disappears with it.
 *
 * <p>Counts: rows bulk-copied into the table are inserted; each MERGE reports how many rows it
 * inserted and updated ({@code OUTPUT $action}), and the staged rows it did neither to were equal.
 */
final class SqlServerBulkApplier implements RowApplier {
    private static final AtomicLong STAGING_NUMBER = new AtomicLong();

    private final Dialect dialect;
    private final Connection connection;
    private final TableName table;
    private final String quotedTable;
    private final List<BulkColumn> columns;
    private final List<Integer> targetOrdinals;
    private final BatchedStatementApplier deletes;
    private final RowLocator locator;
    private final String staging;
    private final String createStaging;
    private final String mergeStaged;
    private boolean stagingExists;
    private final WriteTally tally = new WriteTally();

    SqlServerBulkApplier(Dialect dialect, Connection connection, TableName table, StreamSchema schema) throws SQLException {
        this.dialect = dialect;
        this.connection = connection;
        this.table = table;
        this.quotedTable = dialect.quote(table);
        TargetColumns target = TargetColumns.read(connection, SqlServerSql.describeColumns(dialect, table), schema,
                table.toString());
        this.columns = new ArrayList<>(schema.columns().size());
        for (int i = 0; i < schema.columns().size(); i++) {
            columns.add(BulkColumn.of(schema.columns().get(i), target.typeNames().get(i)));
        }
        this.targetOrdinals = target.ordinals();
        this.deletes = new BatchedStatementApplier(dialect, connection, table, schema);
        this.locator = new RowLocator(table.toString(), schema);
        // Unique per applier, so no two streams on one session share it and a driver with
        // cacheBulkCopyMetadata=true never reuses another table's column list for it.
        this.staging = "#ferry_staging_" + STAGING_NUMBER.incrementAndGet();
        this.createStaging = SqlServerSql.createStaging(dialect, table, schema, staging);
        this.mergeStaged = SqlServerSql.mergeStagedCountingAndTruncate(dialect, table, schema, staging);
    }

    @Override
    public void clear() throws SQLException {
        execute(dialect.clearTableSql(table));
    }

    @Override
    public void insert(List<Object[]> rows) throws SQLException {
        bulkCopy(quotedTable, rows, targetOrdinals, true);
        tally.inserted(rows.size());
    }

    @Override
    public void upsert(List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (!stagingExists) {
            // A plain statement, not a prepared one: the driver runs prepared statements through
            // sp_executesql, and a temporary table created there is dropped when it returns.
            execute(createStaging);
            stagingExists = true;
        }
        bulkCopy(staging, rows, null, false);
        long[] counts = executeCounting(mergeStaged);
        tally.upserted(rows.size(), counts[0], counts[1]);
    }

    @Override
    public void delete(List<Object[]> rows) throws SQLException {
        deletes.delete(rows);
        tally.deleted(deletes.takeCounts().deleted());
    }

    /** A rollback undoes the staging table's creation when it happened in that transaction, and what was counted. */
    @Override
    public void afterRollback() {
        stagingExists = false;
        tally.reset();
        deletes.afterRollback();
    }

    @Override
    public WriteCounts takeCounts() {
        return tally.take();
    }

    /** Runs a batch, reading every result like {@link #execute}; the two numbers of its one result set. */
    private long[] executeCounting(String sql) throws SQLException {
        long[] counts = null;
        try (Statement statement = connection.createStatement()) {
            boolean resultSet = statement.execute(sql);
            while (resultSet || statement.getUpdateCount() != -1) {
                if (resultSet) {
                    try (ResultSet result = statement.getResultSet()) {
                        result.next();
                        counts = new long[] {result.getLong(1), result.getLong(2)};
                    }
                }
                resultSet = statement.getMoreResults();
            }
        }
        if (counts == null) {
            throw new SQLException("The MERGE into " + quotedTable + " returned no counts");
        }
        return counts;
    }

    /**
     * @param ordinals the destination position of each column, or null when the destination has
     *                 exactly the stream's columns in the stream's order (the staging table)
     */
    private void bulkCopy(String destination, List<Object[]> rows, List<Integer> ordinals, boolean intoTable)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (SQLServerBulkCopy copy = new SQLServerBulkCopy(connection.unwrap(ISQLServerConnection.class))) {
            copy.setDestinationTableName(destination);
            copy.setBulkCopyOptions(options(intoTable));
            if (ordinals != null) {
                for (int i = 0; i < ordinals.size(); i++) {
                    copy.addColumnMapping(i + 1, ordinals.get(i));
                }
            }
            copy.writeToServer(new BulkRows(columns, rows, locator));
        } catch (SQLException | RuntimeException e) {
            RejectedValueException rejected = rejectionBehind(e);
            if (rejected != null) {
                throw rejected;
            }
            throw e;
        }
    }

    /** The located refusal of a value behind a failed bulk copy, which the driver may have wrapped; else null. */
    static RejectedValueException rejectionBehind(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RejectedValueException rejected) {
                return rejected;
            }
        }
        return null;
    }

    /**
     * Into the table, rows behave as if inserted one by one: constraints are checked (unchecked
     * constraints would be marked untrusted) and triggers fire, as they do for MERGE. Into staging,
     * a table lock is free (the table is this session's own) and lets the load be minimally logged.
     */
    static SQLServerBulkCopyOptions options(boolean intoTable) throws SQLServerException {
        SQLServerBulkCopyOptions options = new SQLServerBulkCopyOptions();
        // Without it, a NULL sent for a column with a DEFAULT would store the default instead.
        options.setKeepNulls(true);
        // The driver's default is 60 seconds per batch; like every other statement here, a
        // batch runs until it finishes or the writer is cancelled.
        options.setBulkCopyTimeout(0);
        options.setCheckConstraints(intoTable);
        options.setFireTriggers(intoTable);
        options.setTableLock(!intoTable);
        return options;
    }

    /** Runs a batch and reads every result: the driver raises a later statement's error only when its result is read. */
    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            boolean resultSet = statement.execute(sql);
            while (resultSet || statement.getUpdateCount() != -1) {
                resultSet = statement.getMoreResults();
            }
        }
    }

    @Override
    public void close() throws SQLException {
        deletes.close();
    }
}
