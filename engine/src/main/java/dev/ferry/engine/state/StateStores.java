package dev.ferry.engine.state;

import dev.ferry.api.ConnectFailure;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.FerryException;
import dev.ferry.api.UrlSecrets;
import dev.ferry.engine.config.StateConfig;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/** Opens state stores: creates the SQLite file's folder and brings the schema up to date. */
public final class StateStores {

    /** The newest migration shipped; a schema at this version is opened without running Flyway. */
    static final int SCHEMA_VERSION = 10;
    static final String HISTORY_TABLE = "ferry_schema_history";

    private StateStores() {
    }

    /**
     * The state store when it has been created (by an earlier run), else empty; creates nothing, so
     * commands that only read ({@code status}, {@code check}) leave no file or table behind.
     */
    public static Optional<StateStore> openIfExists(StateConfig config) {
        StateDatabase database = StateDatabase.of(config.url());
        if (database == StateDatabase.SQLITE) {
            Path file = sqliteFile(config.url());
            if (file != null && !Files.exists(file)) {
                return Optional.empty();
            }
            return Optional.of(open(config));
        }
        try (Connection connection = connect(config)) {
            if (installedVersion(connection) == 0) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new FerryException("State store " + safeUrl(config.shownUrl()) + " cannot be read: "
                    + masked(config, e.getMessage()), e);
        }
        return Optional.of(open(config));
    }

    public static StateStore open(StateConfig config) {
        StateDatabase database = StateDatabase.of(config.url());
        createSqliteFolder(config.url());
        Connection connection = connect(config);
        try {
            database.prepare(connection);
            if (installedVersion(connection) < SCHEMA_VERSION) {
                migrate(config, database);
            }
            SqlStateStore store = new SqlStateStore(connection, database.locks(config.url(), () -> connect(config)));
            store.markInterruptedRuns();
            return store;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw new FerryException("State store " + safeUrl(config.shownUrl()) + " cannot be opened: "
                    + masked(config, e.getMessage()), e);
        }
    }

    private static Connection connect(StateConfig config) {
        Properties properties = new Properties();
        if (config.user() != null) {
            properties.setProperty("user", config.user());
        }
        if (config.password() != null) {
            properties.setProperty("password", config.password().reveal());
        }
        if (StateDatabase.of(config.url()) == StateDatabase.SQLITE) {
            // Every transaction of the store writes (reads run outside one). A deferred transaction that
            // reads first and then writes cannot wait for another process's commit in WAL mode: SQLite
            // answers SQLITE_BUSY at once, whatever the busy timeout. Taking the write lock at BEGIN
            // makes it wait, up to the busy timeout, as a server's concurrent runs need.
            properties.setProperty("transaction_mode", "IMMEDIATE");
        }
        if (StateDatabase.of(config.url()) == StateDatabase.POSTGRESQL) {
            // A server that accepts the connection and never answers fails the login instead of hanging.
            String seconds = Integer.toString(ConnectionSpec.DEFAULT_CONNECT_TIMEOUT_SECONDS);
            properties.setProperty("connectTimeout", seconds);
            properties.setProperty("loginTimeout", seconds);
            properties.setProperty("sslResponseTimeout", seconds + "000");
        }
        try {
            return DriverManager.getConnection(config.url(), properties);
        } catch (SQLException e) {
            ConnectFailure reason = ConnectFailure.of(e);
            String why = reason == null ? masked(config, e.getMessage())
                    : reason.describe(endpoint(config.url()), ConnectionSpec.DEFAULT_CONNECT_TIMEOUT_SECONDS);
            throw new FerryException("State store " + safeUrl(config.shownUrl()) + " cannot be reached: " + why, e);
        }
    }

    /**
     * Flyway takes a few hundred milliseconds to start, a large share of a short incremental run,
     * so it runs only when the schema is missing or older than this build's.
     */
    private static int installedVersion(Connection connection) {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM " + HISTORY_TABLE
                     + " WHERE success = " + (isSqlite(connection) ? "1" : "true"))) {
            int highest = 0;
            while (rows.next()) {
                String version = rows.getString(1);
                if (version != null && version.matches("\\d+")) {
                    highest = Math.max(highest, Integer.parseInt(version));
                }
            }
            return highest;
        } catch (SQLException noHistoryYet) {
            rollbackQuietly(connection);
            return 0;
        }
    }

    private static void migrate(StateConfig config, StateDatabase database) {
        Flyway.configure(StateStores.class.getClassLoader())
                .dataSource(config.url(), config.user(),
                        config.password() == null ? null : config.password().reveal())
                .locations(database.migrationLocation())
                .table(HISTORY_TABLE)
                .baselineOnMigrate(false)
                .load()
                .migrate();
    }

    private static boolean isSqlite(Connection connection) throws SQLException {
        return connection.getMetaData().getURL().startsWith("jdbc:sqlite:");
    }

    /** The file of a SQLite URL; null for an in-memory database. */
    private static Path sqliteFile(String url) {
        if (!url.startsWith("jdbc:sqlite:")) {
            return null;
        }
        return StateDatabase.file(url).map(Path::toAbsolutePath).orElse(null);
    }

    private static void createSqliteFolder(String url) {
        Path file = sqliteFile(url);
        if (file == null) {
            return;
        }
        Path parent = file.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new FerryException("State folder " + parent + " cannot be created: " + e.getMessage(), e);
        }
    }

    /** A driver's or Flyway's message (some quote the URL) with the store's secrets masked. */
    private static String masked(StateConfig config, String message) {
        if (message == null) {
            return null;
        }
        String masked = message.replace(config.url(), config.shownUrl());
        for (UrlSecrets.Span span : UrlSecrets.find(config.url())) {
            masked = masked.replace(span.valueIn(config.url()), UrlSecrets.MASK);
        }
        return config.password() == null || config.password().isEmpty() ? masked
                : masked.replace(config.password().reveal(), UrlSecrets.MASK);
    }

    /** The host:port of a PostgreSQL URL, as pgjdbc reads it. */
    private static String endpoint(String url) {
        String rest = url.substring("jdbc:postgresql:".length());
        if (!rest.startsWith("//")) {
            return "localhost:5432";
        }
        String authority = rest.substring(2).split("[/?]", 2)[0];
        return authority.contains(":") || authority.contains(",") ? authority : authority + ":5432";
    }

    /** The URL without its query string, where drivers accept passwords. */
    static String safeUrl(String url) {
        return url.split("[?;]", 2)[0];
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is unusable; the caller's next statement reports it
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing after a failure; the original error is what matters
        }
    }
}
