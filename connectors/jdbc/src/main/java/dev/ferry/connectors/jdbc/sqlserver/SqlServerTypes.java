package dev.ferry.connectors.jdbc.sqlserver;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.connectors.jdbc.DecimalShape;
import dev.ferry.connectors.jdbc.SqlColumn;

import java.util.Locale;

/**
 * SQL Server's column types, both ways.
 *
 * <p>Reading: type names come from INFORMATION_SCHEMA (discovery) or from the driver's result set
 * metadata (query streams), which reports identity columns as {@code int identity} and the
 * {@code (max)} types as a length above 8000 (INFORMATION_SCHEMA says -1, read as 0).
 *
 * <p>Writing narrows types in four places: an unbounded DECIMAL becomes
 * {@code decimal(38,10)} (SQL Server has no unbounded decimal; a value with digits past the tenth
 * decimal or beyond 28 integer digits is refused, see {@link SqlServerLimits#decimal}), a DECIMAL
 * wider than 38 digits keeps its scale but only 38 digits in all, a key column of unbounded text becomes {@code nvarchar(450)} because
 * index keys are limited to 900 bytes (longer values fail to load instead of being cut), and JSON
 * has no type of its own, so it is stored as {@code nvarchar(max)} and reads back as TEXT.
 */
final class SqlServerTypes {
    /** The longest {@code char}/{@code varchar}/{@code binary} a column can declare without {@code (max)}. */
    private static final int MAX_BOUNDED_BYTES = 8000;
    /** The longest {@code nvarchar} a column can declare without {@code (max)}. */
    static final int MAX_BOUNDED_NCHARS = 4000;
    /** The longest nvarchar that fits a clustered index key (900 bytes). */
    static final int MAX_KEY_NCHARS = 450;
    /** The longest varbinary that fits a clustered index key. */
    private static final int MAX_KEY_BYTES = 900;
    static final int MAX_DECIMAL_PRECISION = 38;
    /** The scale given to decimals whose source declares none. */
    static final int UNBOUNDED_DECIMAL_SCALE = 10;

    private SqlServerTypes() {
    }

    static Column toColumn(SqlColumn column) {
        String type = baseName(column.typeName());
        int precision = column.precision();
        return switch (type) {
            case "bit" -> plain(column, ColumnType.BOOLEAN);
            // tinyint is 0..255, which a Short holds; there is no narrower engine type
            case "tinyint", "smallint" -> plain(column, ColumnType.SMALLINT);
            case "int" -> plain(column, ColumnType.INTEGER);
            case "bigint" -> plain(column, ColumnType.BIGINT);
            case "decimal", "numeric" -> precision > 0 && precision <= MAX_DECIMAL_PRECISION
                    ? sized(column, ColumnType.DECIMAL, precision, Math.min(column.scale(), precision))
                    : plain(column, ColumnType.DECIMAL);
            case "money" -> sized(column, ColumnType.DECIMAL, 19, 4);
            case "smallmoney" -> sized(column, ColumnType.DECIMAL, 10, 4);
            case "real" -> plain(column, ColumnType.FLOAT);
            case "float" -> plain(column, ColumnType.DOUBLE);
            case "date" -> plain(column, ColumnType.DATE);
            case "time" -> plain(column, ColumnType.TIME);
            case "datetime", "datetime2", "smalldatetime" -> plain(column, ColumnType.TIMESTAMP);
            case "datetimeoffset" -> plain(column, ColumnType.TIMESTAMP_TZ);
            case "char", "varchar", "nchar", "nvarchar" -> precision > 0 && precision <= MAX_BOUNDED_BYTES
                    ? sized(column, ColumnType.STRING, precision, 0)
                    : plain(column, ColumnType.TEXT);
            case "sysname" -> sized(column, ColumnType.STRING, 128, 0);
            case "binary", "varbinary" -> precision > 0 && precision <= MAX_BOUNDED_BYTES
                    ? sized(column, ColumnType.BINARY, precision, 0)
                    : plain(column, ColumnType.BINARY);
            // rowversion (reported under its old name timestamp) is binary(8), not a point in time
            case "image", "timestamp", "rowversion" -> plain(column, ColumnType.BINARY);
            case "uniqueidentifier" -> plain(column, ColumnType.UUID);
            // text, ntext, xml, sql_variant, hierarchyid, geography, ... as their text
            default -> plain(column, ColumnType.TEXT);
        };
    }

    /** {@code nvarchar}, lower case, without the {@code identity} the driver appends to identity columns. */
    private static String baseName(String typeName) {
        String type = typeName.strip().toLowerCase(Locale.ROOT);
        int space = type.indexOf(' ');
        int parenthesis = type.indexOf('(');
        int end = space < 0 ? parenthesis : parenthesis < 0 ? space : Math.min(space, parenthesis);
        return end < 0 ? type : type.substring(0, end);
    }

    private static Column plain(SqlColumn column, ColumnType type) {
        return new Column(column.name(), type, column.nullable(), 0, 0);
    }

    private static Column sized(SqlColumn column, ColumnType type, int precision, int scale) {
        return new Column(column.name(), type, column.nullable(), precision, scale);
    }

    /** The type to declare for {@code column} in CREATE TABLE. */
    static String sqlType(Column column) {
        return switch (column.type()) {
            case BOOLEAN -> "bit";
            case SMALLINT -> "smallint";
            case INTEGER -> "int";
            case BIGINT -> "bigint";
            case FLOAT -> "real";
            case DOUBLE -> "float";
            case DECIMAL -> decimal(column);
            case DATE -> "date";
            case TIME -> "time(7)";
            case TIMESTAMP -> "datetime2(7)";
            case TIMESTAMP_TZ -> "datetimeoffset(7)";
            // nvarchar, not varchar: the engine's strings are Unicode and must survive any collation
            case STRING -> column.precision() > 0 && column.precision() <= MAX_BOUNDED_NCHARS
                    ? "nvarchar(" + column.precision() + ")" : "nvarchar(max)";
            case TEXT, JSON -> "nvarchar(max)";
            case BINARY -> "varbinary(max)";
            case UUID -> "uniqueidentifier";
        };
    }

    /**
     * The type to declare for a primary key column: as {@link #sqlType}, except that the
     * {@code (max)} types cannot be index keys, so unbounded text and bytes get the longest length
     * a clustered key allows.
     */
    static String keySqlType(Column column) {
        String type = sqlType(column);
        return switch (type) {
            case "nvarchar(max)" -> "nvarchar(" + MAX_KEY_NCHARS + ")";
            case "varbinary(max)" -> "varbinary(" + MAX_KEY_BYTES + ")";
            default -> type;
        };
    }

    private static String decimal(Column column) {
        return decimalShape(column).toString();
    }

    /** The decimal a DECIMAL column is created as: at most 38 digits; an unbounded one as decimal(38,10). */
    static DecimalShape decimalShape(Column column) {
        if (column.precision() <= 0) {
            return new DecimalShape(MAX_DECIMAL_PRECISION, UNBOUNDED_DECIMAL_SCALE);
        }
        int precision = Math.min(column.precision(), MAX_DECIMAL_PRECISION);
        return new DecimalShape(precision, Math.min(column.scale(), precision));
    }
}
