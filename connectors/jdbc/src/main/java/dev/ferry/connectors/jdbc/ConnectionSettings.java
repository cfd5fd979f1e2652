package dev.ferry.connectors.jdbc;

import dev.ferry.api.ConnectionSpec;

import java.util.Locale;
import java.util.Properties;

/**
 * The driver properties a connection opens with: the configured ones, the credentials, and the
 * connect timeout in each driver's own setting, so a server that accepts the connection and never
 * answers fails after {@link ConnectionSpec#connectTimeoutSeconds()} instead of hanging. A setting
 * the user gave under {@code properties:} wins.
 */
final class ConnectionSettings {

    private ConnectionSettings() {
    }

    static Properties of(ConnectionSpec spec) {
        Properties properties = new Properties();
        properties.putAll(spec.properties());
        if (spec.user() != null) {
            properties.setProperty("user", spec.user());
        }
        if (spec.password() != null) {
            properties.setProperty("password", spec.password().reveal());
        }
        String seconds = Integer.toString(spec.connectTimeoutSeconds());
        switch (spec.type()) {
            // connectTimeout covers the TCP connect; loginTimeout the whole start-up, where a silent
            // server would otherwise hold the login forever. The wait for an answer to the SSL request
            // has its own limit (5 s by default), which would cut the login short of the timeout chosen.
            case "postgresql" -> {
                setUnlessGiven(spec, properties, "connectTimeout", seconds);
                setUnlessGiven(spec, properties, "loginTimeout", seconds);
                setUnlessGiven(spec, properties, "sslResponseTimeout", seconds + "000");
            }
            // Connector/J uses connectTimeout (milliseconds) for the connect and the handshake.
            case "mariadb", "mysql" -> setUnlessGiven(spec, properties, "connectTimeout", seconds + "000");
            // mssql-jdbc's loginTimeout does not cover the pre-login read, so a socket timeout guards
            // it; JdbcConnections lifts it once logged in, for queries may rightly take longer.
            case "sqlserver" -> {
                setUnlessGiven(spec, properties, "loginTimeout", seconds);
                setUnlessGiven(spec, properties, "socketTimeout", seconds + "000");
            }
            default -> {
                // file databases have nothing to wait for
            }
        }
        return properties;
    }

    /** Whether the connection's read timeout was set here for the login only, and must be lifted after it. */
    static boolean limitsOnlyTheLogin(ConnectionSpec spec) {
        return spec.type().equals("sqlserver") && !isGiven(spec, "socketTimeout");
    }

    /** The user's own setting, under properties: or in the URL, wins over the one derived from connect_timeout. */
    private static void setUnlessGiven(ConnectionSpec spec, Properties properties, String name, String value) {
        if (!isGiven(spec, name)) {
            properties.setProperty(name, value);
        }
    }

    private static boolean isGiven(ConnectionSpec spec, String name) {
        if (spec.properties().containsKey(name)) {
            return true;
        }
        String url = spec.url().toLowerCase(Locale.ROOT);
        String key = name.toLowerCase(Locale.ROOT) + "=";
        return url.contains("?" + key) || url.contains("&" + key) || url.contains(";" + key);
    }
}
