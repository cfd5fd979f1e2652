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
 */
public record ConnectionSpec(String name, String type, String url, String user, Secret password,
                             Map<String, String> properties, Map<String, String> options) {

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

    /** A connection with no Ferry options (every choice at its default). */
    public ConnectionSpec(String name, String type, String url, String user, Secret password,
                          Map<String, String> properties) {
        this(name, type, url, user, password, properties, Map.of());
    }

    public ConnectionSpec {
        Objects.requireNonNull(name, "connection name");
        Objects.requireNonNull(type, "connection type of " + name);
        Objects.requireNonNull(url, "connection url of " + name);
        properties = Map.copyOf(properties);
        options = Map.copyOf(options);
    }

    /** The option's value, or {@code fallback} when it is not set. */
    public String option(String optionName, String fallback) {
        return options.getOrDefault(optionName, fallback);
    }

    /** Property values may be secrets, so only their names are shown. */
    @Override
    public String toString() {
        return "ConnectionSpec[name=" + name + ", type=" + type + ", url=" + url + ", user=" + user
                + ", password=" + (password == null ? "none" : password) + ", properties=" + properties.keySet() + ", options=" + options + "]";
    }
}
