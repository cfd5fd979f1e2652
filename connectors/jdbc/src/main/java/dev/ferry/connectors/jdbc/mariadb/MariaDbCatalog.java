package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.DiscoveredStream;
import dev.ferry.connectors.jdbc.SqlColumn;
import dev.ferry.connectors.jdbc.TableMetadata;
import dev.ferry.connectors.jdbc.TableName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Tables, columns and keys from {@code information_schema}. A table's schema is a MariaDB
 * database; an unqualified name means the connection's current database.
 */
final class MariaDbCatalog {
    private static final String COLUMNS = """
            SELECT c.table_schema, c.table_name, t.table_type, c.column_name, c.column_type,
                   coalesce(c.character_maximum_length, c.numeric_precision, 0), coalesce(c.numeric_scale, 0),
                   c.is_nullable
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = coalesce(?, database()) AND (? IS NULL OR c.table_name = ?)
            ORDER BY c.table_name, c.ordinal_position""";
    private static final String KEYS = """
            SELECT table_name, column_name FROM information_schema.key_column_usage
            WHERE table_schema = coalesce(?, database()) AND constraint_name = 'PRIMARY'
              AND (? IS NULL OR table_name = ?)
            ORDER BY table_name, ordinal_position""";

    private MariaDbCatalog() {
    }

    static List<TableMetadata> discover(Connection connection) throws SQLException {
        return read(connection, null, null);
    }

    static Optional<TableMetadata> describe(Connection connection, TableName table) throws SQLException {
        return read(connection, table.schema(), table.name()).stream().findFirst();
    }

    /**
     * {@code table_rows}: exact for Aria and MyISAM, InnoDB's sampled estimate (which can be off by
     * tens of percent); none for views.
     */
    static OptionalLong estimateRows(Connection connection, TableName table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT table_rows FROM information_schema.tables "
                + "WHERE table_schema = coalesce(?, database()) AND table_name = ? AND table_type = 'BASE TABLE'")) {
            select.setString(1, table.schema());
            select.setString(2, table.name());
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    long estimate = rows.getLong(1);
                    if (!rows.wasNull() && estimate > 0) {
                        return OptionalLong.of(estimate);
                    }
                }
                return OptionalLong.empty();
            }
        }
    }

    private static List<TableMetadata> read(Connection connection, String schema, String name) throws SQLException {
        Map<String, List<SqlColumn>> columns = new LinkedHashMap<>();
        Map<String, Boolean> views = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(COLUMNS)) {
            bind(select, schema, name);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String table = rows.getString(2);
                    views.put(table, "VIEW".equalsIgnoreCase(rows.getString(3)));
                    columns.computeIfAbsent(table, t -> new ArrayList<>()).add(new SqlColumn(rows.getString(4),
                            rows.getString(5), (int) Math.min(Integer.MAX_VALUE, rows.getLong(6)), rows.getInt(7),
                            "YES".equalsIgnoreCase(rows.getString(8))));
                }
            }
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(KEYS)) {
            bind(select, schema, name);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.computeIfAbsent(rows.getString(1), t -> new ArrayList<>()).add(rows.getString(2));
                }
            }
        }
        List<TableMetadata> tables = new ArrayList<>();
        columns.forEach((table, tableColumns) -> tables.add(new TableMetadata(new TableName(schema, table),
                views.get(table) ? DiscoveredStream.Kind.VIEW : DiscoveredStream.Kind.TABLE, tableColumns,
                keys.getOrDefault(table, List.of()))));
        return tables;
    }

    private static void bind(PreparedStatement select, String schema, String name) throws SQLException {
        select.setString(1, schema);
        select.setString(2, name);
        select.setString(3, name);
    }
}
