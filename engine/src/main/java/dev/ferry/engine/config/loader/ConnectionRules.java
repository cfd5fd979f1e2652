package dev.ferry.engine.config.loader;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.UrlSecrets;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The rules a connection's text follows wherever it is written, in a pipeline file or through the
 * server's API: a URL never holds a written password, since URLs are shown in logs and output.
 *
 * <p>Stateless; safe to call from any thread.
 */
public final class ConnectionRules {

    private ConnectionRules() {
    }

    /**
     * Why this URL, as written, may not be stored or used; empty when it holds no written password.
     * A password that is a {@code ${env:NAME}} or {@code ${file:PATH}} reference is allowed.
     *
     * @param written the URL as written, references unresolved; never null
     */
    public static Optional<String> writtenPasswordProblem(String written) {
        for (UrlSecrets.Span span : UrlSecrets.find(written)) {
            if (!SecretResolver.containsReference(span.valueIn(written))) {
                String where = span.name().endsWith("@") ? "as user:password@host" : "in its " + span.name() + " parameter";
                return Optional.of("holds a password written " + where + "; a URL is shown in logs and output, so "
                        + "leave it out and use password: ${env:NAME} or ${file:PATH} (or put a reference in its place)");
            }
        }
        return Optional.empty();
    }

    /**
     * How a URL may be shown: as written when it holds references (never their values), otherwise
     * with any password masked.
     */
    public static String shownUrl(String written, String resolved) {
        return SecretResolver.containsReference(written) ? written : UrlSecrets.mask(resolved);
    }

    /** Ferry's own per-connection options, as {@code connections:} in a file accepts them. */
    public static final List<String> OPTIONS = List.of(ConnectionSpec.ZERO_DATES, ConnectionSpec.DECIMALS,
            ConnectionSpec.TINYINT1, ConnectionSpec.CONNECT_TIMEOUT);

    /**
     * One of Ferry's connection options in the form connectors read it (a connect timeout in whole
     * seconds), with the same rules as in a pipeline file.
     *
     * @throws IllegalArgumentException naming the option and what would be valid
     */
    public static String option(String name, String value) {
        String text = value == null ? "" : value.strip();
        switch (name) {
            case ConnectionSpec.ZERO_DATES -> {
                if (text.equals("fail") || text.equals("null") || isIsoDate(text)) {
                    return text;
                }
                throw new IllegalArgumentException(name + " must be fail, null, or a date such as 1970-01-01 that "
                        + "stands in for zero dates; not '" + text + "'");
            }
            case ConnectionSpec.DECIMALS -> {
                if (text.equals("number") || text.equals("text")) {
                    return text;
                }
                throw new IllegalArgumentException(name + " must be number or text; not '" + text + "'");
            }
            case ConnectionSpec.TINYINT1 -> {
                if (text.equals("boolean") || text.equals("integer")) {
                    return text;
                }
                throw new IllegalArgumentException(name + " must be boolean or integer; not '" + text + "'");
            }
            case ConnectionSpec.CONNECT_TIMEOUT -> {
                Duration duration;
                try {
                    duration = text.matches("[0-9]+") ? Duration.ofSeconds(Long.parseLong(text)) : LookbackParser.duration(text);
                } catch (IllegalArgumentException | ArithmeticException e) {
                    duration = null;
                }
                if (duration == null || duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(Duration.ofHours(1)) > 0
                        || duration.toNanos() % 1_000_000_000L != 0) {
                    throw new IllegalArgumentException(name + " must be a duration from 1s to 1h, such as 10s, 30s or 2m, "
                            + "not '" + text + "'");
                }
                return Long.toString(duration.toSeconds());
            }
            default -> throw new IllegalArgumentException("unknown option '" + name + "'; options are "
                    + String.join(", ", OPTIONS) + Suggestions.didYouMean(name, OPTIONS));
        }
    }

    private static boolean isIsoDate(String value) {
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
