package dev.ferry.cli.sync;

import dev.ferry.cli.Ferry;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.testkit.TestMariaDb;
import dev.ferry.testkit.TestPostgres;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A SQLite source file, a destination on a real engine, a pipeline file written by the test, and
 * {@code ferry run} in process; plus what the tests look at afterwards: destination rows, the run's
 * history and its log.
 */
final class SyncFixture {
    static final String PIPELINE = "sync";

    private final Path dir;
    final String sourceUrl;
    final String destinationUrl;
    final String destinationType;
    /** Small by default, so a few hundred rows already span many batches and commits. */
    int batchSize = 50;
    int commitEvery = 100;

    SyncFixture(Path dir, String destinationType, String prefix) {
        this(dir, "jdbc:sqlite:" + dir.resolve("source.db"), destinationType, prefix);
    }

    /** A source at {@code sourceUrl} instead of the SQLite file. */
    SyncFixture(Path dir, String sourceUrl, String destinationType, String prefix) {
        this.dir = dir;
        this.destinationType = destinationType;
        this.sourceUrl = sourceUrl;
        this.destinationUrl = switch (destinationType) {
            case "postgresql" -> TestPostgres.freshDatabase(prefix);
            case "mariadb" -> TestMariaDb.freshDatabase(prefix);
            case "sqlite" -> "jdbc:sqlite:" + dir.resolve("destination.db");
            default -> throw new IllegalArgumentException(destinationType);
        };
    }

    /** Writes the pipeline file: the given top-level settings, then {@code streams:} as given. */
    Path pipeline(String settings, String streams) throws IOException {
        Path file = dir.resolve("pipeline.yml");
        Files.writeString(file, """
                pipeline: %s
                connections:
                  src:
                    url: %s
                  dst:
                    url: %s
                source: src
                destination: dst
                state:
                  url: jdbc:sqlite:%s
                batch_size: %d
                commit_every: %d
                %s
                streams:
                %s
                """.formatted(PIPELINE, sourceUrl, destinationUrl, dir.resolve("state.db"), batchSize, commitEvery, settings,
                streams.indent(2)));
        return file;
    }

    /** Runs {@code ferry run} with the arguments after the pipeline file; returns its exit code and output. */
    Outcome run(Path pipeline, String... extra) {
        StringWriter output = new StringWriter();
        List<String> arguments = new ArrayList<>(List.of("run", pipeline.toString()));
        arguments.addAll(List.of(extra));
        int exitCode;
        try (PrintWriter out = new PrintWriter(output, true)) {
            exitCode = Ferry.execute(out, out, arguments.toArray(String[]::new));
        }
        return new Outcome(exitCode, output.toString());
    }

    record Outcome(int exitCode, String output) {
    }

    /** The last run's history record. */
    RunRecord lastRun() {
        try (StateStore state = openState()) {
            return state.recentRuns(PIPELINE, 1).getFirst();
        }
    }

    /** The last run's log, one line per entry, as "LEVEL message". */
    List<String> lastRunLog() {
        try (StateStore state = openState()) {
            long id = state.recentRuns(PIPELINE, 1).getFirst().id();
            return state.runLog(id).stream().map(line -> line.level() + " " + line.message()).toList();
        }
    }

    private StateStore openState() {
        return StateStores.open(new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null));
    }

    void source(String... statements) throws SQLException {
        execute(sourceUrl, statements);
    }

    void destination(String... statements) throws SQLException {
        execute(destinationUrl, statements);
    }

    static void execute(String url, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** Every row of a destination query, each value as text (null stays null), for comparisons across engines. */
    List<List<String>> destinationRows(String sql) throws SQLException {
        return rows(destinationUrl, sql);
    }

    static List<List<String>> rows(String url, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The declared type of a destination column, as the catalog reports it (lower case, with its length). */
    String destinationColumnType(String table, String column) throws SQLException {
        String sql = switch (destinationType) {
            case "postgresql" -> "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '"
                    + table + "'::regclass AND attname = '" + column + "'";
            case "mariadb" -> "SELECT column_type FROM information_schema.columns WHERE table_schema = database() "
                    + "AND table_name = '" + table + "' AND column_name = '" + column + "'";
            default -> "SELECT type FROM pragma_table_info('" + table + "') WHERE name = '" + column + "'";
        };
        List<List<String>> rows = destinationRows(sql);
        return rows.isEmpty() ? null : rows.getFirst().getFirst().toLowerCase(java.util.Locale.ROOT);
    }
}
