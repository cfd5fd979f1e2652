package dev.ferry.connectors.jdbc.postgres;

import dev.ferry.api.StreamSchema;
import dev.ferry.connectors.jdbc.BatchedStatementApplier;
import dev.ferry.connectors.jdbc.Dialect;
import dev.ferry.connectors.jdbc.RowApplier;
import dev.ferry.connectors.jdbc.SqlText;
import dev.ferry.connectors.jdbc.TableName;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads rows with COPY FROM STDIN, the fastest way into PostgreSQL. Inserts go straight into the
 * table; upserts go into a temporary staging table first and are merged with one
 * INSERT ... ON CONFLICT, because COPY itself cannot replace rows. Deletes are rare and go through
 * batched statements.
 */
final class PostgresCopyApplier implements RowApplier {
    private static final int FLUSH_BYTES = 64 * 1024;
    private static final AtomicLong STAGING_NUMBER = new AtomicLong();

    private final Dialect dialect;
    private final Connection connection;
    private final TableName table;
    private final CopyManager copyManager;
    private final CopyRowEncoder encoder;
    private final CopyTextBuffer buffer = new CopyTextBuffer(FLUSH_BYTES + 8 * 1024);
    private final BatchedStatementApplier deletes;
    private final String copyIntoTable;
    private final String staging;
    private final String createStaging;
    private final String copyIntoStaging;
    private final String mergeStaging;
    private boolean stagingExists;

    PostgresCopyApplier(Dialect dialect, Connection connection, TableName table, StreamSchema schema) throws SQLException {
        this.dialect = dialect;
        this.connection = connection;
        this.table = table;
        this.copyManager = connection.unwrap(PGConnection.class).getCopyAPI();
        this.encoder = new CopyRowEncoder(schema.columns());
        this.deletes = new BatchedStatementApplier(dialect, connection, table, schema);
        String columns = SqlText.columnList(dialect, table, schema.columnNames());
        String quotedTable = dialect.quote(table);
        this.copyIntoTable = "COPY " + quotedTable + " (" + columns + ") FROM STDIN";
        this.staging = dialect.quote("ferry_staging_" + STAGING_NUMBER.incrementAndGet(), "staging table");
        // Built from the target so its column types match exactly; without constraints, and
        // emptied at every commit so staged rows never outlive their transaction.
        this.createStaging = "CREATE TEMP TABLE IF NOT EXISTS " + staging + " ON COMMIT DELETE ROWS AS SELECT "
                + columns + " FROM " + quotedTable + " WITH NO DATA";
        this.copyIntoStaging = "COPY " + staging + " (" + columns + ") FROM STDIN";
        this.mergeStaging = SqlText.insertIntoTarget(dialect, table, schema) + " SELECT " + columns + " FROM " + staging
                + SqlText.onConflictClause(dialect, table, schema) + "; TRUNCATE " + staging;
    }

    @Override
    public void clear() throws SQLException {
        execute(dialect.clearTableSql(table));
    }

    @Override
    public void insert(List<Object[]> rows) throws SQLException {
        copy(copyIntoTable, rows);
    }

    @Override
    public void upsert(List<Object[]> rows) throws SQLException {
        if (!stagingExists) {
            execute(createStaging);
            stagingExists = true;
        }
        copy(copyIntoStaging, rows);
        execute(mergeStaging);
    }

    @Override
    public void delete(List<Object[]> rows) throws SQLException {
        deletes.delete(rows);
    }

    /** A rollback undoes the staging table's creation too. */
    @Override
    public void afterRollback() {
        stagingExists = false;
    }

    private void copy(String sql, List<Object[]> rows) throws SQLException {
        CopyIn copy = copyManager.copyIn(sql);
        try {
            buffer.reset();
            for (Object[] row : rows) {
                encoder.encode(row, buffer);
                if (buffer.size() >= FLUSH_BYTES) {
                    copy.writeToCopy(buffer.bytes(), 0, buffer.size());
                    buffer.reset();
                }
            }
            if (buffer.size() > 0) {
                copy.writeToCopy(buffer.bytes(), 0, buffer.size());
                buffer.reset();
            }
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException ignored) {
                    // the failure that left the copy open is the one to report
                }
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        deletes.close();
    }
}
