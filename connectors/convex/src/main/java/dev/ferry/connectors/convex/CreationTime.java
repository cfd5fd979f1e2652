package dev.ferry.connectors.convex;

import dev.ferry.api.RejectedValueException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * {@code _creationTime}: a float64 of milliseconds since the Unix epoch, fractions included.
 *
 * <p>The rule: the float's exact binary value, rounded half-even to the microsecond. At present-day
 * times a float64 of milliseconds is only fine-grained to about a quarter of a microsecond, so
 * microseconds are all the digits it really carries; rounding to them (rather than to nanoseconds)
 * gives the same timestamp every time and one that PostgreSQL, MariaDB and SQLite destinations
 * hold exactly. NaN and the infinities are not times and are rejected.
 */
final class CreationTime {
    private static final BigDecimal MICROS_PER_MILLI = BigDecimal.valueOf(1000);

    private CreationTime() {
    }

    static OffsetDateTime fromMillis(double millis, String column) {
        if (Double.isNaN(millis) || Double.isInfinite(millis)) {
            throw new RejectedValueException(column, "a creation time must be a finite number of milliseconds, found " + millis);
        }
        long micros;
        try {
            micros = new BigDecimal(millis).multiply(MICROS_PER_MILLI).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        } catch (ArithmeticException e) {
            throw new RejectedValueException(column, "creation time " + millis + " ms is beyond the range of a timestamp");
        }
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
