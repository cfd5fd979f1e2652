package dev.ferry.connectors.jdbc.sqlserver;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.connectors.jdbc.DecimalShape;

import java.sql.Types;
import java.util.Locale;

/**
 * How one column travels in a bulk copy: the JDBC type the driver declares for it to the server,
 * its declared length, and its values as sent.
 *
 * <p>Numbers, booleans and bytes travel in their native form. Decimals, dates, times and UUIDs
 * travel as text that the server converts to the destination column's own type: the driver's
 * native decimal needs one precision and scale for every value (which an unbounded decimal does
 * not have), and its native temporal encoding goes through the JVM's default time zone, which
 * shifts local times that fall into a daylight-saving gap.
 *
 * @param name           the column's name (the driver's mappings are by position; the name is for errors)
 * @param type           the engine type of the values
 * @param jdbcType       the {@link Types} constant declared to the driver
 * @param precision      the declared length; 0 lets the driver take the destination column's
 * @param fractionDigits the fraction digits temporal text keeps (3 for a {@code datetime} destination)
 * @param decimal        the decimal column Ferry creates for a DECIMAL, whose values must fit it; else null
 */
record BulkColumn(String name, ColumnType type, int jdbcType, int precision, int fractionDigits, DecimalShape decimal) {
    /** Room for the longest temporal text, {@code 2024-01-31T13:45:00.1234567+02:00}. */
    static final int TEMPORAL_TEXT_LENGTH = 40;
    /** Room for any decimal SQL Server can store, written out in full. */
    static final int DECIMAL_TEXT_LENGTH = 4000;
    static final int UUID_TEXT_LENGTH = 36;
    /** A bounded varbinary; longer destinations make the driver stream the value. */
    static final int BINARY_LENGTH = 8000;

    /** The bulk form of {@code column} when the destination column's type is {@code destinationType}. */
    static BulkColumn of(Column column, String destinationType) {
        return switch (column.type()) {
            case BOOLEAN -> new BulkColumn(column.name(), column.type(), Types.BIT, 0, 0, null);
            case SMALLINT -> new BulkColumn(column.name(), column.type(), Types.SMALLINT, 0, 0, null);
            case INTEGER -> new BulkColumn(column.name(), column.type(), Types.INTEGER, 0, 0, null);
            case BIGINT -> new BulkColumn(column.name(), column.type(), Types.BIGINT, 0, 0, null);
            case FLOAT -> new BulkColumn(column.name(), column.type(), Types.REAL, 0, 0, null);
            case DOUBLE -> new BulkColumn(column.name(), column.type(), Types.DOUBLE, 0, 0, null);
            case DECIMAL -> new BulkColumn(column.name(), column.type(), Types.NVARCHAR, DECIMAL_TEXT_LENGTH, 0,
                    SqlServerTypes.decimalShape(column));
            case DATE, TIME, TIMESTAMP, TIMESTAMP_TZ -> new BulkColumn(column.name(), column.type(), Types.NVARCHAR,
                    TEMPORAL_TEXT_LENGTH, fractionDigits(destinationType), null);
            case STRING, TEXT, JSON -> new BulkColumn(column.name(), column.type(), Types.NVARCHAR, 0, 0, null);
            case UUID -> new BulkColumn(column.name(), column.type(), Types.NVARCHAR, UUID_TEXT_LENGTH, 0, null);
            case BINARY -> new BulkColumn(column.name(), column.type(), Types.VARBINARY,
                    column.precision() > 0 ? column.precision() : BINARY_LENGTH, 0, null);
        };
    }

    /** {@code datetime} takes at most 3 fraction digits as text, {@code smalldatetime} none. */
    private static int fractionDigits(String destinationType) {
        String type = destinationType == null ? "" : destinationType.strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "datetime" -> 3;
            case "smalldatetime" -> 0;
            default -> SqlServerTemporal.MAX_FRACTION_DIGITS;
        };
    }

    /**
     * {@code value} (null or of this column's engine type) as the driver sends it; what SQL Server
     * cannot hold is refused ({@link SqlServerLimits}).
     */
    Object encode(Object value) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case DECIMAL -> SqlServerLimits.decimal(name, decimal, value).toPlainString();
            case DATE, TIME, TIMESTAMP, TIMESTAMP_TZ -> SqlServerTemporal.format(SqlServerLimits.temporal(name, value),
                    fractionDigits);
            case UUID -> value.toString();
            case FLOAT, DOUBLE -> SqlServerLimits.finite(name, value);
            case STRING, TEXT, JSON -> {
                SqlServerLimits.requireStorable(name, value);
                yield value;
            }
            default -> value;
        };
    }
}
