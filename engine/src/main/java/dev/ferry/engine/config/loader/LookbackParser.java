package dev.ferry.engine.config.loader;

import dev.ferry.api.Lookback;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a look-back: a duration ({@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, {@code 1h30m},
 * {@code 250ms} or ISO-8601 {@code PT5M}) for temporal cursors, or a plain number for numeric ones.
 * Zero in any form means no look-back.
 */
final class LookbackParser {

    static final String VALID_FORMS = "a duration such as 30s, 5m, 2h, 1d or PT5M (for time cursors) "
            + "or a non-negative number (for numeric cursors)";

    private static final Pattern NUMBER = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final Pattern COMPACT_DURATION = Pattern.compile("([0-9]+(ms|s|m|h|d))+");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

    private LookbackParser() {
    }

    /** @throws IllegalArgumentException with a message saying what would be valid */
    static Lookback parse(String text) {
        String value = text.strip();
        if (value.startsWith("-")) {
            throw new IllegalArgumentException("must not be negative; use " + VALID_FORMS);
        }
        if (NUMBER.matcher(value).matches()) {
            BigDecimal amount = new BigDecimal(value);
            return amount.signum() == 0 ? Lookback.NONE : new Lookback.Amount(amount);
        }
        Duration window = parseDuration(value);
        if (window.isNegative()) {
            throw new IllegalArgumentException("must not be negative; use " + VALID_FORMS);
        }
        return window.isZero() ? Lookback.NONE : new Lookback.Time(window);
    }

    /** A duration in the forms a look-back takes; a plain whole number counts seconds. */
    static Duration duration(String text) {
        String value = text.strip();
        if (value.matches("[0-9]{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        return parseDuration(value);
    }

    private static Duration parseDuration(String value) {
        if (COMPACT_DURATION.matcher(value).matches()) {
            Duration total = Duration.ZERO;
            Matcher part = DURATION_PART.matcher(value);
            while (part.find()) {
                long amount;
                try {
                    amount = Long.parseLong(part.group(1));
                } catch (NumberFormatException e) {
                    throw invalid(value);
                }
                total = total.plus(switch (part.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                });
            }
            return total;
        }
        if (value.startsWith("P") || value.startsWith("p")) {
            try {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(value);
            }
        }
        throw invalid(value);
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException("'" + value + "' is not valid; use " + VALID_FORMS);
    }
}
