package dev.ferry.connectors.jdbc.sqlite;

import dev.ferry.api.Column;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.api.RejectedValueException;
import dev.ferry.connectors.jdbc.YearRange;

import java.math.BigDecimal;

/**
 * The values SQLite cannot hold as Ferry stores them, refused before they are bound so that no
 * other value is stored in their place. Each refusal names the column; the writer adds the table
 * and the row's key.
 */
final class SqliteLimits {
    /** Every decimal of at most this many significant digits survives SQLite's double and its 15-digit printing. */
    private static final int DOUBLE_DIGITS = 15;
    /** Exponents of the leading digit that stay clear of the double's subnormal and overflow ranges. */
    private static final int MIN_EXPONENT = -307;
    private static final int MAX_EXPONENT = 307;

    private static final YearRange YEARS = new YearRange("SQLite", 0, 9999,
            "its date functions and text order hold");

    private SqliteLimits() {
    }

    /**
     * The ISO text of a date or time, for dates in years 0000 to 9999: the years SQLite's date
     * functions promise to read and whose text sorts in time order (java.time's year 0 is 1 BC, as
     * in SQLite's proleptic calendar). Instants are stored in UTC, so the year checked is UTC's.
     */
    static String temporal(Column column, Object value) {
        return SqliteTemporal.format(YEARS.check(column.name(), value));
    }

    static double notNaN(Column column, double value) {
        if (Double.isNaN(value)) {
            throw new RejectedValueException(column.name(), "SQLite cannot store NaN (it would become NULL)");
        }
        return value;
    }

    static BigDecimal finiteDecimal(Column column, Object value) {
        if (value instanceof NonFiniteDecimal special) {
            throw new RejectedValueException(column.name(), "SQLite cannot store the decimal " + special
                    + " (it has no decimal NaN or infinities)");
        }
        return (BigDecimal) value;
    }

    /**
     * The SQLite number that gives {@code value} back exactly, or a refusal. A column of NUMERIC
     * affinity keeps a number as a 64-bit integer or as a double, which reads back as its text with
     * 15 significant digits. "Exactly" means: the number read back, given the column's declared
     * scale, compares equal ({@link BigDecimal#compareTo}) to {@code value}. That holds for whole
     * numbers that fit 64 bits (bound as integers) and for numbers of at most 15 significant digits
     * in the double's normal range (bound as the nearest double, which prints back as those
     * digits); every other decimal is refused, naming the connection choice
     * {@code decimals: text} that keeps it.
     */
    static Number exactNumber(Column column, BigDecimal value) {
        Number exact = exactNumberOrNull(value);
        if (exact == null) {
            throw notExact(column, value);
        }
        return exact;
    }

    /** As {@link #exactNumber}, but null where that refuses. */
    static Number exactNumberOrNull(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 19) {
            try {
                return stripped.longValueExact();
            } catch (ArithmeticException tooLarge) {
                // beyond 64 bits: a double, if its digits allow
            }
        }
        int exponent = stripped.precision() - stripped.scale() - 1;
        if (stripped.precision() <= DOUBLE_DIGITS && exponent >= MIN_EXPONENT && exponent <= MAX_EXPONENT) {
            return value.doubleValue();
        }
        return null;
    }

    static RejectedValueException notExact(Column column, BigDecimal value) {
        return new RejectedValueException(column.name(), "SQLite's numbers cannot hold "
                + RejectedValueException.shorten(value.toPlainString()) + " exactly (64-bit integers, or 15 significant"
                + " digits); set decimals: text on the connection to keep decimals as exact text");
    }
}
