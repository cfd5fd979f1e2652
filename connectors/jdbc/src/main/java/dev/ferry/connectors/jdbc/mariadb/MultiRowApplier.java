package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.Column;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteCounts;
import dev.ferry.connectors.jdbc.BatchedStatementApplier;
import dev.ferry.connectors.jdbc.BulkBuffer;
import dev.ferry.connectors.jdbc.Dialect;
import dev.ferry.connectors.jdbc.RowApplier;
import dev.ferry.connectors.jdbc.RowLocator;
import dev.ferry.connectors.jdbc.SqlText;
import dev.ferry.connectors.jdbc.TableName;
import dev.ferry.connectors.jdbc.TabSeparatedRows;
import dev.ferry.connectors.jdbc.ValueBinders;
import dev.ferry.connectors.jdbc.WriteTally;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes rows as multi-row {@code INSERT ... VALUES (...), (...)} statements, upserting with
 * {@code ON DUPLICATE KEY UPDATE}: one round trip and one statement parse for hundreds of rows.
 * Statements are prepared once per row count and reused. Loads into a cleared table stream the
 * batch through {@code LOAD DATA LOCAL INFILE}, the server's bulk path, when the server allows it.
 *
 * <p>LOAD DATA LOCAL turns bad values into warnings (the server cannot stop the client's stream
 * midway), so any warning fails the load: a value that does not fit is an error, never a
 * silently changed row.
 *
 * <p>After a LOAD DATA of no rows (which tells whether the server allows it, while the rows are
 * still at hand to fall back to INSERTs), one LOAD DATA stays open across batches until the
 * next commit ({@link LoadDataStream}): the server inserts while the next rows are read and
 * encoded, and there is one statement and one warning check per commit instead of per batch.
 * Values larger than {@link BulkBuffer#PIECE} are handed over in pieces as they are encoded.
 * {@code max_allowed_packet} does not limit LOAD DATA: the server takes a 50 MB value through it
 * at the default 16 MB.
 *
 * <p>Upserts are counted exactly from two numbers the server gives: each statement's affected-rows
 * count, and a session variable that the ON DUPLICATE KEY UPDATE branch increments once per row
 * whose key already existed ({@value #DUPLICATES}). For {@code n} rows of which {@code d} existed,
 * {@code n - d} were inserted. With the driver's default "found rows" ({@code useAffectedRows=false})
 * each inserted row reports 1, each changed row 2 and each row left as it was 1, so the statements'
 * sum is {@code n + updated}; with {@code useAffectedRows=true} a row left as it was reports 0, so
 * the sum is {@code inserted + 2 * updated}. The connection's negotiated capability says which.
 */
final class MultiRowApplier implements RowApplier {
    /** Encoded bytes handed to the open LOAD DATA at a time. */
    private static final int CHUNK_BYTES = 256 * 1024;
    /** MariaDB's limit on placeholders in one prepared statement. */
    private static final int MAX_PARAMETERS = 65_535;
    private static final int MAX_ROWS = 1_000;
    /** The session variable that counts rows whose key already existed, in the open transaction. */
    static final String DUPLICATES = "@ferry_duplicates";

    private final Dialect dialect;
    private final Connection connection;
    private final TableName table;
    private final StreamSchema schema;
    private final List<Column> columns;
    private final int rowsPerStatement;
    private final PacketLimit packetLimit;
    private final PacketLimit.StatementBytes upsertBytes;
    private final PacketLimit.StatementBytes insertBytes;
    private final BatchedStatementApplier deletes;
    private final Map<Integer, PreparedStatement> upserts = new HashMap<>();
    private final Map<Integer, PreparedStatement> inserts = new HashMap<>();
    private final TabSeparatedRows loadDataRows;
    private final String loadDataSql;
    private final RowLocator locator;
    private final BulkBuffer buffer = new BulkBuffer(CHUNK_BYTES + 64 * 1024);
    /** Whether the server and driver allow LOCAL INFILE; null until the first insert asks. */
    private Boolean loadDataAllowed;
    private LoadDataStream openLoad;
    private final WriteTally tally = new WriteTally();
    /** Whether rows report 1 when found unchanged (the driver's default) rather than 0. */
    private final boolean foundRows;
    /** Upserted rows and the sum of their statements' affected-rows counts since the counter was reset. */
    private long upsertedRows;
    private long affectedRows;
    private boolean counterReset;

    MultiRowApplier(Dialect dialect, Connection connection, TableName table, StreamSchema schema) throws SQLException {
        this.foundRows = connection.unwrap(org.mariadb.jdbc.Connection.class).getContext()
                .hasClientCapability(org.mariadb.jdbc.util.constants.Capabilities.FOUND_ROWS);
        this.dialect = dialect;
        this.connection = connection;
        this.table = table;
        this.schema = schema;
        this.columns = schema.columns();
        this.rowsPerStatement = Math.max(1, Math.min(MAX_ROWS, MAX_PARAMETERS / columns.size()));
        this.packetLimit = PacketLimit.of(connection);
        this.upsertBytes = PacketLimit.StatementBytes.of(insertSql(dialect, table, schema, 1, true),
                insertSql(dialect, table, schema, 2, true), columns.size());
        this.insertBytes = PacketLimit.StatementBytes.of(insertSql(dialect, table, schema, 1, false),
                insertSql(dialect, table, schema, 2, false), columns.size());
        this.deletes = new BatchedStatementApplier(dialect, connection, table, schema);
        this.loadDataRows = new TabSeparatedRows(columns, LoadDataFormat::put);
        this.loadDataSql = LoadDataFormat.sql(dialect, table, schema);
        this.locator = new RowLocator(table.toString(), schema);
        buffer.spillTo((bytes, offset, length) -> openLoad.write(bytes, offset, length));
    }

    /** {@code INSERT INTO t (a, b) VALUES (?, ?), (?, ?) [ON DUPLICATE KEY UPDATE a = VALUES(a), ...]} */
    static String insertSql(Dialect dialect, TableName table, StreamSchema schema, int rows, boolean upsert) {
        String row = "(" + "?, ".repeat(schema.columns().size() - 1) + "?)";
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(dialect.quote(table)).append(" (")
                .append(SqlText.columnList(dialect, table, schema.columnNames())).append(") VALUES ")
                .append(row);
        for (int i = 1; i < rows; i++) {
            sql.append(", ").append(row);
        }
        if (upsert) {
            // First, on a key column set to itself: counts the row as a duplicate, changes nothing.
            String key = dialect.quote(schema.keyColumns().getFirst(), "column of " + table);
            StringBuilder updates = new StringBuilder(key).append(" = IF((").append(DUPLICATES).append(" := COALESCE(")
                    .append(DUPLICATES).append(", 0) + 1) IS NULL, ").append(key).append(", ").append(key).append(')');
            for (String column : schema.columnNames()) {
                if (!schema.keyColumns().contains(column)) {
                    String quoted = dialect.quote(column, "column of " + table);
                    updates.append(", ").append(quoted).append(" = VALUES(").append(quoted).append(')');
                }
            }
            sql.append(" ON DUPLICATE KEY UPDATE ").append(updates);
        }
        return sql.toString();
    }

    @Override
    public void clear() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(dialect.clearTableSql(table));
        }
    }

    @Override
    public void insert(List<Object[]> rows) throws SQLException {
        tally.inserted(rows.size());
        if (loadDataAllowed == null) {
            loadDataAllowed = loadDataAllowed();
        }
        if (loadDataAllowed) {
            stream(rows);
            return;
        }
        // An overwrite of a keyed table still tolerates a key repeated across batches.
        write(rows, schema.hasKey());
    }

    /** Runs a LOAD DATA of no rows: the server or the driver refuses LOCAL INFILE before any row is sent. */
    private boolean loadDataAllowed() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(InputStream.nullInputStream());
            statement.execute(loadDataSql);
            return true;
        } catch (SQLException e) {
            if (!isLocalInfileRefused(e)) {
                throw e;
            }
            return false;
        }
    }

    /** Encodes rows into the open LOAD DATA, opening it first when needed. */
    private void stream(List<Object[]> rows) throws SQLException {
        if (openLoad == null) {
            openLoad = LoadDataStream.open(connection, loadDataSql, table.toString());
        }
        try {
            for (Object[] row : rows) {
                encode(row);
                if (buffer.size() >= CHUNK_BYTES) {
                    openLoad.write(buffer.bytes(), 0, buffer.size());
                    buffer.reset();
                }
            }
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
            loadDataRows.encode(row, buffer);
        } catch (RejectedValueException e) {
            throw locator.at(e, row);
        }
    }

    @Override
    public void flush() throws SQLException {
        finishLoad();
    }

    /** Sends what is encoded and ends the open LOAD DATA, failing on any refused row. */
    private void finishLoad() throws SQLException {
        if (openLoad == null) {
            return;
        }
        LoadDataStream load = openLoad;
        openLoad = null;
        try {
            if (buffer.size() > 0) {
                load.write(buffer.bytes(), 0, buffer.size());
            }
            load.finish();
        } catch (SQLException | RuntimeException e) {
            load.abort();
            throw e;
        } finally {
            buffer.reset();
        }
    }

    @Override
    public void discard() {
        buffer.reset();
        if (openLoad != null) {
            openLoad.abort();
            openLoad = null;
        }
    }

    /** The server or the driver does not allow LOCAL INFILE (error 1148, or 4166 on MySQL 8). */
    private static boolean isLocalInfileRefused(SQLException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return e.getErrorCode() == 1148 || e.getErrorCode() == 3948 || e.getErrorCode() == 4166
                || message.contains("local infile") || message.contains("local_infile") || message.contains("not allowed");
    }

    @Override
    public void upsert(List<Object[]> rows) throws SQLException {
        finishLoad();
        if (!counterReset) {
            execute("SET " + DUPLICATES + " = 0");
            counterReset = true;
        }
        affectedRows += write(rows, true);
        upsertedRows += rows.size();
    }

    @Override
    public void delete(List<Object[]> rows) throws SQLException {
        finishLoad();
        deletes.delete(rows);
        tally.deleted(deletes.takeCounts().deleted());
    }

    @Override
    public WriteCounts takeCounts() throws SQLException {
        if (upsertedRows > 0) {
            long duplicates;
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT " + DUPLICATES)) {
                result.next();
                duplicates = result.getLong(1);
            }
            long inserted = upsertedRows - duplicates;
            long updated = foundRows ? affectedRows - upsertedRows : (affectedRows - inserted) / 2;
            tally.upserted(upsertedRows, inserted, updated);
        }
        upsertedRows = 0;
        affectedRows = 0;
        counterReset = false;
        return tally.take();
    }

    @Override
    public void afterRollback() {
        tally.reset();
        deletes.afterRollback();
        upsertedRows = 0;
        affectedRows = 0;
        counterReset = false;
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** As many rows per statement as fit both the parameter limit and the server's packet; the sum of their affected-rows counts. */
    private long write(List<Object[]> rows, boolean upsert) throws SQLException {
        long affected = 0;
        PacketLimit.StatementBytes sql = upsert ? upsertBytes : insertBytes;
        int count;
        for (int from = 0; from < rows.size(); from += count) {
            count = packetLimit.rowsThatFit(rows, from, rowsPerStatement, sql, table.toString(), schema);
            List<Object[]> chunk = rows.subList(from, from + count);
            PreparedStatement statement = statement(chunk.size(), upsert);
            int index = 1;
            for (Object[] row : chunk) {
                try {
                    for (int c = 0; c < row.length; c++) {
                        ValueBinders.bind(dialect, statement, index++, columns.get(c), row[c]);
                    }
                } catch (RejectedValueException e) {
                    statement.clearParameters();
                    throw locator.at(e, row);
                }
            }
            affected += statement.executeUpdate();
            // The cached statement would otherwise keep the last rows' values, however large, alive.
            statement.clearParameters();
        }
        return affected;
    }

    private PreparedStatement statement(int rows, boolean upsert) throws SQLException {
        Map<Integer, PreparedStatement> cache = upsert ? upserts : inserts;
        PreparedStatement statement = cache.get(rows);
        if (statement == null) {
            statement = connection.prepareStatement(insertSql(dialect, table, schema, rows, upsert));
            cache.put(rows, statement);
        }
        return statement;
    }

    @Override
    public void close() throws SQLException {
        discard();
        SQLException first = null;
        for (Map<Integer, PreparedStatement> cache : List.of(upserts, inserts)) {
            for (PreparedStatement statement : cache.values()) {
                try {
                    statement.close();
                } catch (SQLException e) {
                    first = first == null ? e : first;
                }
            }
        }
        try {
            deletes.close();
        } catch (SQLException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }
}
