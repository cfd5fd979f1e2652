package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.RejectedValueException;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * Dates and date-times parsed from the text MariaDB prints for them. The driver's own
 * {@code getObject(i, LocalDateTime.class)} goes through {@code java.sql.Timestamp} in the JVM's
 * zone, which moves a time that zone skipped (00:30 on 2018-11-04 in São Paulo) by the gap, and its
 * {@code LocalDate} of {@code 2020-00-00} is 2019-11-30. Zero dates are the caller's to recognise
 * first ({@link ZeroDates#isZero}); here they are malformed like any other impossible date.
 */
final class MariaDbTemporal {
    /** {@code 2024-01-31 13:45:00} with up to six fraction digits. */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private MariaDbTemporal() {
    }

    /** The date-time of MariaDB's text, null for null. */
    static LocalDateTime parseDateTime(String text, String column) {
        if (text == null) {
            return null;
        }
        try {
            LocalDateTime fast = parseUsualForm(text);
            return fast != null ? fast : LocalDateTime.parse(text, DATE_TIME);
        } catch (java.time.DateTimeException e) {
            throw new RejectedValueException(column, "cannot read '" + RejectedValueException.shorten(text)
                    + "' as a date and time", e);
        }
    }

    /** The date of MariaDB's text ({@code uuuu-MM-dd}), null for null. */
    static LocalDate parseDate(String text, String column) {
        if (text == null) {
            return null;
        }
        int year = text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-' ? digits(text, 0, 4) : -1;
        int month = year < 0 ? -1 : digits(text, 5, 7);
        int day = year < 0 ? -1 : digits(text, 8, 10);
        try {
            if ((year | month | day) < 0) {
                throw new java.time.DateTimeException("not uuuu-MM-dd");
            }
            return LocalDate.of(year, month, day);
        } catch (java.time.DateTimeException e) {
            throw new RejectedValueException(column, "cannot read '" + RejectedValueException.shorten(text) + "' as a date", e);
        }
    }

    /**
     * The time of day of MariaDB's text ({@code HH:mm:ss} with up to six fraction digits), null for
     * null. MariaDB's {@code time} is a signed duration up to 838:59:59, which the driver would wrap
     * into a day (25:00 as 01:00, -01:30 as 22:30); one outside a day is refused instead.
     */
    static LocalTime parseTime(String text, String column) {
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text);
        } catch (java.time.DateTimeException e) {
            throw new RejectedValueException(column, "time '" + RejectedValueException.shorten(text) + "' is no time of day "
                    + "(MariaDB's time runs from -838:59:59 to 838:59:59; 00:00:00 to 23:59:59.999999 can be read)", e);
        }
    }

    /**
     * {@code uuuu-MM-dd HH:mm:ss} with 0 to 9 fraction digits, read digit by digit: this runs for
     * every date-time of every row, and the formatter's general parsing was a fifth of a read's CPU.
     * Null for any other shape, which the formatter then reads or reports.
     */
    private static LocalDateTime parseUsualForm(String text) {
        int length = text.length();
        if (length < 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != ' '
                || text.charAt(13) != ':' || text.charAt(16) != ':' || length > 19 && (text.charAt(19) != '.' || length == 20
                || length > 29)) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int fraction = length > 20 ? digits(text, 20, length) : 0;
        if ((year | month | day | hour | minute | second | fraction) < 0) {
            return null;
        }
        for (int i = length; i < 29; i++) {
            fraction *= 10;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, length > 20 ? fraction : 0);
    }

    /** The decimal value of {@code text[from, to)}, or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
