package dev.ferry.connectors.jdbc.sqlserver;

import dev.ferry.api.DiscoveredStream;
import dev.ferry.connectors.jdbc.SqlColumn;
import dev.ferry.connectors.jdbc.TableMetadata;
import dev.ferry.connectors.jdbc.TableName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tables, views, columns and primary keys from INFORMATION_SCHEMA, two queries for a whole
 * database. INFORMATION_SCHEMA reports the system type under an alias type (so a {@code sysname}
 * column reads as {@code nvarchar(128)}), -1 as the length of the {@code (max)} types, and only the
 * objects the user has a permission on, which is what a read-only user can sync.
 *
 * <p>Plain queries rather than the driver's DatabaseMetaData (sp_tables, sp_columns): the same
 * text runs on H2 in its SQL Server mode, so it is tested here, and one round trip per query
 * covers the whole database instead of one per table for its key.
 */
final class SqlServerCatalog {
    private static final String COLUMNS = "SELECT t.TABLE_SCHEMA, t.TABLE_NAME, t.TABLE_TYPE, c.COLUMN_NAME, c.DATA_TYPE,"
            + " c.CHARACTER_MAXIMUM_LENGTH, c.NUMERIC_PRECISION, c.NUMERIC_SCALE, c.IS_NULLABLE"
            + " FROM INFORMATION_SCHEMA.TABLES t JOIN INFORMATION_SCHEMA.COLUMNS c"
            + " ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME"
            + " WHERE t.TABLE_TYPE IN ('BASE TABLE', 'VIEW')";
    private static final String KEYS = "SELECT k.TABLE_SCHEMA, k.TABLE_NAME, k.COLUMN_NAME"
            + " FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS c JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k"
            + " ON k.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = c.CONSTRAINT_NAME"
            + " AND k.TABLE_SCHEMA = c.TABLE_SCHEMA AND k.TABLE_NAME = c.TABLE_NAME"
            + " WHERE c.CONSTRAINT_TYPE = 'PRIMARY KEY'";
    static final String ALL_COLUMNS = COLUMNS + " AND t.TABLE_SCHEMA NOT IN ('sys', 'INFORMATION_SCHEMA')"
            + " ORDER BY t.TABLE_SCHEMA, t.TABLE_NAME, c.ORDINAL_POSITION";
    static final String ALL_KEYS = KEYS + " ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.ORDINAL_POSITION";
    static final String TABLE_COLUMNS = COLUMNS + " AND t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ? ORDER BY c.ORDINAL_POSITION";
    static final String TABLE_KEY = KEYS + " AND k.TABLE_SCHEMA = ? AND k.TABLE_NAME = ? ORDER BY k.ORDINAL_POSITION";
    /** The schema unqualified names resolve to for this user (dbo unless the user was given another). */
    static final String DEFAULT_SCHEMA = "SELECT SCHEMA_NAME()";

    private SqlServerCatalog() {
    }

    static List<TableMetadata> discover(Connection connection) throws SQLException {
        try (PreparedStatement columns = connection.prepareStatement(ALL_COLUMNS);
             PreparedStatement keys = connection.prepareStatement(ALL_KEYS)) {
            return read(columns, keys);
        }
    }

    static Optional<TableMetadata> describe(Connection connection, TableName table) throws SQLException {
        String schema = table.schema() != null ? table.schema() : defaultSchema(connection);
        try (PreparedStatement columns = connection.prepareStatement(TABLE_COLUMNS);
             PreparedStatement keys = connection.prepareStatement(TABLE_KEY)) {
            for (PreparedStatement statement : List.of(columns, keys)) {
                statement.setString(1, schema);
                statement.setString(2, table.name());
            }
            List<TableMetadata> found = read(columns, keys);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        }
    }

    private static String defaultSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(DEFAULT_SCHEMA)) {
            return result.next() && result.getString(1) != null ? result.getString(1) : "dbo";
        }
    }

    private static List<TableMetadata> read(PreparedStatement columnQuery, PreparedStatement keyQuery) throws SQLException {
        Map<TableName, DiscoveredStream.Kind> kinds = new LinkedHashMap<>();
        Map<TableName, List<SqlColumn>> columns = new LinkedHashMap<>();
        try (ResultSet rows = columnQuery.executeQuery()) {
            while (rows.next()) {
                TableName table = new TableName(rows.getString(1), rows.getString(2));
                kinds.putIfAbsent(table, "VIEW".equals(rows.getString(3)) ? DiscoveredStream.Kind.VIEW : DiscoveredStream.Kind.TABLE);
                columns.computeIfAbsent(table, t -> new ArrayList<>()).add(column(rows));
            }
        }
        Map<TableName, List<String>> keys = new LinkedHashMap<>();
        try (ResultSet rows = keyQuery.executeQuery()) {
            while (rows.next()) {
                keys.computeIfAbsent(new TableName(rows.getString(1), rows.getString(2)), t -> new ArrayList<>())
                        .add(rows.getString(3));
            }
        }
        List<TableMetadata> tables = new ArrayList<>(kinds.size());
        kinds.forEach((table, kind) -> tables.add(new TableMetadata(table, kind, columns.get(table),
                kind == DiscoveredStream.Kind.TABLE ? keys.getOrDefault(table, List.of()) : List.of())));
        return tables;
    }

    private static SqlColumn column(ResultSet rows) throws SQLException {
        long length = rows.getLong(6);
        boolean hasLength = !rows.wasNull();
        int precision = rows.getInt(7);
        int scale = rows.getInt(8);
        // -1 is (max); other engines' INFORMATION_SCHEMA may report lengths beyond an int
        int size = hasLength ? (int) Math.min(Math.max(length, 0), Integer.MAX_VALUE) : Math.max(precision, 0);
        return new SqlColumn(rows.getString(4), rows.getString(5), size, Math.max(scale, 0),
                "YES".equals(rows.getString(9)));
    }
}
