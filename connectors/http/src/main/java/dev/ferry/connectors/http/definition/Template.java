package dev.ferry.connectors.http.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text with {@code {{name}}} placeholders ({@code {{config.api_key}}}, {@code {{parent.carePlanId}}},
 * {@code {{since}}}, {@code {{window.start}}}; a trailing {@code ?} marks a record's column that a
 * stream may not have, {@code {{record.phone?}}}; {@code |epoch_ms} writes a date and time as
 * milliseconds since 1970, {@code {{record.startTime|epoch_ms}}}), parsed once when the definition loads so a misspelt
 * one is found then, not at the thousandth call. Nothing else is evaluated: no expressions, no code.
 */
public final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_@$-]+)*\\??)\\s*(?:\\|\\s*([a-z_]+)\\s*)?}}");

    private final String text;
    /** Literal text and names, alternating: literal, name, literal, ..., literal. */
    private final List<String> parts;
    /** Each name's filter, or null. */
    private final List<String> filters;

    private Template(String text, List<String> parts, List<String> filters) {
        this.text = text;
        this.parts = parts;
        this.filters = filters;
    }

    /** Parses {@code text}; an unclosed or malformed placeholder is an error naming it. */
    public static Template parse(String text) {
        Objects.requireNonNull(text, "template");
        List<String> parts = new ArrayList<>();
        List<String> filters = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        int at = 0;
        while (matcher.find()) {
            parts.add(text.substring(at, matcher.start()));
            parts.add(matcher.group(1));
            String filter = matcher.group(2);
            if (filter != null && !filter.equals(EPOCH_MS)) {
                throw new IllegalArgumentException("'" + text + "' uses the filter |" + filter + "; the one there is is |"
                        + EPOCH_MS);
            }
            filters.add(filter);
            at = matcher.end();
        }
        String rest = text.substring(at);
        if (rest.contains("{{") || parts.stream().anyMatch(part -> part.contains("{{"))) {
            throw new IllegalArgumentException("a placeholder in '" + text + "' is not of the form {{name}} or {{scope.name}}");
        }
        parts.add(rest);
        return new Template(text, List.copyOf(parts), java.util.Collections.unmodifiableList(filters));
    }

    /** A template with no placeholder. */
    public static Template literal(String text) {
        return new Template(text, List.of(text), List.of());
    }

    /** The names this template refers to, in order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i < parts.size(); i += 2) {
            names.add(parts.get(i));
        }
        return names;
    }

    /**
     * The text with every placeholder replaced by its value, each passed through {@code encode} (a
     * path segment's encoding, say); empty when a value is missing (a query parameter that then is
     * not sent: {@code since} on a first read).
     */
    public Optional<String> render(Function<String, String> values, UnaryOperator<String> encode) {
        StringBuilder out = new StringBuilder(parts.getFirst());
        for (int i = 1; i < parts.size(); i += 2) {
            String value = values.apply(parts.get(i));
            if (value == null) {
                return Optional.empty();
            }
            String filter = filters.get(i / 2);
            out.append(encode.apply(filter == null ? value : epochMillis(value))).append(parts.get(i + 1));
        }
        return Optional.of(out.toString());
    }

    /** {@link #render} where every value must be there: a missing one fails naming it. */
    public String require(Function<String, String> values, UnaryOperator<String> encode) {
        return render(values, encode).orElseThrow(() -> new IllegalStateException("'" + text + "' needs "
                + names().stream().filter(name -> values.apply(name) == null).toList() + ", which has no value here"));
    }

    public String text() {
        return text;
    }

    /** Whether the placeholder alone that this template is has a filter, which makes its value text. */
    public boolean filtered() {
        return filters.stream().anyMatch(java.util.Objects::nonNull);
    }

    private static final String EPOCH_MS = "epoch_ms";

    /** A date and time (with its offset; without one, UTC; a date alone: its first moment in UTC) as epoch milliseconds. */
    private static String epochMillis(String value) {
        try {
            return Long.toString(java.time.OffsetDateTime.parse(value).toInstant().toEpochMilli());
        } catch (java.time.format.DateTimeParseException notWithOffset) {
            try {
                return Long.toString(java.time.LocalDateTime.parse(value).toInstant(java.time.ZoneOffset.UTC).toEpochMilli());
            } catch (java.time.format.DateTimeParseException notLocal) {
                try {
                    return Long.toString(java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                            .toEpochMilli());
                } catch (java.time.format.DateTimeParseException notADate) {
                    throw new IllegalArgumentException("|epoch_ms needs a date and time; the value is '" + value + "'");
                }
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
