package dev.ferry.server.connections;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored connection as the API shows it: never a secret's value, only whether it is set.
 *
 * @param url               as written (it never holds a written password; references are shown as references)
 * @param passwordSet       whether a password is stored (sealed, or as a reference)
 * @param passwordReference the password's {@code ${env:NAME}} or {@code ${file:PATH}} reference when it
 *                          is one (not a secret); null otherwise
 * @param properties        driver properties that are not sealed, as written
 * @param secretProperties  the sealed properties, each shown as {@code "set"}
 * @param problem           why the connection cannot be used now (a secret that cannot be decrypted, a
 *                          reference that does not resolve), and what to do; null when it can
 */
public record ConnectionView(String name, String type, String url, String user, boolean passwordSet,
                             String passwordReference, Map<String, String> properties,
                             Map<String, String> secretProperties, Map<String, String> options, Instant createdAt,
                             Instant updatedAt, String updatedBy, String problem) {

    public static final String SET = "set";

    public static ConnectionView of(StoredConnection connection, String problem) {
        Map<String, String> secrets = new LinkedHashMap<>();
        List<String> sealed = connection.sealedProperties();
        sealed.forEach(property -> secrets.put(property, SET));
        return new ConnectionView(connection.name(), connection.type(), connection.url(), connection.user(),
                connection.passwordSet(), connection.passwordReference(), connection.properties(), secrets,
                connection.options(), connection.createdAt(), connection.updatedAt(), connection.updatedBy(), problem);
    }
}
