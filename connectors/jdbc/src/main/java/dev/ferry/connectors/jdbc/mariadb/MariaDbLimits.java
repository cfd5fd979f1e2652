package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.Column;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.api.RejectedValueException;
import dev.ferry.connectors.jdbc.YearRange;
import dev.ferry.connectors.jdbc.DecimalShape;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The values MariaDB cannot hold, refused before they are sent, by LOAD DATA and by bound
 * statements alike: the server would otherwise store something else (a date before 1 AD bound
 * as a parameter arrives as the same date AD), or fail a whole batch without naming the row.
 * Each refusal names the column; the writer adds the table and the row's key.
 */
final class MariaDbLimits {

    private static final YearRange YEARS = new YearRange("MariaDB", 1, 9999, "its dates hold");

    private MariaDbLimits() {
    }

    /**
     * Years 1 to 9999. MariaDB has no era and no {@code infinity}; its year 0 exists but is not the
     * proleptic 1 BC that java.time's year 0 is (MariaDB gives it 365 days, ISO 366), so it is
     * refused too.
     */
    static LocalDate date(Column column, LocalDate date) {
        return YEARS.check(column.name(), date);
    }

    static LocalDateTime dateTime(Column column, LocalDateTime timestamp) {
        return YEARS.check(column.name(), timestamp);
    }

    /** The instant as the UTC date-time Ferry stores it in {@code datetime(6)}. */
    static LocalDateTime utcDateTime(Column column, OffsetDateTime timestamp) {
        return YEARS.check(column.name(), timestamp).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }

    static double finite(Column column, double value) {
        if (!Double.isFinite(value)) {
            throw new RejectedValueException(column.name(), "MariaDB cannot store " + value + " (it has no NaN or infinities)");
        }
        return value;
    }

    /**
     * A decimal that fits the column Ferry creates for {@code column} ({@link MariaDbTypes#decimalShape}):
     * MariaDB would round digits beyond the scale with only a note, and refuse too many integer
     * digits naming no row.
     */
    static BigDecimal decimal(Column column, Object value) {
        if (value instanceof NonFiniteDecimal special) {
            throw new RejectedValueException(column.name(), "MariaDB's decimal cannot store " + special
                    + " (it has no NaN or infinities)");
        }
        BigDecimal decimal = (BigDecimal) value;
        DecimalShape shape = MariaDbTypes.decimalShape(column);
        if (!shape.holds(decimal)) {
            throw new RejectedValueException(column.name(), "MariaDB's " + shape + " cannot store "
                    + RejectedValueException.shorten(decimal.toPlainString()) + " without rounding or overflow");
        }
        return decimal;
    }

    /**
     * MariaDB (10.11 and later) stores UUIDs of RFC 4122 versions 1 to 5 with their time fields
     * first and tells the two layouts apart by the version and variant bits; it refuses a UUID whose
     * bytes, stored unchanged, would look like the other layout: the high bit of byte 6 set and
     * byte 8 between 0x01 and 0x80. PostgreSQL takes any 128 bits, so such values do occur.
     */
    static UUID uuid(Column column, UUID uuid) {
        int byte6 = (byte) (uuid.getMostSignificantBits() >>> 8);
        int byte8 = (byte) (uuid.getLeastSignificantBits() >>> 56);
        if ((byte6 & -byte8 & 0x80) != 0) {
            throw new RejectedValueException(column.name(), "MariaDB's uuid type refuses " + uuid
                    + " (an RFC 4122 variant with a version it does not know)");
        }
        return uuid;
    }
}
