package dev.ferry.connectors.jdbc;

import dev.ferry.api.DiscoveredStream;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Discovery through {@link DatabaseMetaData}, for drivers whose metadata reports declared types
 * faithfully (pgjdbc, and later MariaDB and SQL Server). Names passed as patterns are escaped, so
 * an underscore in a table name matches only itself.
 */
public final class MetadataCatalog {
    private static final String[] TABLE_TYPES = {"TABLE", "VIEW", "MATERIALIZED VIEW", "PARTITIONED TABLE", "FOREIGN TABLE"};

    private MetadataCatalog() {
    }

    /** Every table and view in the schemas {@code schemaFilter} accepts. */
    public static List<TableMetadata> discover(Connection connection, Predicate<String> schemaFilter) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        Map<TableName, DiscoveredStream.Kind> tables = new LinkedHashMap<>();
        try (ResultSet rows = metadata.getTables(null, null, "%", TABLE_TYPES)) {
            while (rows.next()) {
                String schema = rows.getString("TABLE_SCHEM");
                if (schemaFilter.test(schema)) {
                    tables.put(new TableName(schema, rows.getString("TABLE_NAME")), kind(rows.getString("TABLE_TYPE")));
                }
            }
        }
        Map<TableName, List<SqlColumn>> columns = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        try (ResultSet rows = metadata.getColumns(null, null, "%", "%")) {
            while (rows.next()) {
                TableName table = new TableName(rows.getString("TABLE_SCHEM"), rows.getString("TABLE_NAME"));
                if (tables.containsKey(table)) {
                    columns.computeIfAbsent(table, t -> new ArrayList<>()).add(column(rows));
                }
            }
        }
        List<TableMetadata> result = new ArrayList<>(tables.size());
        for (Map.Entry<TableName, DiscoveredStream.Kind> table : tables.entrySet()) {
            List<String> key = table.getValue() == DiscoveredStream.Kind.TABLE ? primaryKey(metadata, table.getKey()) : List.of();
            result.add(new TableMetadata(table.getKey(), table.getValue(), columns.getOrDefault(table.getKey(), List.of()), key));
        }
        return result;
    }

    /** One table or view; {@code table.schema()} must be set (dialects resolve the default schema first). */
    public static Optional<TableMetadata> describe(Connection connection, TableName table) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        String escape = metadata.getSearchStringEscape();
        String schemaPattern = escape(table.schema(), escape);
        String namePattern = escape(table.name(), escape);
        DiscoveredStream.Kind kind = null;
        try (ResultSet rows = metadata.getTables(null, schemaPattern, namePattern, TABLE_TYPES)) {
            while (rows.next() && kind == null) {
                if (table.name().equals(rows.getString("TABLE_NAME"))) {
                    kind = kind(rows.getString("TABLE_TYPE"));
                }
            }
        }
        if (kind == null) {
            return Optional.empty();
        }
        List<SqlColumn> columns = new ArrayList<>();
        try (ResultSet rows = metadata.getColumns(null, schemaPattern, namePattern, "%")) {
            while (rows.next()) {
                if (table.name().equals(rows.getString("TABLE_NAME"))) {
                    columns.add(column(rows));
                }
            }
        }
        List<String> key = kind == DiscoveredStream.Kind.TABLE ? primaryKey(metadata, table) : List.of();
        return Optional.of(new TableMetadata(table, kind, columns, key));
    }

    private static List<String> primaryKey(DatabaseMetaData metadata, TableName table) throws SQLException {
        Map<Integer, String> key = new TreeMap<>();
        try (ResultSet rows = metadata.getPrimaryKeys(null, table.schema(), table.name())) {
            while (rows.next()) {
                key.put(rows.getInt("KEY_SEQ"), rows.getString("COLUMN_NAME"));
            }
        }
        return List.copyOf(key.values());
    }

    private static SqlColumn column(ResultSet rows) throws SQLException {
        return new SqlColumn(rows.getString("COLUMN_NAME"), rows.getString("TYPE_NAME"),
                Math.max(0, rows.getInt("COLUMN_SIZE")), Math.max(0, rows.getInt("DECIMAL_DIGITS")),
                rows.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls);
    }

    private static DiscoveredStream.Kind kind(String tableType) {
        return tableType != null && tableType.contains("VIEW") ? DiscoveredStream.Kind.VIEW : DiscoveredStream.Kind.TABLE;
    }

    static String escape(String name, String escape) {
        if (name == null || escape == null || escape.isEmpty()) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || c == '%' || escape.indexOf(c) >= 0) {
                out.append(escape);
            }
            out.append(c);
        }
        return out.toString();
    }
}
