package dev.ferry.server.connections;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A connection as the server stores it: every value as written ({@code ${env:NAME}} and
 * {@code ${file:PATH}} references unresolved), secrets sealed.
 *
 * @param name              unique; letters, digits, _ . -
 * @param type              the connector type; null to infer it from the URL
 * @param url               as written; never holds a written password
 * @param user              null for none
 * @param passwordReference the password when it is a reference; null when none or sealed
 * @param properties        driver properties that are not sealed, as written: values of names that
 *                          are not secret, and references in secret-named ones
 * @param options           Ferry's options for the connection (zero_dates, ...), as connectors read them
 * @param sealed            the encrypted secrets by field: {@code password} or {@code properties.NAME}
 * @param updatedBy         the token (or CLI user) that stored it last
 */
public record StoredConnection(String name, String type, String url, String user, String passwordReference,
                               Map<String, String> properties, Map<String, String> options, Map<String, String> sealed,
                               Instant createdAt, Instant updatedAt, String updatedBy) {
    public static final String PASSWORD_FIELD = "password";
    public static final String PROPERTY_FIELD_PREFIX = "properties.";

    public StoredConnection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        properties = java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
        options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));
        sealed = java.util.Collections.unmodifiableMap(new TreeMap<>(sealed));
    }

    public boolean passwordSet() {
        return passwordReference != null || sealed.containsKey(PASSWORD_FIELD);
    }

    /** The names of properties whose values are sealed. */
    public java.util.List<String> sealedProperties() {
        return sealed.keySet().stream().filter(field -> field.startsWith(PROPERTY_FIELD_PREFIX))
                .map(field -> field.substring(PROPERTY_FIELD_PREFIX.length())).toList();
    }

    @Override
    public String toString() {
        return "StoredConnection[name=" + name + ", type=" + type + ", url=" + url + ", sealed=" + sealed.keySet() + "]";
    }
}
