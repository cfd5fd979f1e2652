package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.FerryException;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Date-times parsed from the text MariaDB prints for them. The driver's own
 * {@code getObject(i, LocalDateTime.class)} goes through {@code java.sql.Timestamp} in the JVM's
 * zone, which moves a time that zone skipped (00:30 on 2018-11-04 in São Paulo) by the gap.
 */
final class MariaDbTemporal {
    /** {@code 2024-01-31 13:45:00} with up to six fraction digits. */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private MariaDbTemporal() {
    }

    /** The date-time of MariaDB's text, null for null and for the zero date that lenient modes store. */
    static LocalDateTime parseDateTime(String text, String column) {
        if (text == null || text.startsWith("0000-00-00")) {
            return null;
        }
        try {
            return LocalDateTime.parse(text, DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new FerryException("Column " + column + ": cannot read '" + text + "' as a date and time", e);
        }
    }
}
