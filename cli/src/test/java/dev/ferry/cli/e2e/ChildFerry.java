package dev.ferry.cli.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.fail;

/**
 * Runs {@code ferry} as a real child JVM on the test class path, so tests can kill it, signal it
 * and read its exit code exactly as an operator's shell would; and waits on what the child did.
 */
public final class ChildFerry {

    private ChildFerry() {
    }

    /** Starts {@code ferry ARGS} in {@code workDir}; stdout and stderr go to {@code log}. */
    public static Process start(Path workDir, Path log, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.ferry.cli.Ferry");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Waits for {@code condition}, failing at once with the log when ferry exits first. */
    public static void awaitWhileAlive(Process ferry, Path log, String what, Duration timeout, Callable<Boolean> condition)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (!ferry.isAlive()) {
                fail("ferry exited with " + ferry.exitValue() + " while waiting for " + what + ":\n" + logText(log));
            }
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + timeout + ":\n" + logText(log));
            }
            Thread.sleep(50);
        }
    }

    /** What the child wrote so far; empty before it wrote anything. */
    public static String logText(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Rows of a SQLite file's {@code events} table, the table the signal and kill tests copy. */
    public static long countEvents(Path database) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select count(*) from events")) {
            result.next();
            return result.getLong(1);
        }
    }

    /** As {@link #countEvents}, but 0 until the file and its table exist. */
    public static long countEventsIfPresent(Path database) {
        if (!Files.exists(database)) {
            return 0;
        }
        try {
            return countEvents(database);
        } catch (SQLException notCreatedYet) {
            return 0;
        }
    }

    /**
     * Creates the SQLite {@code events} table the signal tests copy: rows 1..count, each with
     * {@code seq = id}, so a stored cursor says exactly how many rows were committed.
     */
    public static void createEvents(Path database, int count) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement()) {
            statement.execute("create table events (id integer primary key, payload text not null, "
                    + "amount numeric(12,2), seq integer not null)");
            connection.setAutoCommit(false);
            try (java.sql.PreparedStatement insert = connection.prepareStatement("insert into events values (?, ?, ?, ?)")) {
                for (int id = 1; id <= count; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "event " + id);
                    insert.setString(3, (id % 100_000) + "." + (id % 100));
                    insert.setInt(4, id);
                    insert.addBatch();
                    if (id % 10_000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }
}
