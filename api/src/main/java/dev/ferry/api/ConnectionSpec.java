package dev.ferry.api;

import java.util.Map;
import java.util.Objects;

/**
 * Where and how to connect, as configured, with secrets already resolved.
 *
 * @param name       the connection's name in the pipeline; never null
 * @param type       the connector type (for example {@code postgresql} or {@code sqlite}); never null
 * @param url        the connection URL (for JDBC connectors, the JDBC URL); never null
 * @param user       the user name; null when the URL or the connector needs none
 * @param password   the password; null when none is needed
 * @param properties further driver properties; never null
 * @param options    Ferry's own choices for this connection, by name (see the constants); never null,
 *                   absent names take their defaults
 * @param shownUrl   the URL as it may be shown in logs, errors and output: every secret in it masked or
 *                   left as the reference it was read from; never null
 */
public record ConnectionSpec(String name, String type, String url, String user, Secret password,
                             Map<String, String> properties, Map<String, String> options, String shownUrl) {

    /**
     * What a MySQL/MariaDB source does with zero dates ({@code 0000-00-00}, {@code 2020-00-00}):
     * {@code fail} (the default: the row fails naming table, column and key), {@code null}, or a
     * date in ISO form ({@code 1970-01-01}) that stands in for every zero date.
     */
    public static final String ZERO_DATES = "zero_dates";
    /**
     * How a SQLite destination keeps decimals: {@code number} (the default: SQLite's own numbers;
     * a value they cannot hold exactly fails) or {@code text} (decimal columns hold their exact
     * digits as text).
     */
    public static final String DECIMALS = "decimals";
    /**
     * How a MySQL/MariaDB source reads {@code TINYINT(1)}, MySQL's {@code BOOLEAN}: {@code boolean}
     * (the default: 0 and 1 are false and true, any other value fails its row naming table, column,
     * key and value) or {@code integer} (a {@code SMALLINT} holding every value as it is).
     */
    public static final String TINYINT1 = "tinyint1";
    /**
     * How long connecting and logging in may take, in whole seconds (at least 1), before the attempt
     * fails naming host and port; default {@link #DEFAULT_CONNECT_TIMEOUT_SECONDS}. Connectors pass it
     * to their driver's own settings.
     */
    public static final String CONNECT_TIMEOUT = "connect_timeout";
    /** Long enough for a distant server's TLS handshake, short enough that a silent one is noticed. */
    public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

    /** A connection with no Ferry options (every choice at its default). */
    public ConnectionSpec(String name, String type, String url, String user, Secret password,
                          Map<String, String> properties) {
        this(name, type, url, user, password, properties, Map.of());
    }

    /** A connection whose URL is shown with its passwords masked ({@link UrlSecrets#mask}). */
    public ConnectionSpec(String name, String type, String url, String user, Secret password,
                          Map<String, String> properties, Map<String, String> options) {
        this(name, type, url, user, password, properties, options, UrlSecrets.mask(url));
    }

    public ConnectionSpec {
        Objects.requireNonNull(name, "connection name");
        Objects.requireNonNull(type, "connection type of " + name);
        Objects.requireNonNull(url, "connection url of " + name);
        Objects.requireNonNull(shownUrl, "shown url of " + name);
        properties = Map.copyOf(properties);
        options = Map.copyOf(options);
    }

    /** The connect timeout in seconds: {@link #CONNECT_TIMEOUT}, or its default. */
    public int connectTimeoutSeconds() {
        String value = options.get(CONNECT_TIMEOUT);
        return value == null ? DEFAULT_CONNECT_TIMEOUT_SECONDS : Integer.parseInt(value);
    }

    /**
     * {@code text} (a driver's message, say) with this connection's secrets masked: the full URL
     * becomes {@link #shownUrl}, and the password and every password the URL carries become
     * {@link UrlSecrets#MASK}.
     */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = url.equals(shownUrl) ? text : text.replace(url, shownUrl);
        for (UrlSecrets.Span span : UrlSecrets.find(url)) {
            masked = masked.replace(span.valueIn(url), UrlSecrets.MASK);
        }
        if (password != null && !password.isEmpty()) {
            masked = masked.replace(password.reveal(), UrlSecrets.MASK);
        }
        return masked;
    }

    /** The option's value, or {@code fallback} when it is not set. */
    public String option(String optionName, String fallback) {
        return options.getOrDefault(optionName, fallback);
    }

    /** Property values may be secrets, so only their names are shown. */
    @Override
    public String toString() {
        return "ConnectionSpec[name=" + name + ", type=" + type + ", url=" + shownUrl + ", user=" + user
                + ", password=" + (password == null ? "none" : password) + ", properties=" + properties.keySet() + ", options=" + options + "]";
    }
}
