package dev.ferry.cli.e2e;

import dev.ferry.cli.Ferry;
import dev.ferry.cli.e2e.TableComparison.ColumnSpec;
import dev.ferry.cli.e2e.TableComparison.Kind;
import dev.ferry.testkit.TestMariaDb;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ferry run} repeated while a writer keeps changing a MariaDB or SQLite source, as
 * {@link ConcurrentWriterCursorTest} does for PostgreSQL, with the JVM and the writing session
 * outside UTC. The writer inserts and updates rows stamped with the source's own clock and, right
 * after each run, inserts rows that tie with the highest cursor value, which that run may have
 * stored. At the end the PostgreSQL copy must equal the source in every value, and a trigger at
 * the destination, logging every row it actually inserts or changes, shows no version of a row
 * applied twice or after a newer one.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConcurrentWriterEnginesTest {
    private static final String PIPELINE = "engines";
    private static final long WRITE_MILLIS = 5_000;
    private static final int SEED_ROWS = 500;

    /** A source engine and its cursor column type; {@code zoned} when the column holds instants. */
    enum SourceCase {
        /** Whole seconds, so many rows share the highest value. */
        MARIADB_TIMESTAMP("TIMESTAMP", true),
        MARIADB_DATETIME("DATETIME(6)", false),
        /** Text in three ISO forms of one precision (trailing zeros, a 'T', none) and epoch milliseconds. */
        SQLITE_TEXT("TIMESTAMP", false);

        final String cursorType;
        final boolean zoned;

        SourceCase(String cursorType, boolean zoned) {
            this.cursorType = cursorType;
            this.zoned = zoned;
        }

        boolean maria() {
            return this != SQLITE_TEXT;
        }
    }

    @TempDir
    Path dir;

    private final long seed = Long.getLong("ferry.concurrent.seed", System.nanoTime());
    private final AtomicLong runsStarted = new AtomicLong();
    private final AtomicLong runsFinished = new AtomicLong();
    private final AtomicLong tieRows = new AtomicLong();
    private final AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    private TimeZone jvmZone;
    private SourceCase source;
    private String sourceUrl;
    private String destinationUrl;

    @BeforeEach
    void leaveUtc() {
        jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/Sao_Paulo"));
    }

    @AfterEach
    void restoreZone() {
        TimeZone.setDefault(jvmZone);
    }

    @ParameterizedTest
    @EnumSource(SourceCase.class)
    void everyRowArrivesOnceWhileTheSourceIsWritten(SourceCase source) throws Exception {
        this.source = source;
        System.out.println(source + ": seed " + seed);
        createSource();
        createDestination();
        Path pipeline = writePipeline();

        Thread writer = Thread.ofPlatform().name("writer-" + source).start(() -> {
            try {
                write(new Random(seed));
            } catch (Throwable e) {
                writerFailure.set(e);
            }
        });
        int runs = 0;
        while (writer.isAlive()) {
            syncOnce(pipeline);
            runs++;
        }
        writer.join();
        syncOnce(pipeline);
        runs++;

        assertThat(writerFailure.get()).as("writer failure").isNull();
        System.out.printf("%s: %d runs, %d tie rows%n", source, runs, tieRows.get());
        assertThat(runs).as("runs during the writes").isGreaterThan(2);
        assertThat(tieRows.get()).as("rows inserted on the highest cursor value after a run").isPositive();
        TableComparison.Result compared = TableComparison.compare(comparableSourceUrl(), "events", destinationUrl,
                "events", "id", columns());
        assertThat(compared.identical()).as("%s, seed %d:%n%s", source, seed, compared.describe()).isTrue();
        assertThat(compared.sourceRows()).isGreaterThan(SEED_ROWS);
        assertNoVersionAppliedTwice();
    }

    private List<ColumnSpec> columns() {
        return List.of(ColumnSpec.of("payload", Kind.TEXT), ColumnSpec.of("version", Kind.INTEGER),
                ColumnSpec.of("writer", Kind.TEXT), ColumnSpec.of("changed", source.zoned ? Kind.INSTANT : Kind.TIMESTAMP));
    }

    private void createSource() throws SQLException {
        sourceUrl = source.maria() ? TestMariaDb.freshDatabase("engines_src") : "jdbc:sqlite:" + dir.resolve("source.db");
        try (Connection connection = DriverManager.getConnection(sourceUrl);
             Statement statement = connection.createStatement()) {
            if (!source.maria()) {
                statement.execute("PRAGMA journal_mode=WAL");
            }
            statement.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, payload TEXT NOT NULL, version INTEGER NOT NULL,"
                    + " writer VARCHAR(20) NOT NULL, changed " + source.cursorType + " NOT NULL)");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO events VALUES (?, ?, 1, 'seed', " + (source.maria()
                            ? "'2024-01-01 00:00:00' + INTERVAL ? SECOND)" : "datetime('2024-01-01', ? || ' seconds'))"))) {
                for (int i = 1; i <= SEED_ROWS; i++) {
                    insert.setLong(1, i);
                    insert.setString(2, "seed " + i + " ñ");
                    insert.setInt(3, i / 3);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    /** The copy's table made in advance, with a trigger that logs each row the upserts really write. */
    private void createDestination() throws SQLException {
        destinationUrl = TestPostgres.freshDatabase("engines_dst");
        try (Connection connection = DriverManager.getConnection(destinationUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE events (id bigint PRIMARY KEY, payload text NOT NULL, version integer NOT NULL,"
                    + " writer varchar(20) NOT NULL, changed " + (source.zoned ? "timestamptz" : "timestamp") + " NOT NULL)");
            statement.execute("CREATE TABLE applied (seq bigserial PRIMARY KEY, id bigint NOT NULL, version integer NOT NULL)");
            statement.execute("""
                    CREATE FUNCTION log_applied() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      INSERT INTO applied (id, version) VALUES (NEW.id, NEW.version);
                      RETURN NULL;
                    END $$""");
            statement.execute("CREATE TRIGGER log_applied AFTER INSERT OR UPDATE ON events"
                    + " FOR EACH ROW EXECUTE FUNCTION log_applied()");
        }
    }

    /** Per row, the versions written at the destination rise strictly: none repeated, none older after newer. */
    private void assertNoVersionAppliedTwice() throws SQLException {
        Map<Long, Integer> latest = new HashMap<>();
        List<String> repeated = new ArrayList<>();
        long applied = 0;
        try (Connection connection = DriverManager.getConnection(destinationUrl);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, version FROM applied ORDER BY seq")) {
            while (rows.next()) {
                applied++;
                long id = rows.getLong(1);
                int version = rows.getInt(2);
                Integer before = latest.put(id, version);
                if (before != null && before >= version && repeated.size() < 10) {
                    repeated.add("row " + id + ": version " + version + " written after version " + before);
                }
            }
        }
        System.out.printf("%s: %d row versions written at the destination%n", source, applied);
        assertThat(repeated).as("%s, seed %d: row versions written again", source, seed).isEmpty();
    }

    private void syncOnce(Path pipeline) {
        StringWriter output = new StringWriter();
        runsStarted.incrementAndGet();
        int exitCode;
        try (PrintWriter out = new PrintWriter(output, true)) {
            exitCode = Ferry.execute(out, out, "run", pipeline.toString());
        }
        assertThat(exitCode).as("ferry run %d (%s, seed %d):%n%s", runsStarted.get(), source, seed, output).isZero();
        runsFinished.incrementAndGet();
    }

    /**
     * Short transactions stamped with the source's clock, in a session outside UTC on MariaDB: new
     * rows, changed rows; then, once a run has finished, rows tying with the highest value.
     */
    private void write(Random random) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITE_MILLIS);
        long nextId = SEED_ROWS + 1;
        try (Connection connection = DriverManager.getConnection(sourceUrl)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(source.maria() ? "SET time_zone = '+05:30'" : "PRAGMA busy_timeout = 10000");
            }
            connection.setAutoCommit(false);
            while (System.nanoTime() < deadline) {
                for (int i = 1 + random.nextInt(6); i > 0; i--) {
                    if (random.nextBoolean()) {
                        int rows = 1 + random.nextInt(40);
                        insert(connection, nextId, rows, "steady", now(random));
                        nextId += rows;
                    } else {
                        update(connection, random, nextId - 1);
                    }
                    connection.commit();
                    Thread.sleep(random.nextInt(10));
                }
                long awaited = runsStarted.get() + 1;
                while (runsFinished.get() < awaited && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
                int rows = 3 + random.nextInt(30);
                insert(connection, nextId, rows, "tie", highest());
                nextId += rows;
                connection.commit();
                tieRows.addAndGet(rows);
            }
        }
    }

    /**
     * The source's clock in one of the forms applications write. All keep milliseconds: a form
     * cut to whole seconds would stamp rows below a value already read, which only a look-back
     * can catch (see {@link ConcurrentWriterCursorTest}).
     */
    private String now(Random random) {
        if (source.maria()) {
            return "now(6)";
        }
        return switch (random.nextInt(4)) {
            case 0 -> "strftime('%Y-%m-%d %H:%M:%f', 'now')";
            // sqlite-jdbc's own form: an integer, which never compares with text as a time.
            case 3 -> "(CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER))";
            case 1 -> "strftime('%Y-%m-%dT%H:%M:%f', 'now')";
            // No trailing zeros, and no fraction at all on a whole second.
            default -> "rtrim(rtrim(strftime('%Y-%m-%d %H:%M:%f', 'now'), '0'), '.')";
        };
    }

    /** The highest committed cursor value, exactly as stored (SQLite: the text of the latest time). */
    private String highest() {
        return source.maria() ? "(SELECT max(changed) FROM events e)"
                : "(SELECT changed FROM events e ORDER BY CASE WHEN typeof(changed) = 'integer'"
                        + " THEN changed / 86400000.0 + 2440587.5 ELSE julianday(changed) END DESC LIMIT 1)";
    }

    private static void insert(Connection connection, long firstId, int rows, String writer, String cursor)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO events (id, payload, version, writer, changed)"
                + " SELECT ?, ?, 1, ?, " + cursor)) {
            for (int i = 0; i < rows; i++) {
                insert.setLong(1, firstId + i);
                insert.setString(2, "row " + (firstId + i) + " ∑ " + Long.toHexString((firstId + i) * 2654435761L));
                insert.setString(3, writer);
                // One by one: MariaDB's bulk protocol does not take INSERT ... SELECT.
                insert.executeUpdate();
            }
        }
    }

    private void update(Connection connection, Random random, long highestId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE events SET version = version + 1,"
                + " payload = " + (source.maria() ? "concat(payload, '+')" : "payload || '+'") + ", changed = "
                + now(random) + " WHERE id = ?")) {
            for (int i = 1 + random.nextInt(20); i > 0; i--) {
                update.setLong(1, 1 + (long) (random.nextDouble() * highestId));
                update.executeUpdate();
            }
        }
    }

    /** MariaDB's timestamps compared as UTC text, whatever the server's zone. */
    private String comparableSourceUrl() {
        return source.maria() ? sourceUrl + (sourceUrl.contains("?") ? "&" : "?") + "sessionVariables=time_zone='+00:00'"
                : sourceUrl;
    }

    private Path writePipeline() throws IOException {
        String yaml = """
                pipeline: %s
                connections:
                  origin:
                    url: "%s"
                  copy:
                    url: "%s"
                source: origin
                destination: copy
                state:
                  url: "jdbc:sqlite:%s"
                # Small batches, each committed, so a run's checkpoint moves many times while rows arrive.
                batch_size: 25
                commit_every: 25
                streams:
                  - table: events
                    sync: incremental
                    cursor: changed
                """.formatted(PIPELINE, sourceUrl, destinationUrl, dir.resolve("state.db"));
        return Files.writeString(dir.resolve("pipeline.yml"), yaml, StandardCharsets.UTF_8);
    }
}
