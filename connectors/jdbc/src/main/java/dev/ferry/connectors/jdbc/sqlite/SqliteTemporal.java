package dev.ferry.connectors.jdbc.sqlite;

import dev.ferry.api.ColumnType;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Dates and times as SQLite keeps them: ISO text that sorts in time order and that SQLite's own
 * date functions understand. Timestamps use a space between date and time, as most SQLite
 * databases do ({@code 2009-01-01 00:00:00}); fractions are written only when not zero, without
 * trailing zeros, which keeps text order equal to time order. Instants are stored in UTC so
 * they, too, compare correctly as text.
 */
final class SqliteTemporal {

    private SqliteTemporal() {
    }

    /**
     * An SQL expression over {@code column} that sorts in time order whatever ISO form each value
     * was written in, or null for types whose text already does (dates). SQLite's own date
     * functions read every form it documents (minutes only, a 'T', trailing zeros, an offset,
     * which they apply) and put them in one form; integers are sqlite-jdbc's epoch milliseconds,
     * as {@link #fromEpochMillis} reads them. The form keeps milliseconds, so values within one
     * millisecond tie, which makes a resume read a little more, never less. Text the functions
     * cannot read has a NULL key.
     */
    static String sortKey(ColumnType type, String column) {
        String format = keyFormat(type);
        if (format == null) {
            return null;
        }
        return "CASE WHEN typeof(" + column + ") = 'integer' THEN strftime('" + format + "', " + column
                + " / 1000.0, 'unixepoch') ELSE strftime('" + format + "', " + column + ") END";
    }

    /** The key of a bound written by {@link #format}, as parameter {@code ?}; null where {@link #sortKey} is. */
    static String boundKey(ColumnType type) {
        String format = keyFormat(type);
        return format == null ? null : "strftime('" + format + "', ?)";
    }

    private static String keyFormat(ColumnType type) {
        return switch (type) {
            case TIMESTAMP, TIMESTAMP_TZ -> "%Y-%m-%d %H:%M:%f";
            case TIME -> "%H:%M:%f";
            default -> null;
        };
    }

    static String format(Object value) {
        return switch (value) {
            case LocalDate date -> date.toString();
            case LocalTime time -> time(new StringBuilder(18), time).toString();
            case LocalDateTime timestamp -> timestamp(new StringBuilder(29), timestamp).toString();
            case OffsetDateTime timestamp -> timestamp(new StringBuilder(35),
                    timestamp.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()).append("+00:00").toString();
            default -> throw new IllegalArgumentException("not a date or time: " + value.getClass().getName());
        };
    }

    private static StringBuilder timestamp(StringBuilder out, LocalDateTime timestamp) {
        out.append(timestamp.toLocalDate()).append(' ');
        return time(out, timestamp.toLocalTime());
    }

    private static StringBuilder time(StringBuilder out, LocalTime time) {
        two(out, time.getHour()).append(':');
        two(out, time.getMinute()).append(':');
        two(out, time.getSecond());
        int nanos = time.getNano();
        if (nanos != 0) {
            String fraction = Integer.toString(1_000_000_000 + nanos).substring(1);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(fraction, 0, end);
        }
        return out;
    }

    private static StringBuilder two(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    static LocalDate parseDate(String text) {
        String iso = normalize(text);
        return LocalDate.parse(iso.length() > 10 ? iso.substring(0, 10) : iso);
    }

    static LocalTime parseTime(String text) {
        String iso = normalize(text);
        int t = iso.indexOf('T');
        return LocalTime.parse(t >= 0 ? localPart(iso.substring(t + 1)) : localPart(iso));
    }

    static LocalDateTime parseTimestamp(String text) {
        String iso = normalize(text);
        if (iso.length() == 10) {
            return LocalDate.parse(iso).atStartOfDay();
        }
        return LocalDateTime.parse(localPart(iso));
    }

    /** Text without an offset is taken as UTC, the only zone SQLite's date functions know. */
    static OffsetDateTime parseTimestampTz(String text) {
        String iso = normalize(text);
        if (iso.length() == 10) {
            return LocalDate.parse(iso).atStartOfDay().atOffset(ZoneOffset.UTC);
        }
        String local = localPart(iso);
        LocalDateTime timestamp = LocalDateTime.parse(local);
        String offset = iso.substring(local.length()).strip();
        return timestamp.atOffset(offset.isEmpty() ? ZoneOffset.UTC : ZoneOffset.of(offset));
    }

    /** Milliseconds since the epoch, the form sqlite-jdbc itself uses by default. */
    static OffsetDateTime fromEpochMillis(long millis) {
        return Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC);
    }

    private static String normalize(String text) {
        String iso = text.strip();
        if (iso.length() > 10 && iso.charAt(10) == ' ') {
            iso = iso.substring(0, 10) + 'T' + iso.substring(11);
        }
        return iso;
    }

    /** The text before a trailing offset ({@code Z}, {@code +01:00}, {@code -0500}). */
    private static String localPart(String iso) {
        int timeStart = iso.indexOf('T') + 1;
        for (int i = timeStart; i < iso.length(); i++) {
            char c = iso.charAt(i);
            if (c == 'Z' || c == 'z' || c == '+' || c == '-' || c == ' ') {
                return iso.substring(0, i);
            }
        }
        return iso;
    }
}
