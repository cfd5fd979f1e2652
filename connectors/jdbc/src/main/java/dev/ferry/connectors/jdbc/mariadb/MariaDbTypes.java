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
 * <p>Reading, by declared type alone (never by the values a table holds):
 * <ul>
 * <li>{@code tinyint(1)} (and {@code bool}, its alias) is BOOLEAN when the connection keeps the
 * convention ({@link MariaDbChoices#tinyint1IsBoolean}), and a value other than 0 or 1 then fails
 * its row; otherwise SMALLINT;</li>
 * <li>{@code bit(n)} is unsigned: BOOLEAN for n = 1, BIGINT up to 63 bits, DECIMAL(20,0) for 64;</li>
 * <li>unsigned integers take the next wider type ({@code bigint unsigned} DECIMAL(20,0));
 * {@code year} is SMALLINT, its zero year 0000 the number 0 (a value MariaDB keeps even in strict mode);</li>
 * <li>spatial types are BINARY holding EWKB ({@link MariaDbGeometry});</li>
 * <li>{@code set} and {@code enum} are TEXT as MariaDB spells them ({@code a,c d}).</li>
 * </ul>
 *
 * <p>Creating: timestamps with a zone become {@code datetime(6)} holding UTC, because MariaDB's
 * {@code timestamp} ends in 2038; text keys become {@code varchar(768)}, because an index holds
 * at most 3,072 bytes of utf8mb4; text and binary without a length become {@code longtext} and
 * {@code longblob}; decimals without a precision MariaDB has become {@code decimal(65,30)}, and a
 * value with more places fails its row ({@link MariaDbLimits#decimal}).
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

    static Column toColumn(SqlColumn column, boolean tinyint1IsBoolean) {
        String declared = column.typeName().toLowerCase(Locale.ROOT).trim();
        boolean unsigned = declared.contains("unsigned");
        String base = declared.replaceAll("[ (].*", "");
        ColumnType type;
        int precision = 0;
        int scale = 0;
        switch (base) {
            case "tinyint" -> type = declared.startsWith("tinyint(1)") && tinyint1IsBoolean ? ColumnType.BOOLEAN : ColumnType.SMALLINT;
            // what the driver calls a query's tinyint(1) column
            case "bool", "boolean" -> type = tinyint1IsBoolean ? ColumnType.BOOLEAN : ColumnType.SMALLINT;
            case "bit" -> {
                int bits = bits(declared, column.precision());
                type = bits == 1 ? ColumnType.BOOLEAN : bits < 64 ? ColumnType.BIGINT : ColumnType.DECIMAL;
                precision = type == ColumnType.DECIMAL ? 20 : 0;
            }
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
            // spatial types as EWKB; tinytext .. longtext, enum, set, inet4/6 and whatever comes: their text.
            default -> type = MariaDbGeometry.isSpatial(base) ? ColumnType.BINARY : ColumnType.TEXT;
        }
        return new Column(column.name(), type, column.nullable(), precision, scale);
    }

    /** The width of {@code bit(n)}; a query's column has no {@code (n)} in its type name, only its precision. */
    private static int bits(String declared, int precision) {
        int open = declared.indexOf('(');
        if (open > 0 && declared.indexOf(')') > open) {
            return Integer.parseInt(declared.substring(open + 1, declared.indexOf(')')).trim());
        }
        return precision > 0 ? precision : 1;
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
