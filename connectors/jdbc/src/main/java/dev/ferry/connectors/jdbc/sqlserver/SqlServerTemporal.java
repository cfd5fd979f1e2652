package dev.ferry.connectors.jdbc.sqlserver;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Dates and times as the text SQL Server converts to its temporal types the same way whatever the
 * session's language and DATEFORMAT: {@code yyyymmdd} for dates and ISO 8601 with a {@code T} for
 * timestamps ({@code yyyy-mm-dd} alone reads as year-day-month for {@code datetime} under a
 * day-first language such as Spanish).
 *
 * <p>Fractions keep at most {@code fractionDigits} digits (7, the finest SQL Server stores; 3 for a
 * {@code datetime} column, which refuses longer text), cut rather than rounded so no value moves
 * to the next second or day, and without trailing zeros.
 */
final class SqlServerTemporal {
    /** The finest fraction SQL Server stores: 100 nanoseconds. */
    static final int MAX_FRACTION_DIGITS = 7;
    private static final int[] NANOS_PER_UNIT = {1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100};

    private SqlServerTemporal() {
    }

    /** The text of a LocalDate, LocalTime, LocalDateTime or OffsetDateTime. */
    static String format(Object value, int fractionDigits) {
        return switch (value) {
            case LocalDate date -> date(date);
            case LocalTime time -> time(time, fractionDigits);
            case LocalDateTime timestamp -> timestamp(timestamp, fractionDigits);
            case OffsetDateTime timestamp -> timestampTz(timestamp, fractionDigits);
            default -> throw new IllegalArgumentException("not a date or time: " + value.getClass().getName());
        };
    }

    /** {@code 20240131} */
    static String date(LocalDate date) {
        StringBuilder text = new StringBuilder(10);
        appendDate(text, date, false);
        return text.toString();
    }

    /** {@code 13:45:00.1234567} */
    static String time(LocalTime time, int fractionDigits) {
        StringBuilder text = new StringBuilder(16);
        appendTime(text, time, fractionDigits);
        return text.toString();
    }

    /** {@code 2024-01-31T13:45:00.1234567} */
    static String timestamp(LocalDateTime timestamp, int fractionDigits) {
        StringBuilder text = new StringBuilder(27);
        appendDate(text, timestamp.toLocalDate(), true);
        appendTime(text.append('T'), timestamp.toLocalTime(), fractionDigits);
        return text.toString();
    }

    /** {@code 2024-01-31T13:45:00.1234567+02:00}; an offset with seconds (SQL Server keeps minutes) becomes UTC. */
    static String timestampTz(OffsetDateTime timestamp, int fractionDigits) {
        OffsetDateTime value = timestamp.getOffset().getTotalSeconds() % 60 == 0
                ? timestamp : timestamp.withOffsetSameInstant(ZoneOffset.UTC);
        int minutes = value.getOffset().getTotalSeconds() / 60;
        StringBuilder text = new StringBuilder(timestamp(value.toLocalDateTime(), fractionDigits));
        text.append(minutes < 0 ? '-' : '+');
        pad(text, Math.abs(minutes) / 60, 2).append(':');
        pad(text, Math.abs(minutes) % 60, 2);
        return text.toString();
    }

    private static void appendDate(StringBuilder text, LocalDate date, boolean separated) {
        pad(text, date.getYear(), 4);
        if (separated) {
            text.append('-');
        }
        pad(text, date.getMonthValue(), 2);
        if (separated) {
            text.append('-');
        }
        pad(text, date.getDayOfMonth(), 2);
    }

    private static void appendTime(StringBuilder text, LocalTime time, int fractionDigits) {
        pad(text, time.getHour(), 2).append(':');
        pad(text, time.getMinute(), 2).append(':');
        pad(text, time.getSecond(), 2);
        int digits = Math.min(Math.max(fractionDigits, 0), MAX_FRACTION_DIGITS);
        int fraction = time.getNano() / NANOS_PER_UNIT[digits];
        while (digits > 0 && fraction % 10 == 0) {
            fraction /= 10;
            digits--;
        }
        if (digits > 0) {
            pad(text.append('.'), fraction, digits);
        }
    }

    private static StringBuilder pad(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        // a negative year is not padded: SQL Server refuses it whatever its form
        for (int i = digits.length(); i < width && value >= 0; i++) {
            text.append('0');
        }
        return text.append(digits);
    }
}
