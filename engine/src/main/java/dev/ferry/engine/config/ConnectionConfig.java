package dev.ferry.engine.config;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Secret;
import dev.ferry.api.UrlSecrets;

import java.util.Map;
import java.util.Objects;

/**
 * A named connection as configured, secrets already resolved from {@code ${env:NAME}} or
 * {@code ${file:PATH}}.
 *
 * @param name       the key under {@code connections:}; never null
 * @param type       the connector type; null to infer it from the URL
 * @param url        the connection URL; never null
 * @param user       null when none is configured
 * @param password   null when none is configured
 * @param properties driver properties; never null
 * @param options    Ferry's own choices for the connection ({@link ConnectionSpec#ZERO_DATES}, ...); never null
 * @param shownUrl   the URL as it may be shown: as written when it holds secret references, secrets
 *                   masked otherwise; never null
 */
public record ConnectionConfig(String name, String type, String url, String user, Secret password,
                               Map<String, String> properties, Map<String, String> options, String shownUrl) {

    public ConnectionConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url of connection " + name);
        Objects.requireNonNull(shownUrl, "shown url of connection " + name);
        properties = Map.copyOf(properties);
        options = Map.copyOf(options);
    }

    /** A connection with every Ferry option at its default. */
    public ConnectionConfig(String name, String type, String url, String user, Secret password,
                            Map<String, String> properties) {
        this(name, type, url, user, password, properties, Map.of());
    }

    /** A connection whose URL is shown with its passwords masked. */
    public ConnectionConfig(String name, String type, String url, String user, Secret password,
                            Map<String, String> properties, Map<String, String> options) {
        this(name, type, url, user, password, properties, options, UrlSecrets.mask(url));
    }

    /** Property values may be resolved secrets, so only their names are shown. */
    @Override
    public String toString() {
        return "ConnectionConfig[name=" + name + ", type=" + type + ", url=" + shownUrl + ", user=" + user
                + ", password=" + (password == null ? "none" : password) + ", properties=" + properties.keySet() + ", options=" + options + "]";
    }

    public ConnectionSpec toSpec(String resolvedType) {
        return new ConnectionSpec(name, resolvedType, url, user, password, properties, options, shownUrl);
    }
}
