package dev.ferry.testkit.saas.alfadocs;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;

/**
 * The {@code dateStart}/{@code dateEnd} window of the appointment listing: both required,
 * {@code Y-m-d}, start not after end, and at most {@code maxDays} days with both ends included.
 * "At most 30 days" read strictly: team 4 asks for start + 29 days, which is 30 days counted this
 * way; start + 30 is refused (a choice; the documentation does not say whether ends are included).
 */
record AppointmentRange(LocalDate start, LocalDate end) {

    private static final DateTimeFormatter YMD = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    static AppointmentRange parse(String start, String end, int maxDays) {
        if (start == null || end == null || start.isBlank() || end.isBlank()) {
            throw AlfaDocsErrors.http(400, "dateStart and dateEnd are required (Y-m-d)");
        }
        LocalDate from = date("dateStart", start);
        LocalDate to = date("dateEnd", end);
        if (to.isBefore(from)) {
            throw AlfaDocsErrors.http(400, "dateEnd must not be before dateStart");
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > maxDays) {
            throw AlfaDocsErrors.http(400, "The range from dateStart to dateEnd must not exceed " + maxDays
                    + " days, got " + days);
        }
        return new AppointmentRange(from, to);
    }

    private static LocalDate date(String name, String text) {
        try {
            return LocalDate.parse(text, YMD);
        } catch (DateTimeParseException e) {
            throw AlfaDocsErrors.http(400, name + " must be a date as Y-m-d, got '" + text + "'");
        }
    }
}
