package dev.ferry.cli.e2e;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every row of one SQLite table as a {@link TableSnapshot}, read without Ferry.
 *
 * <p>SQLite keeps any value in any column, so each value is read by the storage class it really
 * has ({@code typeof}), not by what the driver guesses from the declared type: integers and reals
 * as {@link BigDecimal}, blobs as {@link Blob}, text as it is. Only in a column declared as a date,
 * time or timestamp is text read as {@link LocalDate}, {@link LocalTime} or {@link LocalDateTime}
 * ({@code 2021-01-01 00:00:00}, {@code T} accepted for the space); text there that is no such value
 * stays text, so it differs from any real timestamp.
 *
 * <p>A column's {@link ColumnShape} holds its declared type as written ({@code NVARCHAR(160)}) with
 * the length or precision and scale in parentheses; {@link #holdsEverythingOf} judges it.
 */
final class SqliteSnapshot {

    /** What a declared type makes of a column: SQLite's affinity, refined where readers tell more apart. */
    private enum Family { BOOLEAN, DATE, TIME, TIMESTAMP, INTEGER, TEXT, BLOB, REAL, DECIMAL, NUMERIC }

    /** A blob's bytes, compared by content. */
    record Blob(String hex) {
        @Override
        public String toString() {
            return "X'" + hex + "'";
        }
    }

    private SqliteSnapshot() {
    }

    static TableSnapshot read(Connection connection, String table) throws SQLException {
        List<ColumnShape> columns = new ArrayList<>();
        Map<Integer, String> key = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    columns.add(shape(result.getString(1), result.getString(2)));
                    if (result.getInt(3) > 0) {
                        key.put(result.getInt(3), result.getString(1));
                    }
                }
            }
        }
        if (key.isEmpty()) {
            throw new AssertionError("Table " + table + " has no primary key, so its rows cannot be matched by key");
        }
        String select = columns.stream().map(column -> "typeof(" + quote(column.name()) + "), " + quote(column.name()))
                .collect(Collectors.joining(", "));
        String order = key.values().stream().map(SqliteSnapshot::quote).collect(Collectors.joining(", "));
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT " + select + " FROM " + quote(table) + " ORDER BY " + order)) {
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    row.put(columns.get(i).name(), value(result, 2 * i + 1, family(columns.get(i))));
                }
                rows.add(row);
            }
        }
        return TableSnapshot.of(table, columns, List.copyOf(key.values()), rows);
    }

    /**
     * Whether {@code copy}'s declared type reads every value of {@code original}'s as the same kind
     * of value: the same family, text at least as long, decimals with the same scale and at least
     * the precision. Undeclared lengths and precisions count as unbounded.
     */
    static boolean holdsEverythingOf(ColumnShape copy, ColumnShape original) {
        Family family = family(original);
        if (family(copy) != family) {
            return false;
        }
        return switch (family) {
            case TEXT -> copy.precision() == 0 || original.precision() != 0 && copy.precision() >= original.precision();
            case DECIMAL -> copy.precision() == 0 || copy.scale() == original.scale()
                    && original.precision() != 0 && copy.precision() >= original.precision();
            default -> true;
        };
    }

    private static Object value(ResultSet result, int typeIndex, Family family) throws SQLException {
        int index = typeIndex + 1;
        return switch (result.getString(typeIndex)) {
            case "null" -> null;
            case "integer" -> BigDecimal.valueOf(result.getLong(index));
            // The shortest decimal that reads back as the same double: 0.99, not 0.98999999999999999112.
            case "real" -> BigDecimal.valueOf(result.getDouble(index));
            case "blob" -> new Blob(HexFormat.of().formatHex(result.getBytes(index)));
            default -> temporal(result.getString(index), family);
        };
    }

    private static Object temporal(String text, Family family) {
        try {
            return switch (family) {
                case DATE -> LocalDate.parse(text);
                case TIME -> LocalTime.parse(text);
                case TIMESTAMP -> LocalDateTime.parse(text.length() > 10 && text.charAt(10) == ' '
                        ? text.substring(0, 10) + 'T' + text.substring(11) : text);
                default -> text;
            };
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    /** SQLite's affinity rules, in their order, after the date and time names readers recognise. */
    private static Family family(ColumnShape column) {
        String type = baseType(column.typeName());
        if (type.contains("BOOL")) {
            return Family.BOOLEAN;
        }
        if (type.equals("DATE")) {
            return Family.DATE;
        }
        if (type.equals("TIME")) {
            return Family.TIME;
        }
        if (type.equals("DATETIME") || type.startsWith("TIMESTAMP")) {
            return Family.TIMESTAMP;
        }
        if (type.contains("INT")) {
            return Family.INTEGER;
        }
        if (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT")) {
            return Family.TEXT;
        }
        if (type.isEmpty() || type.contains("BLOB")) {
            return Family.BLOB;
        }
        if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")) {
            return Family.REAL;
        }
        if (type.equals("NUMERIC") || type.equals("DECIMAL")) {
            return Family.DECIMAL;
        }
        return Family.NUMERIC;
    }

    /** {@code NVARCHAR(160)}: length 160; {@code NUMERIC(10,2)}: precision 10, scale 2; otherwise 0. */
    private static ColumnShape shape(String name, String declared) {
        String type = declared == null ? "" : declared.strip();
        int open = type.indexOf('(');
        int close = type.indexOf(')', Math.max(open, 0));
        if (open < 0 || close < 0) {
            return new ColumnShape(name, type, 0, 0);
        }
        String[] arguments = type.substring(open + 1, close).split(",");
        return new ColumnShape(name, type, number(arguments, 0), number(arguments, 1));
    }

    private static int number(String[] arguments, int index) {
        try {
            return index < arguments.length ? Integer.parseInt(arguments[index].strip()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String baseType(String declared) {
        int open = declared.indexOf('(');
        return (open < 0 ? declared : declared.substring(0, open)).strip().toUpperCase(Locale.ROOT);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
