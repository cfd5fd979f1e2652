package dev.ferry.server.connections;

import java.util.Map;

/**
 * The body of {@code PUT /api/connections/{name}}. The connection is replaced by what is given,
 * except its secrets: a secret that is not mentioned is kept, so a client that reads a connection and
 * writes it back never wipes a password it could not see.
 *
 * @param type            optional connector type; inferred from the URL when absent
 * @param url             required; never with a written password
 * @param user            optional
 * @param password        the password: a value is stored encrypted; a whole {@code ${env:NAME}} or
 *                        {@code ${file:PATH}} reference is stored as written; see {@code passwordGiven}
 * @param passwordGiven   whether the body has a {@code password} field: absent keeps the stored one,
 *                        {@code null} clears it
 * @param properties      driver properties; null values clear a secret property; secret-named
 *                        properties not mentioned are kept
 * @param options         Ferry's options (zero_dates, decimals, tinyint1, connect_timeout)
 */
public record ConnectionInput(String type, String url, String user, String password, boolean passwordGiven,
                              Map<String, String> properties, Map<String, String> options) {

    public ConnectionInput {
        properties = properties == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }

    @Override
    public String toString() {
        return "ConnectionInput[type=" + type + ", url=" + url + ", user=" + user + ", password="
                + (passwordGiven ? (password == null ? "clear" : "****") : "keep") + ", properties=" + properties.keySet() + "]";
    }
}
