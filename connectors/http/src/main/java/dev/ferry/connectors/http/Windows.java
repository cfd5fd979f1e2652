package dev.ferry.connectors.http;

import dev.ferry.api.FerryException;
import dev.ferry.connectors.http.definition.WindowDefinition;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The date windows of a windowed stream, from its first day to its last, each at most the definition's
 * span of days, and how each window's days are written in the query.
 */
final class Windows {
    /** One window, both days included. */
    record Window(LocalDate start, LocalDate end) {
    }

    private Windows() {
    }

    static List<Window> of(WindowDefinition definition, Function<String, String> values, LocalDate today, String stream) {
        LocalDate from = day(definition.from().require(values, text -> text), today, stream, "from");
        LocalDate to = day(definition.to().require(values, text -> text), today, stream, "to");
        List<Window> windows = new ArrayList<>();
        for (LocalDate start = from; !start.isAfter(to); ) {
            LocalDate end = start.plusDays(definition.days() - 1L);
            if (end.isAfter(to)) {
                end = to;
            }
            windows.add(new Window(start, end));
            start = end.plusDays(1);
        }
        return windows;
    }

    /** How {@code day} is sent: with the definition's pattern, or as epoch milliseconds (an end day: its last millisecond). */
    static String write(WindowDefinition definition, LocalDate day, boolean end) {
        if (definition.format().equals("epoch_ms")) {
            LocalDate at = end ? day.plusDays(1) : day;
            long millis = at.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            return Long.toString(end ? millis - 1 : millis);
        }
        return DateTimeFormatter.ofPattern(definition.format()).format(day);
    }

    /** A day as written in a definition or a setting: {@code 2024-01-31}, or days from today ({@code -4}, {@code +1460}). */
    private static LocalDate day(String text, LocalDate today, String stream, String which) {
        String value = text.strip();
        try {
            if (value.matches("[+-]?\\d+")) {
                return today.plusDays(Long.parseLong(value));
            }
            return LocalDate.parse(value);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new FerryException("Stream " + stream + ": windows." + which + " is '" + text
                    + "'; a date such as 2024-01-31 or a number of days from today such as -4");
        }
    }
}
