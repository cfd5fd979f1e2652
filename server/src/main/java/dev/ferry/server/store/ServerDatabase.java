package dev.ferry.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ferry.api.FerryException;
import dev.ferry.engine.config.StateConfig;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The server's tables (tokens, audit, stored pipelines and connections, schedules, notices), kept in
 * the same database as the engine's state so that one store holds everything a node knows, and
 * several nodes on one PostgreSQL store share it. They have their own Flyway history, so the engine's
 * schema and the server's evolve apart.
 *
 * <p>Thread-safe: a connection pool.
 */
public final class ServerDatabase implements AutoCloseable {
    static final String HISTORY_TABLE = "ferry_server_schema_history";

    private final HikariDataSource pool;
    private final Flavour flavour;

    private ServerDatabase(HikariDataSource pool, Flavour flavour) {
        this.pool = pool;
        this.flavour = flavour;
    }

    /** Opens a pool on the state store's database and brings the server's tables up to date. */
    public static ServerDatabase open(StateConfig state) {
        Flavour flavour = Flavour.of(state.url());
        if (flavour == Flavour.SQLITE) {
            createSqliteFolder(state.url());
        }
        // The engine's schema first: its migrations refuse a non-empty database without their history,
        // so `ferry token create` before any run or serve would otherwise leave a store no run can open.
        dev.ferry.engine.state.StateStores.open(state).close();
        HikariConfig config = new HikariConfig();
        config.setPoolName("ferry-server-store");
        config.setJdbcUrl(state.url());
        if (state.user() != null) {
            config.setUsername(state.user());
        }
        if (state.password() != null) {
            config.setPassword(state.password().reveal());
        }
        config.setMaximumPoolSize(flavour == Flavour.SQLITE ? 4 : 8);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        if (flavour == Flavour.SQLITE) {
            // Runs write to the same file from their own connections: wait for their short transactions.
            config.setConnectionInitSql("PRAGMA busy_timeout=10000");
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new FerryException("Server store " + state.shownUrl() + " cannot be opened: " + rootMessage(e), e);
        }
        try {
            Flyway.configure().dataSource(pool).table(HISTORY_TABLE)
                    .locations("classpath:dev/ferry/server/migration/" + flavour.folder)
                    .baselineOnMigrate(true).baselineVersion("0")
                    .load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new FerryException("Server tables in " + state.shownUrl() + " cannot be set up: " + rootMessage(e), e);
        }
        return new ServerDatabase(pool, flavour);
    }

    public DataSource dataSource() {
        return pool;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    public Flavour flavour() {
        return flavour;
    }

    /** Whether the database answers now. */
    public boolean isReachable() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    private static void createSqliteFolder(String url) {
        String path = url.substring("jdbc:sqlite:".length()).split("\\?", 2)[0].replaceFirst("^file:", "");
        if (path.isEmpty() || path.contains(":memory:")) {
            return;
        }
        java.nio.file.Path parent = java.nio.file.Path.of(path).toAbsolutePath().getParent();
        try {
            java.nio.file.Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new FerryException("Folder " + parent + " of the state store cannot be created: " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    /** The engines the server's tables live in. */
    public enum Flavour {
        SQLITE("sqlite"), POSTGRESQL("postgresql");

        private final String folder;

        Flavour(String folder) {
            this.folder = folder;
        }

        static Flavour of(String url) {
            if (url.startsWith("jdbc:sqlite:")) {
                return SQLITE;
            }
            if (url.startsWith("jdbc:postgresql:")) {
                return POSTGRESQL;
            }
            throw new FerryException("The server's store must be jdbc:sqlite: or jdbc:postgresql:");
        }
    }
}
