package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.Column;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.RejectedValueException;
import dev.ferry.connectors.jdbc.ColumnReader;
import dev.ferry.connectors.jdbc.ColumnReaders;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Function;

/**
 * How MariaDB columns are read where the driver's standard getters would change a value:
 * <ul>
 * <li>BOOLEAN ({@code TINYINT(1)}, {@code BIT(1)}) as its number, 0 or 1; any other number fails
 * its row, where {@code getBoolean} would call 2, -1 and 127 true;</li>
 * <li>dates and date-times from their text (see {@link MariaDbReadQuery}), zero dates as the
 * connection chose ({@link ZeroDates}); times from their text, those outside a day refused;</li>
 * <li>{@code BIT(64)} (DECIMAL) as its unsigned bits, where {@code getBigDecimal} would make all
 * ones -1; {@code BIT(2..63)} fits a signed BIGINT, which the standard getter reads;</li>
 * <li>spatial columns (BINARY) as EWKB ({@link MariaDbGeometry}).</li>
 * </ul>
 * The last two share a neutral type with ordinary columns, so their reader looks once, at the
 * first row, at the type the result declares for the column (never at the data) and keeps the
 * reader it chose.
 */
final class MariaDbReaders {

    private MariaDbReaders() {
    }

    static ColumnReader of(Column column, ZeroDates zeroDates) {
        String name = column.name();
        return switch (column.type()) {
            case BOOLEAN -> (row, i) -> bool(row.getLong(i), row.wasNull(), name);
            case DATE -> (row, i) -> {
                String text = row.getString(i);
                return text != null && ZeroDates.isZero(text) ? zeroDates.replace(column, text) : MariaDbTemporal.parseDate(text, name);
            };
            case TIME -> (row, i) -> MariaDbTemporal.parseTime(row.getString(i), name);
            case TIMESTAMP -> (row, i) -> dateTime(row.getString(i), column, zeroDates);
            case TIMESTAMP_TZ -> (row, i) -> {
                LocalDateTime utc = dateTime(row.getString(i), column, zeroDates);
                return utc == null ? null : utc.atOffset(ZoneOffset.UTC);
            };
            case UUID -> (row, i) -> {
                String text = row.getString(i);
                return text == null ? null : UUID.fromString(text);
            };
            case DECIMAL -> new ByDeclaredType(type -> type.equalsIgnoreCase("bit")
                    ? (row, i) -> unsigned(row.getBytes(i)) : ColumnReaders.decimal(column.scale()));
            case BINARY -> new ByDeclaredType(type -> MariaDbGeometry.isSpatial(type)
                    ? (row, i) -> MariaDbGeometry.toEwkb(row.getBytes(i), name) : ColumnReaders.standard(column));
            default -> ColumnReaders.standard(column);
        };
    }

    private static Boolean bool(long value, boolean wasNull, String column) {
        if (wasNull) {
            return null;
        }
        if (value == 0 || value == 1) {
            return value == 1;
        }
        throw new RejectedValueException(column, "TINYINT(1) value " + value + " is not a boolean (0 or 1); set "
                + ConnectionSpec.TINYINT1 + ": integer on the source connection to read TINYINT(1) as a number");
    }

    private static LocalDateTime dateTime(String text, Column column, ZeroDates zeroDates) {
        if (text != null && ZeroDates.isZero(text)) {
            LocalDate standIn = zeroDates.replace(column, text);
            return standIn == null ? null : standIn.atStartOfDay();
        }
        return MariaDbTemporal.parseDateTime(text, column.name());
    }

    /** A BIT value's bytes (most significant first) as the unsigned number they spell. */
    private static BigDecimal unsigned(byte[] bits) {
        return bits == null ? null : new BigDecimal(new BigInteger(1, bits));
    }

    /** A reader chosen by the result's declared type name for the column, on the first row. */
    private static final class ByDeclaredType implements ColumnReader {
        private final Function<String, ColumnReader> choice;
        private ColumnReader chosen;

        ByDeclaredType(Function<String, ColumnReader> choice) {
            this.choice = choice;
        }

        @Override
        public Object read(ResultSet row, int index) throws SQLException {
            if (chosen == null) {
                chosen = choice.apply(row.getMetaData().getColumnTypeName(index));
            }
            return chosen.read(row, index);
        }
    }
}
