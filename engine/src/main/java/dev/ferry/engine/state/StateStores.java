package dev.ferry.engine.state;

import dev.ferry.api.FerryException;
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
import java.util.Properties;

/** Opens state stores: creates the SQLite file's folder and brings the schema up to date. */
public final class StateStores {

    /** The newest migration shipped; a schema at this version is opened without running Flyway. */
    static final int SCHEMA_VERSION = 3;
    static final String HISTORY_TABLE = "ferry_schema_history";

    private StateStores() {
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
            return new SqlStateStore(connection);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw new FerryException("State store " + safeUrl(config.url()) + " cannot be opened: "
                    + e.getMessage(), e);
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
        try {
            return DriverManager.getConnection(config.url(), properties);
        } catch (SQLException e) {
            throw new FerryException("State store " + safeUrl(config.url()) + " cannot be reached: "
                    + e.getMessage(), e);
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

    private static void createSqliteFolder(String url) {
        if (!url.startsWith("jdbc:sqlite:") || url.contains(":memory:")) {
            return;
        }
        String path = url.substring("jdbc:sqlite:".length()).split("\\?", 2)[0];
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new FerryException("State folder " + parent + " cannot be created: " + e.getMessage(), e);
        }
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
