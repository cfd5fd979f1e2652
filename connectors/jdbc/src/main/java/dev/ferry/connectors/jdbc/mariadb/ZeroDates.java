package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.Column;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.FerryException;
import dev.ferry.api.RejectedValueException;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * What a MariaDB/MySQL source does with zero dates, the connection's {@link ConnectionSpec#ZERO_DATES}
 * choice. A zero date is any date whose month or day is zero: {@code 0000-00-00} and partial ones such
 * as {@code 2020-00-00} or {@code 2020-05-00}, which servers without {@code NO_ZERO_DATE} and
 * {@code NO_ZERO_IN_DATE} store. None of them is a day, so every choice treats them alike: a partial
 * one's year and month are not kept under any choice, since no date holds them without inventing a day.
 * In a {@code datetime} the whole value is replaced, time of day included: a stand-in date reads as
 * its midnight, and in a {@code timestamp} (an instant) as its midnight in UTC.
 *
 * @param standIn the date that replaces every zero date; null when {@code failing} or zero dates read as null
 * @param failing whether a zero date fails its row (the default)
 */
record ZeroDates(LocalDate standIn, boolean failing) {
    static final ZeroDates FAIL = new ZeroDates(null, true);
    static final ZeroDates NULL = new ZeroDates(null, false);

    /** The choice of {@code spec}, checked again here since a spec need not come from a pipeline file. */
    static ZeroDates of(ConnectionSpec spec) {
        String option = spec.option(ConnectionSpec.ZERO_DATES, "fail").strip();
        switch (option) {
            case "fail" -> {
                return FAIL;
            }
            case "null" -> {
                return NULL;
            }
            default -> {
                try {
                    return new ZeroDates(LocalDate.parse(option), false);
                } catch (DateTimeParseException e) {
                    throw new FerryException("Connection " + spec.name() + ": " + ConnectionSpec.ZERO_DATES
                            + " must be fail, null or a date such as 1970-01-01, not '" + option + "'", e);
                }
            }
        }
    }

    /**
     * Whether MariaDB's text of a date or date-time ({@code uuuu-MM-dd...}) is a zero date. Only the
     * fixed positions are looked at; any other malformed text is left to the parser to report.
     */
    static boolean isZero(String text) {
        return text.length() >= 10 && text.charAt(4) == '-' && text.charAt(7) == '-'
                && (text.charAt(5) == '0' && text.charAt(6) == '0' || text.charAt(8) == '0' && text.charAt(9) == '0');
    }

    /**
     * The date that stands for the zero date {@code text} of {@code column}: null or the stand-in as
     * chosen. Fails when the choice is to fail, and when null was chosen for a NOT NULL column, whose
     * null would otherwise be refused by the destination with no word of the source row.
     */
    LocalDate replace(Column column, String text) {
        if (failing) {
            throw new RejectedValueException(column.name(), "zero date '" + text + "' is no day; set "
                    + ConnectionSpec.ZERO_DATES + ": null, or a date that stands in such as 1970-01-01, on the source "
                    + "connection to read zero dates");
        }
        if (standIn == null && !column.nullable()) {
            throw new RejectedValueException(column.name(), "zero date '" + text + "' cannot read as null ("
                    + ConnectionSpec.ZERO_DATES + ": null) in a NOT NULL column; choose a date that stands in, such as "
                    + ConnectionSpec.ZERO_DATES + ": 1970-01-01");
        }
        return standIn;
    }
}
