package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.Column;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteMode;
import dev.ferry.connectors.jdbc.ColumnReader;
import dev.ferry.connectors.jdbc.ColumnReaders;
import dev.ferry.connectors.jdbc.Dialect;
import dev.ferry.connectors.jdbc.Identifiers;
import dev.ferry.connectors.jdbc.ReadPlan;
import dev.ferry.connectors.jdbc.RowApplier;
import dev.ferry.connectors.jdbc.SqlColumn;
import dev.ferry.connectors.jdbc.SqlText;
import dev.ferry.connectors.jdbc.TableMetadata;
import dev.ferry.connectors.jdbc.TableName;
import dev.ferry.connectors.jdbc.ValueBinders;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * MariaDB (and MySQL) through mariadb-java-client. Every session runs in UTC, so {@code timestamp}
 * columns read as instants and times with a zone are stored as UTC; writing sessions are strict,
 * so a value that does not fit is an error instead of a silently truncated row. Upserts are
 * multi-row {@code INSERT ... ON DUPLICATE KEY UPDATE} statements.
 */
public final class MariaDbDialect implements Dialect {

    @Override
    public String type() {
        return "mariadb";
    }

    @Override
    public String urlPrefix() {
        return "jdbc:mariadb:";
    }

    @Override
    public int maxIdentifierLength() {
        return 64;
    }

    @Override
    public String quote(String identifier, String what) {
        return '`' + Identifiers.requireValid(identifier, maxIdentifierLength(), what).replace("`", "``") + '`';
    }

    @Override
    public Column toColumn(SqlColumn column) {
        return MariaDbTypes.toColumn(column);
    }

    @Override
    public String sqlType(Column column) {
        return MariaDbTypes.sqlType(column, false);
    }

    @Override
    public ColumnReader reader(Column column) {
        return switch (column.type()) {
            // From the text the query casts them to (see MariaDbReadQuery)
            case TIMESTAMP -> (row, i) -> MariaDbTemporal.parseDateTime(row.getString(i), column.name());
            case TIMESTAMP_TZ -> (row, i) -> {
                LocalDateTime utc = MariaDbTemporal.parseDateTime(row.getString(i), column.name());
                return utc == null ? null : utc.atOffset(ZoneOffset.UTC);
            };
            case UUID -> (row, i) -> {
                String text = row.getString(i);
                return text == null ? null : UUID.fromString(text);
            };
            default -> ColumnReaders.standard(column);
        };
    }

    @Override
    public void bind(PreparedStatement statement, int index, Column column, Object value) throws SQLException {
        switch (column.type()) {
            case TIMESTAMP_TZ -> statement.setObject(index,
                    ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
            case UUID, JSON -> statement.setString(index, value.toString());
            // As its exact double, for the reason LoadDataFormat gives: the driver would send the
            // float's shortest digits, which the server reads as a double out of a float's range.
            case FLOAT -> statement.setDouble(index, finite(column, (Float) value));
            // The driver writes NaN into the statement's text, where the server takes it for a column name.
            case DOUBLE -> statement.setDouble(index, finite(column, (Double) value));
            default -> ValueBinders.bindStandard(statement, index, column, value);
        }
    }

    private static double finite(Column column, double value) throws SQLDataException {
        if (!Double.isFinite(value)) {
            throw new SQLDataException("Column " + column.name() + ": MariaDB cannot store " + value
                    + " (it has no NaN or infinities)");
        }
        return value;
    }

    @Override
    public List<TableMetadata> discover(Connection connection) throws SQLException {
        return MariaDbCatalog.discover(connection);
    }

    @Override
    public Optional<TableMetadata> describe(Connection connection, TableName table) throws SQLException {
        return MariaDbCatalog.describe(connection, table);
    }

    /** Floats and date-times are cast so they arrive intact (see {@link MariaDbReadQuery}). */
    @Override
    public StreamReader openReader(String description, Connection connection, ReadPlan plan) {
        return Dialect.super.openReader(description, connection, MariaDbReadQuery.of(this, plan));
    }

    @Override
    public void prepareStreaming(Connection connection, Statement statement, int batchSize) throws SQLException {
        useUtc(connection);
        // One transaction, so every fetch sees the same snapshot; a positive fetch size makes the
        // driver stream rows instead of reading the whole result.
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        statement.setFetchSize(Math.max(1, batchSize));
    }

    @Override
    public void prepareWriting(Connection connection) throws SQLException {
        useUtc(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')");
        }
    }

    private static void useUtc(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET time_zone = '+00:00'");
        }
    }

    /** Key columns get index-friendly types; rows are stored with a binary collation, as the source compares them. */
    @Override
    public String createTableSql(TableName table, StreamSchema schema) {
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(quote(table)).append(" (");
        for (Column column : schema.columns()) {
            boolean key = schema.keyColumns().contains(column.name());
            sql.append(quote(column.name(), "column of " + table)).append(' ')
                    .append(MariaDbTypes.sqlType(column, key));
            if (!column.nullable() || key) {
                sql.append(" NOT NULL");
            }
            sql.append(", ");
        }
        if (schema.hasKey()) {
            sql.append("PRIMARY KEY (").append(SqlText.columnList(this, table, schema.keyColumns())).append(')');
        } else {
            sql.setLength(sql.length() - 2);
        }
        return sql.append(") DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin").toString();
    }

    @Override
    public List<String> widenColumnSql(TableName table, Column column) {
        return List.of("ALTER TABLE " + quote(table) + " MODIFY COLUMN " + quote(column.name(), "column of " + table)
                + " " + MariaDbTypes.sqlType(column, false) + (column.nullable() ? " NULL" : " NOT NULL"));
    }

    /** Keys typed as the table declares them, compared under the tables' binary collation. */
    @Override
    public List<String> createKeyTableSql(String name, List<Column> columns) {
        return List.of("CREATE TEMPORARY TABLE " + keyTableReference(name) + " ("
                + SqlText.columnDefinitions(this, name, columns, column -> MariaDbTypes.sqlType(column, true))
                + ", INDEX (" + SqlText.quotedNames(this, name, columns) + ")) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin");
    }

    @Override
    public String upsertSql(TableName table, StreamSchema schema) {
        return MultiRowApplier.insertSql(this, table, schema, 1, true);
    }

    @Override
    public RowApplier openApplier(Connection connection, TableName table, StreamSchema schema, WriteMode mode)
            throws SQLException {
        return new MultiRowApplier(this, connection, table, schema);
    }
}
