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
 */
public record ConnectionSpec(String name, String type, String url, String user, Secret password,
                             Map<String, String> properties) {

    public ConnectionSpec {
        Objects.requireNonNull(name, "connection name");
        Objects.requireNonNull(type, "connection type of " + name);
        Objects.requireNonNull(url, "connection url of " + name);
        properties = Map.copyOf(properties);
    }

    /** Property values may be secrets, so only their names are shown. */
    @Override
    public String toString() {
        return "ConnectionSpec[name=" + name + ", type=" + type + ", url=" + url + ", user=" + user
                + ", password=" + (password == null ? "none" : password) + ", properties=" + properties.keySet() + "]";
    }
}
