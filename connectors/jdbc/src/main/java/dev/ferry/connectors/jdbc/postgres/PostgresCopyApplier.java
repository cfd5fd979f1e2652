package dev.ferry.connectors.jdbc.postgres;

import dev.ferry.connectors.jdbc.BulkBuffer;
import dev.ferry.api.Column;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteCounts;
import dev.ferry.connectors.jdbc.BatchedStatementApplier;
import dev.ferry.connectors.jdbc.Dialect;
import dev.ferry.connectors.jdbc.RowApplier;
import dev.ferry.connectors.jdbc.RowLocator;
import dev.ferry.connectors.jdbc.SqlText;
import dev.ferry.connectors.jdbc.TabSeparatedRows;
import dev.ferry.connectors.jdbc.TableName;
import dev.ferry.connectors.jdbc.WriteTally;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads rows with COPY FROM STDIN, the fastest way into PostgreSQL. Inserts go straight into the
 * table; upserts go into a temporary staging table first and are merged with one
 * INSERT ... ON CONFLICT, because COPY itself cannot replace rows. Deletes are rare and go through
 * batched statements.
 *
 * <p>Rows go in COPY's binary format when every destination column has the type the values'
 * binary form is for (always so for tables Ferry created), else in the text format, which the
 * server converts to whatever the column is.
 *
 * <p>Values larger than {@link BulkBuffer#PIECE} go to the server in pieces as they are encoded,
 * never whole in the buffer.
 *
 * <p>One COPY stays open across batches until the writer commits (or a delete needs the
 * connection): the server parses and stores rows while the next batch is still being read and
 * encoded, instead of waiting for a round trip per batch. Upserts are merged once per commit; a
 * key staged twice before a merge triggers an early merge, because one INSERT ... ON CONFLICT may
 * not touch a row twice.
 *
 * <p>Each merge reports what it did: {@code RETURNING (xmax = 0)} is true for a row the INSERT
 * added and false for one its ON CONFLICT branch updated (the new version of an updated row
 * carries the updating transaction in {@code xmax}); staged rows it returned nothing for were equal
 * and left alone (partitioned tables, which cannot return {@code xmax}, are counted another way:
 * see {@link #mergeCountingExisting}). Rows COPY loads into the table count as inserted.
 */
final class PostgresCopyApplier implements RowApplier {
    private static final int FLUSH_BYTES = 64 * 1024;
    private static final AtomicLong STAGING_NUMBER = new AtomicLong();

    private final Dialect dialect;
    private final Connection connection;
    private final TableName table;
    private final CopyManager copyManager;
    private final TabSeparatedRows textEncoder;
    private final BinaryCopyEncoder binaryEncoder;
    private final BulkBuffer buffer = new BulkBuffer(FLUSH_BYTES + 8 * 1024);
    private final BatchedStatementApplier deletes;
    private final StagedKeys stagedKeys;
    private final RowLocator locator;
    private final String copyIntoTable;
    private final String createStaging;
    private final String copyIntoStaging;
    private final String mergeStaging;
    private boolean stagingExists;
    private boolean stagingHasRows;
    /** Rows in the staging table since the last merge; keys are unique among them. */
    private long stagedRows;
    private final WriteTally tally = new WriteTally();
    private CopyIn openCopy;
    private String openCopySql;

    PostgresCopyApplier(Dialect dialect, Connection connection, TableName table, StreamSchema schema) throws SQLException {
        this.dialect = dialect;
        this.connection = connection;
        this.table = table;
        this.copyManager = connection.unwrap(PGConnection.class).getCopyAPI();
        this.binaryEncoder = binaryMatches(connection, dialect.quote(table), schema)
                ? new BinaryCopyEncoder(schema.columns()) : null;
        this.textEncoder = binaryEncoder == null ? new TabSeparatedRows(schema.columns(), CopyTextFormat::put) : null;
        String format = binaryEncoder == null ? "" : " (FORMAT binary)";
        this.deletes = new BatchedStatementApplier(dialect, connection, table, schema);
        buffer.spillTo((bytes, offset, length) -> openCopy.writeToCopy(bytes, offset, length));
        this.stagedKeys = new StagedKeys(schema.keyIndexes());
        this.locator = new RowLocator(table.toString(), schema);
        String columns = SqlText.columnList(dialect, table, schema.columnNames());
        String quotedTable = dialect.quote(table);
        this.copyIntoTable = "COPY " + quotedTable + " (" + columns + ") FROM STDIN" + format;
        String staging = dialect.quote("ferry_staging_" + STAGING_NUMBER.incrementAndGet(), "staging table");
        // Built from the target so its column types match exactly; without constraints, and
        // emptied at every commit so staged rows never outlive their transaction.
        this.createStaging = "CREATE TEMP TABLE IF NOT EXISTS " + staging + " ON COMMIT DELETE ROWS AS SELECT "
                + columns + " FROM " + quotedTable + " WITH NO DATA";
        this.copyIntoStaging = "COPY " + staging + " (" + columns + ") FROM STDIN" + format;
        String upsert = SqlText.insertIntoTarget(dialect, table, schema) + " SELECT " + columns + " FROM " + staging
                + SqlText.onConflictClause(dialect, table, schema);
        this.mergeStaging = (isPartitioned(connection, quotedTable)
                ? mergeCountingExisting(upsert, staging, quotedTable, keyMatch(dialect, table, schema))
                : mergeCounting(upsert)) + "; TRUNCATE " + staging;
    }

    /**
     * The upsert as a data-modifying CTE that returns how many rows it inserted and how many it
     * updated, in one round trip with the merge itself.
     */
    static String mergeCounting(String upsert) {
        return "WITH ferry_merged AS (" + upsert + " RETURNING (" + SqlText.TARGET_ALIAS + ".xmax = 0) AS inserted)"
                + " SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM ferry_merged";
    }

    /**
     * For partitioned tables, which cannot return system columns: the staged rows whose key the
     * table already holds are counted in the same statement (so under the same snapshot), and the
     * rows the upsert returns are the inserted and updated ones together. Exact unless another
     * session commits one of the same keys while the statement runs.
     */
    static String mergeCountingExisting(String upsert, String staging, String quotedTable, String keyMatch) {
        return "WITH ferry_existing AS (SELECT count(*) AS n FROM " + staging + " s WHERE EXISTS (SELECT 1 FROM "
                + quotedTable + " t WHERE " + keyMatch + ")), ferry_staged AS (SELECT count(*) AS n FROM " + staging
                + "), ferry_merged AS (" + upsert + " RETURNING 1)"
                + " SELECT ferry_staged.n - ferry_existing.n, (SELECT count(*) FROM ferry_merged)"
                + " - (ferry_staged.n - ferry_existing.n) FROM ferry_staged, ferry_existing";
    }

    /** {@code t.k1 = s.k1 AND t.k2 = s.k2}: the target's row for a staged row. */
    private static String keyMatch(Dialect dialect, TableName table, StreamSchema schema) {
        StringBuilder match = new StringBuilder();
        for (String key : schema.keyColumns()) {
            String quoted = dialect.quote(key, "column of " + table);
            match.append(match.isEmpty() ? "" : " AND ").append("t.").append(quoted).append(" = s.").append(quoted);
        }
        return match.toString();
    }

    private static boolean isPartitioned(Connection connection, String quotedTable) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT relkind FROM pg_class WHERE oid = ?::regclass")) {
            select.setString(1, quotedTable);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() && "p".equals(rows.getString(1));
            }
        }
    }

    /** Whether every column of the destination has the type binary COPY of its values needs. */
    private static boolean binaryMatches(Connection connection, String quotedTable, StreamSchema schema)
            throws SQLException {
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                        + "WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped")) {
            select.setString(1, quotedTable);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    types.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        for (Column column : schema.columns()) {
            String type = types.get(column.name());
            if (type == null || !BinaryCopyEncoder.acceptsColumnType(column.type(), type)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void clear() throws SQLException {
        finishCopy();
        execute(dialect.clearTableSql(table));
    }

    @Override
    public void insert(List<Object[]> rows) throws SQLException {
        stream(copyIntoTable, rows);
        tally.inserted(rows.size());
    }

    @Override
    public void upsert(List<Object[]> rows) throws SQLException {
        if (!stagingExists) {
            finishCopy();
            execute(createStaging);
            stagingExists = true;
        }
        for (int i = 0; i < rows.size(); i++) {
            if (!stagedKeys.add(rows.get(i))) {
                mergeStaged();
                // keys are unique within a call: this call's rows so far go into the fresh set
                for (int j = 0; j <= i; j++) {
                    stagedKeys.add(rows.get(j));
                }
            }
        }
        stream(copyIntoStaging, rows);
        stagingHasRows = true;
        stagedRows += rows.size();
    }

    @Override
    public void delete(List<Object[]> rows) throws SQLException {
        // Staged upserts come before these deletes, so they must reach the table first.
        mergeStaged();
        deletes.delete(rows);
        tally.deleted(deletes.takeCounts().deleted());
    }

    @Override
    public void flush() throws SQLException {
        mergeStaged();
        finishCopy();
    }

    @Override
    public void discard() {
        if (openCopy != null) {
            try {
                if (openCopy.isActive()) {
                    openCopy.cancelCopy();
                }
            } catch (SQLException ignored) {
                // the transaction is being rolled back; a broken copy changes nothing
            }
            openCopy = null;
        }
        buffer.reset();
        stagedKeys.clear();
        stagingHasRows = false;
        stagedRows = 0;
    }

    /** A rollback undoes the staging table's creation too, and what was counted. */
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

    private void mergeStaged() throws SQLException {
        stagedKeys.clear();
        if (!stagingHasRows) {
            return;
        }
        finishCopy();
        try (Statement statement = connection.createStatement()) {
            statement.execute(mergeStaging);
            try (ResultSet counts = statement.getResultSet()) {
                counts.next();
                tally.upserted(stagedRows, counts.getLong(1), counts.getLong(2));
            }
            while (statement.getMoreResults() || statement.getUpdateCount() != -1) {
                // the TRUNCATE's result; reading it surfaces its error, if any
            }
        }
        stagingHasRows = false;
        stagedRows = 0;
    }

    /** Appends rows to the open COPY of {@code sql}, opening it first when needed. */
    private void stream(String sql, List<Object[]> rows) throws SQLException {
        if (openCopy != null && !sql.equals(openCopySql)) {
            finishCopy();
        }
        if (openCopy == null) {
            openCopy = copyManager.copyIn(sql);
            openCopySql = sql;
            if (binaryEncoder != null) {
                buffer.putRaw(BinaryCopyEncoder.HEADER);
            }
        }
        try {
            for (Object[] row : rows) {
                encode(row);
                if (buffer.size() >= FLUSH_BYTES) {
                    sendBuffer();
                }
            }
            sendBuffer();
        } catch (BulkBuffer.SpillFailure e) {
            discard();
            throw e.getCause();
        } catch (SQLException | RuntimeException e) {
            discard();
            throw e;
        }
    }

    private void encode(Object[] row) {
        try {
            if (binaryEncoder != null) {
                binaryEncoder.encode(row, buffer);
            } else {
                textEncoder.encode(row, buffer);
            }
        } catch (RejectedValueException e) {
            throw locator.at(e, row);
        }
    }

    private void sendBuffer() throws SQLException {
        if (buffer.size() > 0) {
            openCopy.writeToCopy(buffer.bytes(), 0, buffer.size());
            buffer.reset();
        }
    }

    /** Ends the open COPY; the server reports any bad row here at the latest. */
    private void finishCopy() throws SQLException {
        if (openCopy == null) {
            return;
        }
        if (binaryEncoder != null) {
            BinaryCopyEncoder.trailer(buffer);
            sendBuffer();
        }
        CopyIn copy = openCopy;
        openCopy = null;
        try {
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
        discard();
        deletes.close();
    }
}
