package dev.ferry.connectors.jdbc.postgres;

import dev.ferry.api.Column;
import dev.ferry.api.RejectedValueException;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The dates and timestamps PostgreSQL holds: from 4714-11-24 BC (Julian day 0) to 5874897-12-31
 * for dates and to 294276-12-31 for timestamps, plus {@code infinity} and {@code -infinity}, which
 * Ferry carries as the java.time {@code MAX} and {@code MIN}; and text without NUL characters. A value outside is refused here,
 * naming the column, instead of failing the whole COPY with a message that names none.
 */
final class PostgresLimits {
    /** 4714-11-24 BC, in the proleptic ISO years java.time counts (1 BC is year 0). */
    private static final LocalDate FIRST_DATE = LocalDate.of(-4713, 11, 24);
    private static final LocalDate LAST_DATE = LocalDate.of(5_874_897, 12, 31);
    private static final LocalDateTime FIRST_TIMESTAMP = FIRST_DATE.atStartOfDay();
    private static final LocalDateTime END_OF_TIMESTAMPS = LocalDateTime.of(294_277, 1, 1, 0, 0);

    private PostgresLimits() {
    }

    static boolean isInfinite(LocalDate date) {
        return date.equals(LocalDate.MAX) || date.equals(LocalDate.MIN);
    }

    static boolean isInfinite(LocalDateTime timestamp) {
        return timestamp.equals(LocalDateTime.MAX) || timestamp.equals(LocalDateTime.MIN);
    }

    static boolean isInfinite(OffsetDateTime timestamp) {
        return timestamp.equals(OffsetDateTime.MAX) || timestamp.equals(OffsetDateTime.MIN);
    }

    /** {@code date}, when PostgreSQL's {@code date} holds it (infinities included). */
    static LocalDate date(Column column, LocalDate date) {
        if (!isInfinite(date) && (date.isBefore(FIRST_DATE) || date.isAfter(LAST_DATE))) {
            throw outOfRange(column, date, "dates from 4714-11-24 BC to 5874897-12-31");
        }
        return date;
    }

    /** {@code timestamp}, when PostgreSQL's {@code timestamp} holds it (infinities included). */
    static LocalDateTime timestamp(Column column, LocalDateTime timestamp) {
        if (!isInfinite(timestamp) && (timestamp.isBefore(FIRST_TIMESTAMP) || !timestamp.isBefore(END_OF_TIMESTAMPS))) {
            throw outOfRange(column, timestamp, "timestamps from 4714-11-24 BC to 294276-12-31");
        }
        return timestamp;
    }

    /** {@code timestamp}, when PostgreSQL's {@code timestamptz} holds its instant (infinities included). */
    static OffsetDateTime timestampTz(Column column, OffsetDateTime timestamp) {
        // by epoch seconds, which cannot overflow as moving a date-time near the limits to UTC can
        long seconds = timestamp.toEpochSecond();
        if (!isInfinite(timestamp) && (seconds < FIRST_TIMESTAMP.toEpochSecond(ZoneOffset.UTC)
                || seconds >= END_OF_TIMESTAMPS.toEpochSecond(ZoneOffset.UTC))) {
            throw outOfRange(column, timestamp, "instants from 4714-11-24 BC to 294276-12-31 UTC");
        }
        return timestamp;
    }

    /**
     * {@code text}, when it has no NUL character, which no PostgreSQL text type holds. Refused here,
     * naming the column, because the server's own refusal names only a line of the COPY.
     */
    static String text(Column column, String text) {
        int nul = text.indexOf('\u0000');
        if (nul >= 0) {
            throw new RejectedValueException(column.name(), "PostgreSQL text cannot hold the NUL character (0x00), found at"
                    + " character " + (nul + 1) + " of " + RejectedValueException.shorten(text.replace('\u0000', '\ufffd')));
        }
        return text;
    }

    private static RejectedValueException outOfRange(Column column, Object value, String range) {
        return new RejectedValueException(column.name(), "PostgreSQL cannot store " + RejectedValueException.shorten(value)
                + " (it holds " + range + ")");
    }
}
