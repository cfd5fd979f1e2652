package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.connectors.jdbc.DecimalShape;
import dev.ferry.connectors.jdbc.SqlColumn;

import java.util.Locale;

/**
 * MariaDB and MySQL column types, both ways. A column is read by its full declared type
 * ({@code information_schema.columns.column_type}), because the meaning hides in details:
 * {@code tinyint(1)} is the boolean convention, {@code unsigned} widens a type.
 *
 * <p>Creating: timestamps with a zone become {@code datetime(6)} holding UTC, because MariaDB's
 * {@code timestamp} ends in 2038; text keys become {@code varchar(768)}, because an index holds
 * at most 3,072 bytes of utf8mb4.
 */
final class MariaDbTypes {
    /** MariaDB's largest decimal precision and scale. */
    static final int MAX_PRECISION = 65;
    static final int MAX_SCALE = 30;
    /** The longest varchar an index can cover in utf8mb4 (3,072 bytes / 4). */
    static final int MAX_KEY_VARCHAR = 768;
    /** Above this, a varchar column would crowd the 65,535-byte row limit; text is used instead. */
    static final int MAX_VARCHAR = 4_000;

    private MariaDbTypes() {
    }

    static Column toColumn(SqlColumn column) {
        String declared = column.typeName().toLowerCase(Locale.ROOT).trim();
        boolean unsigned = declared.contains("unsigned");
        String base = declared.replaceAll("[ (].*", "");
        ColumnType type;
        int precision = 0;
        int scale = 0;
        switch (base) {
            case "tinyint" -> type = declared.startsWith("tinyint(1)") ? ColumnType.BOOLEAN : ColumnType.SMALLINT;
            case "bool", "boolean" -> type = ColumnType.BOOLEAN;
            case "bit" -> type = declared.equals("bit(1)") ? ColumnType.BOOLEAN : ColumnType.BIGINT;
            case "smallint" -> type = unsigned ? ColumnType.INTEGER : ColumnType.SMALLINT;
            case "year" -> type = ColumnType.SMALLINT;
            case "mediumint" -> type = ColumnType.INTEGER;
            case "int", "integer" -> type = unsigned ? ColumnType.BIGINT : ColumnType.INTEGER;
            case "bigint" -> {
                if (unsigned) {
                    type = ColumnType.DECIMAL;
                    precision = 20;
                } else {
                    type = ColumnType.BIGINT;
                }
            }
            case "decimal", "numeric", "dec", "fixed" -> {
                type = ColumnType.DECIMAL;
                precision = column.precision();
                scale = column.scale();
            }
            case "float" -> type = ColumnType.FLOAT;
            case "double", "real" -> type = ColumnType.DOUBLE;
            case "date" -> type = ColumnType.DATE;
            case "time" -> type = ColumnType.TIME;
            case "datetime" -> type = ColumnType.TIMESTAMP;
            // Stored as UTC, shown in the session's zone (Ferry's sessions use UTC): an instant.
            case "timestamp" -> type = ColumnType.TIMESTAMP_TZ;
            case "char", "varchar" -> {
                type = ColumnType.STRING;
                precision = column.precision();
            }
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> type = ColumnType.BINARY;
            case "json" -> type = ColumnType.JSON;
            case "uuid" -> type = ColumnType.UUID;
            // tinytext .. longtext, enum, set, inet4/6, geometry and whatever comes: their text.
            default -> type = ColumnType.TEXT;
        }
        return new Column(column.name(), type, column.nullable(), precision, scale);
    }

    /** The decimal a DECIMAL column is created as: its own precision and scale, else MariaDB's widest. */
    static DecimalShape decimalShape(Column column) {
        return column.precision() > 0 && column.precision() <= MAX_PRECISION && column.scale() <= MAX_SCALE
                ? new DecimalShape(column.precision(), column.scale()) : new DecimalShape(MAX_PRECISION, MAX_SCALE);
    }

    static String sqlType(Column column, boolean key) {
        return switch (column.type()) {
            case BOOLEAN -> "boolean";
            case SMALLINT -> "smallint";
            case INTEGER -> "int";
            case BIGINT -> "bigint";
            case DECIMAL -> decimalShape(column).toString();
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case DATE -> "date";
            case TIME -> "time(6)";
            case TIMESTAMP, TIMESTAMP_TZ -> "datetime(6)";
            case STRING -> column.precision() > 0 && column.precision() <= (key ? MAX_KEY_VARCHAR : MAX_VARCHAR)
                    ? "varchar(" + column.precision() + ")"
                    : key ? "varchar(" + MAX_KEY_VARCHAR + ")" : "longtext";
            case TEXT -> key ? "varchar(" + MAX_KEY_VARCHAR + ")" : "longtext";
            case JSON -> "json";
            case BINARY -> key ? "varbinary(3072)" : "longblob";
            case UUID -> "uuid";
        };
    }
}
