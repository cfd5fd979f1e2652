package dev.ferry.connectors.jdbc;

import dev.ferry.api.ConnectFailure;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.FerryException;
import dev.ferry.api.RetriableException;
import dev.ferry.connectors.jdbc.sqlite.SqliteFiles;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Opens connections for a {@link ConnectionSpec}. Failures name the connection and the host and port
 * it tried, say why in a user's words (unknown host, refused, timed out), and never show a secret.
 */
public final class JdbcConnections {

    private JdbcConnections() {
    }

    /** A connection; a SQLite file that does not exist yet is created. */
    public static Connection open(ConnectionSpec spec) {
        Connection connection;
        try {
            connection = DriverManager.getConnection(spec.url(), ConnectionSettings.of(spec));
        } catch (SQLException e) {
            throw failure(spec, e);
        }
        if (ConnectionSettings.limitsOnlyTheLogin(spec)) {
            try {
                connection.setNetworkTimeout(Runnable::run, 0);
            } catch (SQLException e) {
                closeQuietly(connection);
                throw SqlErrors.wrap("Cannot set up " + spec.type() + " connection " + spec.name(), e);
            }
        }
        return connection;
    }

    /**
     * A connection to a database that must already exist: a SQLite file that does not is reported,
     * not created, so reading and looking (sources, {@code check}, {@code discover}) leave nothing behind.
     */
    public static Connection openExisting(ConnectionSpec spec) {
        Optional<Path> file = SqliteFiles.of(spec.url());
        if (file.isPresent() && !Files.exists(file.get())) {
            throw new FerryException("Cannot connect to " + spec.type() + " connection " + spec.name() + ": "
                    + spec.shownUrl() + " names no existing database file; a source must be an existing database");
        }
        return open(spec);
    }

    private static FerryException failure(ConnectionSpec spec, SQLException e) {
        String what = "Cannot connect to " + spec.type() + " connection " + spec.name();
        String endpoint = JdbcEndpoints.of(spec.url());
        ConnectFailure reason = ConnectFailure.of(e);
        if (reason == null && endpoint != null && !resolves(endpoint)) {
            reason = ConnectFailure.UNKNOWN_HOST; // some drivers keep only the host name of the UnknownHostException
        }
        String message;
        if (reason != null && endpoint != null) {
            message = what + ": " + spec.mask(reason.describe(endpoint, spec.connectTimeoutSeconds()));
        } else {
            String driverReason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
            message = what + (endpoint == null ? "" : " at " + spec.mask(endpoint)) + ": " + spec.mask(driverReason);
        }
        return SqlErrors.isRetriable(e) || reason == ConnectFailure.TIMED_OUT || reason == ConnectFailure.REFUSED
                ? new RetriableException(message, e) : new FerryException(message, e);
    }

    /** Whether every host of the endpoint list resolves. */
    private static boolean resolves(String endpoints) {
        for (String endpoint : endpoints.split(",")) {
            int colon = endpoint.lastIndexOf(':');
            String host = colon > 0 ? endpoint.substring(0, colon) : endpoint;
            try {
                InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return true;
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
