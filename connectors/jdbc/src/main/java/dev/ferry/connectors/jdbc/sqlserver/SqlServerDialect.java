package dev.ferry.connectors.jdbc.sqlserver;

import com.microsoft.sqlserver.jdbc.ISQLServerStatement;
import dev.ferry.api.Column;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteMode;
import dev.ferry.connectors.jdbc.ColumnReader;
import dev.ferry.connectors.jdbc.ColumnReaders;
import dev.ferry.connectors.jdbc.Dialect;
import dev.ferry.connectors.jdbc.Identifiers;
import dev.ferry.connectors.jdbc.RowApplier;
import dev.ferry.connectors.jdbc.SqlColumn;
import dev.ferry.connectors.jdbc.SqlText;
import dev.ferry.connectors.jdbc.TableMetadata;
import dev.ferry.connectors.jdbc.TableName;
import dev.ferry.connectors.jdbc.ValueBinders;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL Server (2016 and later) through Microsoft's mssql-jdbc driver: catalog from
 * INFORMATION_SCHEMA, reads streamed with adaptive response buffering, writes through bulk copy
 * and MERGE (see {@link SqlServerBulkApplier}).
 *
 * <p>An overwrite empties the table with DELETE rather than TRUNCATE TABLE: both roll back with the
 * write transaction, but TRUNCATE needs ALTER permission on the table and fails when a foreign
 * key references it.
 */
public final class SqlServerDialect implements Dialect {
    private static final int MAX_FETCH_SIZE = 10_000;
    /** Exact comparison for text: the usual collations ignore case, and trailing spaces are ignored by any. */
    private static final String BINARY_COLLATION = " COLLATE Latin1_General_BIN2";

    @Override
    public String type() {
        return "sqlserver";
    }

    @Override
    public String urlPrefix() {
        return "jdbc:sqlserver:";
    }

    @Override
    public int maxIdentifierLength() {
        return 128;
    }

    /** {@code [name]}; a {@code ]} inside would be doubled, though validation already refuses brackets. */
    @Override
    public String quote(String identifier, String what) {
        return '[' + Identifiers.requireValid(identifier, maxIdentifierLength(), what).replace("]", "]]") + ']';
    }

    @Override
    public String objectName(TableName table) {
        return "dbo".equals(table.schema()) ? table.name() : table.toString();
    }

    // ---- types

    @Override
    public Column toColumn(SqlColumn column) {
        return SqlServerTypes.toColumn(column);
    }

    @Override
    public String sqlType(Column column) {
        return SqlServerTypes.sqlType(column);
    }

    @Override
    public ColumnReader reader(Column column) {
        return switch (column.type()) {
            // getObject(i) gives a uniqueidentifier as upper-case text; asking for a UUID decodes its bytes
            case UUID -> (row, i) -> row.getObject(i, UUID.class);
            // The rest as standard: this driver answers getObject(i, OffsetDateTime.class) from its
            // DateTimeOffset with the stored offset, and java.time values without the JVM's zone.
            default -> ColumnReaders.standard(column);
        };
    }

    /**
     * Times and timestamps are bound as ISO text, which the server converts to the column's own
     * type. Bound as datetime2 (what the driver sends for a LocalDateTime), a {@code datetime}
     * column would be widened for the comparison, and a stored .007 (really .00667) would compare
     * below the .007 it was read as; bound as the driver's time, a {@code time} column would meet
     * a datetime and refuse the comparison. What SQL Server cannot hold is refused first
     * ({@link SqlServerLimits}).
     */
    @Override
    public void bind(PreparedStatement statement, int index, Column column, Object value) throws SQLException {
        SqlServerLimits.requireStorable(column.name(), value);
        switch (column.type()) {
            case TIME, TIMESTAMP -> statement.setString(index,
                    SqlServerTemporal.format(SqlServerLimits.temporal(column.name(), value), SqlServerTemporal.MAX_FRACTION_DIGITS));
            case DATE, TIMESTAMP_TZ -> statement.setObject(index, SqlServerLimits.temporal(column.name(), value));
            case DECIMAL -> statement.setBigDecimal(index, SqlServerLimits.decimal(column.name(), SqlServerTypes.decimalShape(column), value));
            case FLOAT, DOUBLE -> ValueBinders.bindStandard(statement, index, column, SqlServerLimits.finite(column.name(), value));
            case UUID, JSON -> statement.setString(index, value.toString());
            default -> ValueBinders.bindStandard(statement, index, column, value);
        }
    }

    // ---- catalog

    @Override
    public List<TableMetadata> discover(Connection connection) throws SQLException {
        return SqlServerCatalog.discover(connection);
    }

    @Override
    public Optional<TableMetadata> describe(Connection connection, TableName table) throws SQLException {
        return SqlServerCatalog.describe(connection, table);
    }

    // ---- reading

    /**
     * Adaptive buffering keeps only the rows being read in memory; it is the driver's default, but
     * a connection URL may say {@code responseBuffering=full}, which would load the whole result.
     * The fetch size matters when the URL asks for server cursors ({@code selectMethod=cursor}):
     * it is the number of rows per round trip.
     */
    @Override
    public void prepareStreaming(Connection connection, Statement statement, int batchSize) throws SQLException {
        statement.setFetchSize(Math.min(batchSize, MAX_FETCH_SIZE));
        if (statement.isWrapperFor(ISQLServerStatement.class)) {
            statement.unwrap(ISQLServerStatement.class).setResponseBuffering("adaptive");
        }
    }

    // ---- writing

    /**
     * With XACT_ABORT on, any error ends the transaction on the server at once, so a statement
     * that failed halfway (or a cancelled bulk copy) never leaves locks held until the rollback.
     */
    @Override
    public void prepareWriting(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET XACT_ABORT ON");
        }
    }

    /**
     * With XACT_ABORT on, a refused row would end the whole transaction, and the rows written
     * before it with it; off, a failed statement is undone alone and the writer rolls back to its
     * savepoint. Stays off for the writer's life: after any other failure the writer is aborted.
     */
    @Override
    public void prepareIsolatedWriting(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET XACT_ABORT OFF");
        }
    }

    /** T-SQL has SAVE TRANSACTION but no statement to release one; the driver refuses to. */
    @Override
    public boolean releasesSavepoints() {
        return false;
    }

    @Override
    public String createTableSql(TableName table, StreamSchema schema) {
        return SqlServerSql.createTableIfMissing(this, table, schema);
    }

    @Override
    public List<String> createTablePrelude(TableName table) {
        return table.schema() == null ? List.of() : List.of(SqlServerSql.createSchemaIfMissing(this, table));
    }

    @Override
    public String addColumnSql(TableName table, Column column) {
        return "ALTER TABLE " + quote(table) + " ADD " + quote(column.name(), "column of " + table) + " "
                + sqlType(column) + " NULL";
    }

    @Override
    public List<String> widenColumnSql(TableName table, Column column) {
        return List.of("ALTER TABLE " + quote(table) + " ALTER COLUMN " + quote(column.name(), "column of " + table)
                + " " + sqlType(column) + (column.nullable() ? " NULL" : " NOT NULL"));
    }

    /**
     * A {@code #} table in tempdb. Its text columns take the database's collation, not tempdb's, so
     * comparing them with the destination's keys cannot fail on a collation conflict.
     */
    @Override
    public List<String> createKeyTableSql(String name, List<Column> columns) {
        String quoted = keyTableReference(name);
        return List.of("CREATE TABLE " + quoted + " (" + SqlText.columnDefinitions(this, name, columns, column -> {
                    String type = SqlServerTypes.keySqlType(column);
                    return type.startsWith("nvarchar") || type.startsWith("varchar") ? type + " COLLATE DATABASE_DEFAULT" : type;
                }) + ")",
                "CREATE INDEX " + quote(name + "_index", "index") + " ON " + quoted + " ("
                        + SqlText.quotedNames(this, name, columns) + ")");
    }

    @Override
    public String keyTableReference(String name) {
        return quote("#" + name, "temporary table");
    }

    @Override
    public String upsertSql(TableName table, StreamSchema schema) {
        return SqlServerSql.mergeOneRow(this, table, schema);
    }

    /**
     * T-SQL has no IS DISTINCT FROM before SQL Server 2022, so NULLs are spelled out. Text is
     * compared under a binary collation and by length, bytes by length too: otherwise 'Ana' and
     * 'ANA', or 'x' and 'x ', count as equal and a real change would be skipped.
     */
    @Override
    public String valuesDiffer(Column column, String left, String right) {
        String nulls = " OR (" + left + " IS NULL AND " + right + " IS NOT NULL) OR (" + left + " IS NOT NULL AND "
                + right + " IS NULL))";
        return switch (column.type()) {
            case STRING, TEXT, JSON -> "(" + left + BINARY_COLLATION + " <> " + right + BINARY_COLLATION
                    + " OR DATALENGTH(" + left + ") <> DATALENGTH(" + right + ")" + nulls;
            case BINARY -> "(" + left + " <> " + right + " OR DATALENGTH(" + left + ") <> DATALENGTH(" + right + ")" + nulls;
            default -> "(" + left + " <> " + right + nulls;
        };
    }

    @Override
    public RowApplier openApplier(Connection connection, TableName table, StreamSchema schema, WriteMode mode)
            throws SQLException {
        return new SqlServerBulkApplier(this, connection, table, schema);
    }
}
