package dev.ferry.cli;

import dev.ferry.api.ColumnType;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How the quarantine commands print errors, times and values for people. */
final class QuarantineText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final int ERROR_WIDTH = 100;

    private QuarantineText() {
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** The error on one line, cut at {@value #ERROR_WIDTH} characters: {@code show} prints it whole. */
    static String oneLine(String error) {
        String line = error == null ? "" : error.strip().replaceAll("\\s*\\R\\s*", " / ");
        return line.length() <= ERROR_WIDTH ? line : line.substring(0, ERROR_WIDTH - 3) + "...";
    }

    /**
     * A stored value as shown: character data quoted, so that SQL NULL ({@code null}, unquoted) cannot be
     * mistaken for the text "null" or for an empty string ({@code ''}).
     */
    static String value(ColumnType type, String text) {
        if (text == null) {
            return "null";
        }
        return switch (type) {
            case STRING, TEXT, JSON -> "'" + text + "'";
            case BINARY -> "base64:" + text;
            default -> text;
        };
    }
}
