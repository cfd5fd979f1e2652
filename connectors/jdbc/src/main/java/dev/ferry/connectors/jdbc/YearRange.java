package dev.ferry.connectors.jdbc;

import dev.ferry.api.RejectedValueException;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The years a destination's dates and times can hold, checked before a value is sent so that a
 * value out of range fails its row instead of being stored as something else. PostgreSQL's
 * infinities (java.time's MAX and MIN, see {@link dev.ferry.api.ColumnType}) are outside every
 * range. Instants are checked in UTC too, as destinations without zones store them.
 *
 * @param engine    the destination's name, for messages
 * @param firstYear the first year held (proleptic ISO: 0 is 1 BC)
 * @param lastYear  the last year held
 * @param why       what the range comes from, for messages
 */
public record YearRange(String engine, int firstYear, int lastYear, String why) {

    /**
     * {@code value} (a LocalDate, LocalTime, LocalDateTime or OffsetDateTime) when the destination
     * holds it; otherwise a {@link RejectedValueException} naming {@code column}.
     */
    public <T> T check(String column, T value) {
        switch (value) {
            case LocalDate date -> {
                if (date.equals(LocalDate.MAX) || date.equals(LocalDate.MIN)) {
                    throw infinity(column, date.equals(LocalDate.MAX));
                }
                requireYear(column, date.getYear(), date);
            }
            case LocalDateTime timestamp -> {
                if (timestamp.equals(LocalDateTime.MAX) || timestamp.equals(LocalDateTime.MIN)) {
                    throw infinity(column, timestamp.equals(LocalDateTime.MAX));
                }
                requireYear(column, timestamp.getYear(), timestamp);
            }
            case OffsetDateTime timestamp -> {
                if (timestamp.equals(OffsetDateTime.MAX) || timestamp.equals(OffsetDateTime.MIN)) {
                    throw infinity(column, timestamp.equals(OffsetDateTime.MAX));
                }
                // checked before moving to UTC, which could leave java.time's range near its ends
                requireYear(column, timestamp.getYear(), timestamp);
                requireYear(column, timestamp.withOffsetSameInstant(ZoneOffset.UTC).getYear(), timestamp);
            }
            case LocalTime time -> {
                // every time of day fits
            }
            default -> throw new IllegalArgumentException("not a date or time: " + value.getClass().getName());
        }
        return value;
    }

    private void requireYear(String column, int year, Object value) {
        if (year < firstYear || year > lastYear) {
            throw new RejectedValueException(column, engine + " cannot store " + RejectedValueException.shorten(value)
                    + " (" + why + "; years " + String.format("%04d", firstYear) + " to " + lastYear + " only"
                    + (year < 1 ? "; this one is before 1 AD)" : ")"));
        }
    }

    private RejectedValueException infinity(String column, boolean positive) {
        return new RejectedValueException(column, engine + " has no " + (positive ? "infinity" : "-infinity")
                + " date or time");
    }
}
