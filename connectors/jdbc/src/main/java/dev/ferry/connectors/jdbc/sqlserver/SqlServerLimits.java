package dev.ferry.connectors.jdbc.sqlserver;

import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.api.RejectedValueException;
import dev.ferry.connectors.jdbc.DecimalShape;
import dev.ferry.connectors.jdbc.YearRange;

import java.math.BigDecimal;

/**
 * The values SQL Server cannot hold, refused before they are sent, by bulk copy and by bound
 * statements alike: {@code date}, {@code datetime2} and {@code datetimeoffset} run from year 1 to
 * 9999 (a {@code datetimeoffset} in UTC too) and have no infinities; {@code decimal}, {@code real}
 * and {@code float} have no NaN or infinities. Each refusal names the column (by its name, which
 * is all a bulk column carries); the writer adds the table and the row's key.
 *
 * <p>Value sizes: unlike MariaDB, SQL Server has no packet limit on values (bulk copy and
 * parameters stream them in TDS packets of any number). What bounds them is the {@code (max)}
 * types: {@code nvarchar(max)} holds 2^30 - 1 characters; {@code varbinary(max)} holds 2^31 - 1
 * bytes, more than a Java array can, so binary values need no check. Bounded columns
 * ({@code nvarchar(450)} keys) are the server's to refuse, which it does with an error, never by
 * truncating.
 */
final class SqlServerLimits {
    static final long MAX_NVARCHAR_MAX_CHARS = (1L << 30) - 1;

    private static final YearRange YEARS = new YearRange("SQL Server", 1, 9999, "its date and datetime2 hold");

    private SqlServerLimits() {
    }

    /** {@code value} (a LocalDate, LocalTime, LocalDateTime or OffsetDateTime) when SQL Server holds it. */
    static Object temporal(String column, Object value) {
        return YEARS.check(column, value);
    }

    /** SQL Server's {@code real} and {@code float} have no NaN or infinities. */
    static Object finite(String column, Object value) {
        if (!Double.isFinite(((Number) value).doubleValue())) {
            throw new RejectedValueException(column, "SQL Server cannot store " + value + " (it has no NaN or infinities)");
        }
        return value;
    }

    /**
     * A decimal that fits {@code shape}, the column Ferry creates ({@link SqlServerTypes#decimalShape}):
     * SQL Server would round digits beyond the scale without a word, and refuse too many integer
     * digits naming no row.
     */
    static BigDecimal decimal(String column, DecimalShape shape, Object value) {
        if (value instanceof NonFiniteDecimal special) {
            throw new RejectedValueException(column, "SQL Server's decimal cannot store " + special
                    + " (it has no NaN or infinities)");
        }
        BigDecimal decimal = (BigDecimal) value;
        if (!shape.holds(decimal)) {
            throw new RejectedValueException(column, "SQL Server's " + shape + " cannot store "
                    + RejectedValueException.shorten(decimal.toPlainString()) + " without rounding or overflow");
        }
        return decimal;
    }

    /** Refuses a text of {@code column} longer than {@code nvarchar(max)} holds. */
    static void requireStorable(String column, Object value) {
        if (value instanceof String text) {
            requireStorableText(column, text.length());
        }
    }

    static void requireStorableText(String column, long characters) {
        if (characters > MAX_NVARCHAR_MAX_CHARS) {
            throw new RejectedValueException(column, "the text has " + characters
                    + " characters; SQL Server's nvarchar(max) holds at most " + MAX_NVARCHAR_MAX_CHARS);
        }
    }
}
