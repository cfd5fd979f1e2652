package dev.ferry.server.ui.pages;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dashboard's way of typing a map: one {@code key=value} a line. Blank lines and lines starting
 * with {@code #} are skipped; {@code key=} (nothing after the sign) gives the key a null value, which
 * the connection service reads as "remove it".
 */
final class KeyValueLines {
    private KeyValueLines() {
    }

    /** @throws IllegalArgumentException naming {@code field} and the line without an {@code =} */
    static Map<String, String> parse(String text, String field) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text == null) {
            return values;
        }
        int number = 0;
        for (String line : text.split("\r?\n")) {
            number++;
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            int sign = stripped.indexOf('=');
            if (sign <= 0) {
                throw new IllegalArgumentException(field + ", line " + number + ": write key=value, not '"
                        + (stripped.length() > 40 ? stripped.substring(0, 40) + "…" : stripped) + "'");
            }
            String value = stripped.substring(sign + 1).strip();
            values.put(stripped.substring(0, sign).strip(), value.isEmpty() ? null : value);
        }
        return values;
    }

    static String format(Map<String, String> values) {
        return values.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("\n"));
    }
}
