package dev.ferry.cli.e2e;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every row of one table, read in primary-key order, with each value read as the Java type that
 * compares it faithfully: every number as {@link BigDecimal} (so {@code int4} 7 equals {@code int8}
 * 7 and {@code numeric} 0.99 equals 0.99 however it was declared), timestamps as
 * {@link LocalDateTime}, text exactly as stored. {@link #read} reads a PostgreSQL table;
 * {@link SqliteSnapshot} reads a SQLite one into the same form.
 *
 * @param table   the table's name
 * @param columns the columns in table order
 * @param key     the primary key's columns, in key order
 * @param rows    each row's values by column name, keyed by its key as text ({@code playlist_id=1, track_id=3402})
 */
record TableSnapshot(String table, List<ColumnShape> columns, List<String> key, Map<String, Map<String, Object>> rows) {

    static TableSnapshot read(Connection connection, String table) throws SQLException {
        List<String> key = primaryKey(connection, table);
        if (key.isEmpty()) {
            throw new AssertionError("Table " + table + " has no primary key, so its rows cannot be matched by key");
        }
        String order = key.stream().map(TableSnapshot::quote).collect(Collectors.joining(", "));
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT * FROM " + quote(table) + " ORDER BY " + order)) {
            ResultSetMetaData meta = result.getMetaData();
            List<ColumnShape> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(new ColumnShape(meta.getColumnName(i), meta.getColumnTypeName(i), meta.getPrecision(i),
                        meta.getScale(i)));
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns.size(); i++) {
                    row.put(columns.get(i - 1).name(), value(result, i, meta));
                }
                rows.add(row);
            }
            return of(table, columns, key, rows);
        }
    }

    /**
     * A snapshot of rows already read, each a map of column name to value, keyed by their key columns.
     *
     * @throws AssertionError when two rows have the same key
     */
    static TableSnapshot of(String table, List<ColumnShape> columns, List<String> key, List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            String rowKey = key.stream().map(column -> column + "=" + keyText(row.get(column)))
                    .collect(Collectors.joining(", "));
            if (byKey.put(rowKey, row) != null) {
                throw new AssertionError("Table " + table + " holds two rows with key " + rowKey);
            }
        }
        return new TableSnapshot(table, List.copyOf(columns), List.copyOf(key), byKey);
    }

    /** The primary key's columns in key order; empty when the table has none. */
    static List<String> primaryKey(Connection connection, String table) throws SQLException {
        Map<Integer, String> columns = new TreeMap<>();
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet keys = meta.getPrimaryKeys(null, "public", table)) {
            while (keys.next()) {
                columns.put(keys.getInt("KEY_SEQ"), keys.getString("COLUMN_NAME"));
            }
        }
        return List.copyOf(columns.values());
    }

    /** The names of the ordinary tables in the {@code public} schema. */
    static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet result = connection.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            while (result.next()) {
                tables.add(result.getString("TABLE_NAME"));
            }
        }
        return tables;
    }

    List<String> columnNames() {
        return columns.stream().map(ColumnShape::name).toList();
    }

    ColumnShape column(String name) {
        return columns.stream().filter(column -> column.name().equals(name)).findFirst().orElse(null);
    }

    private static Object value(ResultSet result, int index, ResultSetMetaData meta) throws SQLException {
        String typeName = meta.getColumnTypeName(index);
        return switch (meta.getColumnType(index)) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.DECIMAL,
                 Types.REAL, Types.FLOAT, Types.DOUBLE -> result.getBigDecimal(index);
            // pgjdbc reports timestamptz as TIMESTAMP too; it has an offset and no LocalDateTime reading
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> typeName.equalsIgnoreCase("timestamptz")
                    ? result.getObject(index, OffsetDateTime.class) : result.getObject(index, LocalDateTime.class);
            case Types.DATE -> result.getObject(index, LocalDate.class);
            case Types.TIME -> result.getObject(index, LocalTime.class);
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB -> result.getString(index);
            default -> result.getObject(index);
        };
    }

    /** A value for messages: text quoted so trailing spaces and empty strings show, numbers without trailing zeros. */
    static String render(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof String text) {
            return "'" + text + "'";
        }
        if (value instanceof BigDecimal number) {
            return number.toPlainString();
        }
        return value.toString();
    }

    /** Key values as text that is the same for equal numbers of any scale, so 5 and 5.0 find each other. */
    private static String keyText(Object value) {
        return value instanceof BigDecimal number ? number.stripTrailingZeros().toPlainString() : render(value);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
