package dev.ferry.connectors.jdbc;

import dev.ferry.api.ConnectionSpec;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens connections for a {@link ConnectionSpec}, reporting failures by connection name, never by URL (it may hold a password). */
public final class JdbcConnections {

    private JdbcConnections() {
    }

    public static Connection open(ConnectionSpec spec) {
        Properties properties = new Properties();
        properties.putAll(spec.properties());
        if (spec.user() != null) {
            properties.setProperty("user", spec.user());
        }
        if (spec.password() != null) {
            properties.setProperty("password", spec.password().reveal());
        }
        try {
            return DriverManager.getConnection(spec.url(), properties);
        } catch (SQLException e) {
            throw SqlErrors.wrap("Cannot connect to " + spec.type() + " connection " + spec.name(), e);
        }
    }

    /** Closes quietly: used on paths that already report a failure, or where the connection may be lost. */
    public static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // nothing useful can be done; the original failure, if any, is what matters
            }
        }
    }
}
