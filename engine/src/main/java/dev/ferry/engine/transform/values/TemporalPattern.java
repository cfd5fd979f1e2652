package dev.ferry.engine.transform.values;

import dev.ferry.engine.transform.TransformDefinitionException;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * A {@code java.time} pattern compiled for exact parsing and formatting, with what its letters say
 * it holds.
 *
 * <p>Resolving is {@link ResolverStyle#STRICT}: {@code 31/02/2024} and {@code 24:00} are refused,
 * never moved to another day. Under strict resolving the year-of-era letter {@code y} would need
 * an era ({@code G}) in the text; since people write {@code yyyy} for the year of the common era,
 * {@code y} is read as {@code u} (the proleptic year) unless the pattern has a {@code G}.
 *
 * <p>A two-letter year ({@code yy}, {@code uu}) is ambiguous: without a base year Java reads
 * {@code 85} as 2085. Such a pattern is refused unless a base year is given; with one, two digits
 * name the year in the hundred years starting at it (base 1950: {@code 49} is 2049, {@code 50} is
 * 1950). Formatting with such a pattern prints the last two digits of the year.
 *
 * @param pattern   the pattern as written
 * @param formatter the compiled formatter, strict, in the given locale
 * @param hasTime   whether the pattern has a time of day (hours or finer)
 * @param hasZone   whether the pattern has an offset or a zone (letters {@code VvzOXxZ})
 * @param twoDigitYear whether the pattern writes the year with two digits (then a base year was given)
 */
record TemporalPattern(String pattern, DateTimeFormatter formatter, boolean hasTime, boolean hasZone,
                       boolean twoDigitYear) {
    private static final String TIME_LETTERS = "HhKkmsSnNAa";
    private static final String ZONE_LETTERS = "VvzOXxZ";

    static TemporalPattern compile(String transform, String pattern, Integer baseYear, Locale locale) {
        if (pattern == null || pattern.isBlank()) {
            throw new TransformDefinitionException(transform + ": a pattern is needed, such as dd/MM/uuuu");
        }
        boolean hasEra = letters(pattern).indexOf('G') >= 0;
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder();
        boolean hasTime = false;
        boolean hasZone = false;
        boolean twoDigitYear = false;
        try {
            int i = 0;
            while (i < pattern.length()) {
                char c = pattern.charAt(i);
                if (c == '\'') {
                    int end = closingQuote(pattern, i);
                    builder.appendPattern(pattern.substring(i, end + 1));
                    i = end + 1;
                } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                    int end = i;
                    while (end < pattern.length() && pattern.charAt(end) == c) {
                        end++;
                    }
                    int count = end - i;
                    char letter = c == 'y' && !hasEra ? 'u' : c;
                    hasTime |= TIME_LETTERS.indexOf(letter) >= 0;
                    hasZone |= ZONE_LETTERS.indexOf(letter) >= 0;
                    if ((letter == 'u' || letter == 'y') && count == 2) {
                        if (baseYear == null) {
                            throw new TransformDefinitionException(transform + ": pattern '" + pattern + "' has a"
                                    + " two-digit year, which is ambiguous (is 85 1985 or 2085?); write the year with"
                                    + " four letters (uuuu) or give a base year, such as 1950 for 1950-2049");
                        }
                        builder.appendValueReduced(ChronoField.YEAR, 2, 2, baseYear);
                        twoDigitYear = true;
                    } else {
                        builder.appendPattern(String.valueOf(letter).repeat(count));
                    }
                    i = end;
                } else {
                    builder.appendPattern(String.valueOf(c));
                    i++;
                }
            }
            DateTimeFormatter formatter = builder.toFormatter(locale).withResolverStyle(ResolverStyle.STRICT);
            return new TemporalPattern(pattern, formatter, hasTime, hasZone, twoDigitYear);
        } catch (IllegalArgumentException invalid) {
            throw new TransformDefinitionException(transform + ": pattern '" + pattern + "' is not a valid java.time"
                    + " pattern: " + invalid.getMessage(), invalid);
        }
    }

    private static int closingQuote(String pattern, int open) {
        int i = open + 1;
        while (i < pattern.length()) {
            if (pattern.charAt(i) == '\'') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        throw new IllegalArgumentException("a quote (') is not closed");
    }

    /** The pattern's letters outside quotes. */
    private static String letters(String pattern) {
        StringBuilder letters = new StringBuilder();
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && Character.isLetter(c)) {
                letters.append(c);
            }
        }
        return letters.toString();
    }
}
