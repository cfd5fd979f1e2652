package dev.ferry.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The databases one JVM creates on a test server: unique names, and on a server named by the
 * environment a drop of each when the JVM exits, unless {@code FERRY_TEST_KEEP_DATABASES=1} keeps
 * them for a post-mortem. Embedded servers vanish with their directory and need no drop.
 */
final class CreatedDatabases {
    static final String KEEP_VARIABLE = "FERRY_TEST_KEEP_DATABASES";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String adminUrl;
    private final UnaryOperator<String> dropStatement;
    private final List<String> names = new ArrayList<>();

    /**
     * @param adminUrl      the server's administrative URL, user included
     * @param embedded      whether the server is embedded (then nothing is dropped)
     * @param dropStatement the statement that drops the named database
     * @param hookName      the name of the drop hook's thread
     */
    CreatedDatabases(String adminUrl, boolean embedded, UnaryOperator<String> dropStatement, String hookName) {
        this.adminUrl = adminUrl;
        this.dropStatement = dropStatement;
        if (!embedded && !"1".equals(System.getenv(KEEP_VARIABLE))) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::dropAll, hookName));
        }
    }

    /** A name no other test or JVM uses: the prefix, this JVM's id, a counter and a clock suffix. */
    static String newName(String prefix) {
        return (prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet()
                + "_" + Long.toString(System.nanoTime() % 1_000_000, 36)).toLowerCase();
    }

    synchronized void add(String name) {
        names.add(name);
    }

    /** The URL without its query string, where passwords may be: for error messages. */
    static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private synchronized void dropAll() {
        try (Connection connection = DriverManager.getConnection(adminUrl);
             Statement statement = connection.createStatement()) {
            for (String name : names) {
                try {
                    statement.execute(dropStatement.apply(name));
                } catch (SQLException ignored) {
                    // a database a failed test still holds: leave it rather than fail the exit
                }
            }
        } catch (SQLException ignored) {
            // the server is gone; nothing to clean
        }
    }
}
