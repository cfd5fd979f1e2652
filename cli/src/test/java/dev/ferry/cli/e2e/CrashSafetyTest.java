package dev.ferry.cli.e2e;

import dev.ferry.cli.e2e.TableComparison.ColumnSpec;
import dev.ferry.cli.e2e.TableComparison.Kind;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.state.QuarantineEntry;
import dev.ferry.engine.state.QuarantineFilter;
import dev.ferry.engine.state.QuarantineStage;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a real {@code ferry run} process with SIGKILL at random moments, again and again, then lets
 * one run finish and requires the destination to equal the source exactly: no row lost, none
 * doubled, every value intact. A kill can land anywhere: while the JVM starts, while the state
 * store migrates, between a destination commit and the checkpoint that follows it, in the middle
 * of a COPY. Nothing but the transactional contract of the destination and the state store keeps
 * the data right, which is the point.
 *
 * <p>The seed of the kill delays is printed and can be set with {@code -Dferry.crash.seed=N}; each
 * attempt's delay and outcome is printed too and repeated in any failure message.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class CrashSafetyTest {
    private static final int INITIAL_ROWS = 300_000;
    private static final int MIN_KILLS = 10;
    /** SQLite as destination is the extra case; fewer kills keep the class near two minutes. */
    private static final int MIN_SQLITE_KILLS = 5;
    /** Transforms and quarantine are the other extra case, with as few kills. */
    private static final int MIN_QUARANTINE_KILLS = 5;
    /** Attempts that end before their kill do not count; past this many the kill window is wrong for the machine. */
    private static final int MAX_ATTEMPTS = 30;
    private static final long MIN_KILL_DELAY_MILLIS = 300;

    /** Codes the quarantine scenario's mapping file lacks: its lookup rejects the rows that have them. */
    private static final List<String> UNMAPPED_CODES = List.of("C004242", "C027182");
    /**
     * The rows the quarantine scenario's destination refuses, by a CHECK on their name: ids ending in
     * 7777. Neither the codes nor the names change between attempts, so a row is bad in every run or in none.
     */
    private static final String REFUSED_NAME = "Artículo %7777 —%";

    private static final List<ColumnSpec> COLUMNS = List.of(
            ColumnSpec.of("id", Kind.INTEGER),
            ColumnSpec.of("name", Kind.TEXT),
            ColumnSpec.of("note", Kind.TEXT),
            ColumnSpec.of("code", Kind.TEXT),
            ColumnSpec.decimal("amount", 2),
            ColumnSpec.decimal("discount", 2),
            ColumnSpec.of("created_at", Kind.TIMESTAMP),
            ColumnSpec.of("shipped_at", Kind.TIMESTAMP),
            ColumnSpec.of("active", Kind.BOOLEAN),
            ColumnSpec.of("flagged", Kind.BOOLEAN),
            ColumnSpec.of("updated_at", Kind.TIMESTAMP));

    private static String sourceUrl;
    private static String destinationUrl;
    /** Wall time of one uninterrupted full copy by a child process, start-up included: the widest useful kill window. */
    private static long fullRunMillis;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSourceAndMeasureAFullRun(@TempDir Path calibrationDir) throws Exception {
        sourceUrl = TestPostgres.freshDatabase("crash_src");
        destinationUrl = TestPostgres.freshDatabase("crash_dst");
        execute(sourceUrl, createItemsSql("items") + ")");
        // Three rows share each initial cursor value, so batch and commit boundaries fall inside ties.
        insertRows(1, INITIAL_ROWS, "timestamp '2024-01-01' + (i / 3) * interval '1 millisecond'");

        Path pipeline = writePipeline(calibrationDir, "calibration", "items_calibration", "full_refresh",
                destinationUrl);
        long started = System.nanoTime();
        runToCompletion(calibrationDir, pipeline, "calibration");
        fullRunMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("an uninterrupted full copy of %,d rows took %,d ms%n", INITIAL_ROWS, fullRunMillis);
        // A baseline: if an uninterrupted copy differs, the kills below are not what is wrong.
        assertIdenticalPostgres("items_calibration", "uninterrupted calibration run");
    }

    @Test
    void incrementalStreamSurvivesRepeatedKills() throws Exception {
        Path pipeline = writePipeline(dir, "crash-incremental", "items_incremental", "incremental",
                destinationUrl);

        KillLog kills = killRepeatedly(pipeline, "incremental", MIN_KILLS, random -> changeSourceRows(random, 10));
        runToCompletion(dir, pipeline, "incremental-final");

        assertIdenticalPostgres("items_incremental", kills.describe());
    }

    @Test
    void fullRefreshUpsertStreamSurvivesRepeatedKills() throws Exception {
        Path pipeline = writePipeline(dir, "crash-full", "items_full", "full_refresh", destinationUrl);

        KillLog kills = killRepeatedly(pipeline, "full-refresh", MIN_KILLS, random -> changeSourceRows(random, 50));
        runToCompletion(dir, pipeline, "full-refresh-final");

        assertIdenticalPostgres("items_full", kills.describe());
    }

    @Test
    void incrementalStreamIntoSqliteSurvivesRepeatedKills() throws Exception {
        Path database = dir.resolve("destination.db");
        Path pipeline = writePipeline(dir, "crash-sqlite", "items", "incremental",
                "jdbc:sqlite:" + database);

        KillLog kills = killRepeatedly(pipeline, "sqlite", MIN_SQLITE_KILLS, random -> changeSourceRows(random, 10));
        runToCompletion(dir, pipeline, "sqlite-final");

        TableComparison.Result result = TableComparison.compare(sourceUrl, "items", "jdbc:sqlite:" + database,
                "items", "id", COLUMNS);
        assertThat(result.identical()).as("SQLite copy after %s%n%s", kills.describe(), result.describe()).isTrue();
    }

    /**
     * An incremental stream with a lookup that rejects some rows and a destination table whose CHECK
     * refuses others, set aside within {@code max_bad_rows} and {@code max_bad_ratio}. After the kills,
     * the destination must equal the source without exactly the bad rows, and the quarantine must
     * hold each bad row once, however often a killed run had set it aside before.
     */
    @Test
    void incrementalStreamWithTransformsAndQuarantineSurvivesRepeatedKills() throws Exception {
        execute(destinationUrl, createItemsSql("items_quarantine") + ",\n  CONSTRAINT name_not_withdrawn CHECK (name NOT LIKE '"
                + REFUSED_NAME + "'))");
        writeIdentityCodes(dir.resolve("codes.json"));
        Path pipeline = writePipeline(dir, "crash-quarantine", "items_quarantine", "incremental", destinationUrl, """
                    max_bad_rows: 50
                    max_bad_ratio: 0.001
                    transforms:
                      - lookup: {column: code, file: codes.json}
                """);

        KillLog kills = killRepeatedly(pipeline, "quarantine", MIN_QUARANTINE_KILLS, random -> changeSourceRows(random, 10));
        runToCompletion(dir, pipeline, "quarantine-final");

        // Never NULL, so that NOT (...) keeps the rows without a code, which the lookup passes as NULL.
        String unmapped = "(code IS NOT NULL AND code IN ('" + String.join("', '", UNMAPPED_CODES) + "'))";
        String refused = "name LIKE '" + REFUSED_NAME + "'";
        execute(sourceUrl, "CREATE OR REPLACE VIEW items_without_bad_rows AS SELECT * FROM items WHERE NOT (" + unmapped
                + " OR " + refused + ")");
        TableComparison.Fingerprint expected = TableComparison.postgresFingerprint(sourceUrl, "items_without_bad_rows",
                "id", COLUMNS);
        TableComparison.Fingerprint copy = TableComparison.postgresFingerprint(destinationUrl, "items_quarantine", "id",
                COLUMNS);
        if (!copy.equals(expected)) {
            TableComparison.Result rows = TableComparison.compare(sourceUrl, "items_without_bad_rows", destinationUrl,
                    "items_quarantine", "id", COLUMNS);
            assertThat(copy).as("fingerprint of items_quarantine after %s%n%s", kills.describe(), rows.describe())
                    .isEqualTo(expected);
        }
        assertThat(copy.distinctKeys()).as("distinct keys of items_quarantine").isEqualTo(copy.rows());

        Map<String, QuarantineStage> expectedEntries = new TreeMap<>();
        idsWhere(unmapped).forEach(id -> expectedEntries.put("id=" + id, QuarantineStage.TRANSFORM));
        idsWhere(refused).forEach(id -> expectedEntries.put("id=" + id, QuarantineStage.DESTINATION));
        assertThat(expectedEntries).as("bad rows of both kinds in the source").hasSizeGreaterThan(30)
                .containsValues(QuarantineStage.TRANSFORM, QuarantineStage.DESTINATION);
        List<QuarantineEntry> entries;
        try (StateStore state = StateStores.open(new StateConfig("jdbc:sqlite:" + dir.resolve("crash-quarantine-state.db"),
                null, null))) {
            entries = state.quarantined(QuarantineFilter.of("crash-quarantine", "items", 10_000));
        }
        Map<String, QuarantineStage> stored = new TreeMap<>();
        for (QuarantineEntry entry : entries) {
            QuarantineStage earlier = stored.put(entry.rowKey(), entry.stage());
            assertThat(earlier).as("a second entry for %s after %s", entry.rowKey(), kills.describe()).isNull();
        }
        assertThat(stored).as("the quarantine after %s", kills.describe()).isEqualTo(expectedEntries);
    }

    /** What happened to each attempt, for the log and for failure messages. */
    private record Attempt(int number, long windowMillis, long delayMillis, boolean killed, int exitCode,
                           long elapsedMillis) {
        @Override
        public String toString() {
            return "#" + number + " (window " + windowMillis + " ms) " + (killed ? "killed at " + delayMillis + " ms"
                    : "ended by itself with exit code " + exitCode + " after " + elapsedMillis + " ms, before its kill at "
                    + delayMillis + " ms");
        }
    }

    private record KillLog(String scenario, long seed, List<Attempt> attempts) {
        String describe() {
            long kills = attempts.stream().filter(Attempt::killed).count();
            return scenario + ": " + kills + " kills, seed " + seed + ", attempts " + attempts;
        }
    }

    @FunctionalInterface
    private interface SourceChange {
        void apply(Random random) throws SQLException;
    }

    /**
     * Starts the pipeline in a child JVM and SIGKILLs it after a random delay until {@code minKills}
     * kills have landed on a live process, changing the source between attempts so there is new work.
     *
     * <p>Delays are drawn between {@link #MIN_KILL_DELAY_MILLIS} and the typical length of a run:
     * first that of a full copy, then that of the last run that ended by itself, because once an
     * incremental stream has caught up its runs are much shorter and most kills would come too late.
     */
    private KillLog killRepeatedly(Path pipeline, String scenario, int minKills, SourceChange betweenAttempts)
            throws Exception {
        long seed = Long.getLong("ferry.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        long window = Math.max(fullRunMillis, MIN_KILL_DELAY_MILLIS + 1_000);
        System.out.printf("%s: seed %d, first kill window %d..%d ms%n", scenario, seed, MIN_KILL_DELAY_MILLIS, window);
        List<Attempt> attempts = new ArrayList<>();
        int kills = 0;
        for (int number = 1; kills < minKills; number++) {
            KillLog soFar = new KillLog(scenario, seed, List.copyOf(attempts));
            assertThat(number).as("too many runs ended before their kill: %s", soFar.describe())
                    .isLessThanOrEqualTo(MAX_ATTEMPTS);
            if (number > 1) {
                betweenAttempts.apply(random);
            }
            long delay = MIN_KILL_DELAY_MILLIS + (long) (random.nextDouble() * (window - MIN_KILL_DELAY_MILLIS));
            Path log = dir.resolve(scenario + "-" + number + ".log");
            long started = System.nanoTime();
            Process process = ChildFerry.start(dir, log, Map.of(), "run", pipeline.toString());
            boolean endedByItself = process.waitFor(delay, TimeUnit.MILLISECONDS);
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            if (!endedByItself) {
                process.destroyForcibly();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("process still alive after SIGKILL").isTrue();
            }
            int exitCode = process.exitValue();
            // 128 + 9: the shell's and Java's code for death by SIGKILL
            boolean killed = !endedByItself && exitCode == 137;
            Attempt attempt = new Attempt(number, window, delay, killed, exitCode, elapsed);
            attempts.add(attempt);
            System.out.println(scenario + " " + attempt);
            if (killed) {
                kills++;
            } else {
                assertThat(exitCode).as("a run that ended by itself must succeed; %s%n%s", soFar.describe(), tail(log))
                        .isZero();
                window = Math.max(elapsed, MIN_KILL_DELAY_MILLIS + 200);
            }
        }
        return new KillLog(scenario, seed, List.copyOf(attempts));
    }

    private static void runToCompletion(Path workDir, Path pipeline, String name) throws Exception {
        Path log = workDir.resolve(name + ".log");
        Process process = ChildFerry.start(workDir, log, Map.of(), "run", pipeline.toString());
        boolean ended = process.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        assertThat(ended && process.exitValue() == 0).as("ferry run %s should end with exit code 0:%n%s", name, tail(log))
                .isTrue();
    }

    /**
     * PostgreSQL's own text of every row must match, so the column types Ferry created must render
     * alike; only when they do not is the slower row-by-row comparison run, to name the rows.
     */
    private static void assertIdenticalPostgres(String copyTable, String context) {
        TableComparison.Fingerprint source = TableComparison.postgresFingerprint(sourceUrl, "items", "id", COLUMNS);
        TableComparison.Fingerprint copy = TableComparison.postgresFingerprint(destinationUrl, copyTable, "id", COLUMNS);
        if (!copy.equals(source)) {
            TableComparison.Result rows = TableComparison.compare(sourceUrl, "items", destinationUrl, copyTable, "id",
                    COLUMNS);
            assertThat(copy).as("fingerprint of %s after %s%n%s", copyTable, context, rows.describe()).isEqualTo(source);
        }
        assertThat(copy.distinctKeys()).as("distinct keys of %s", copyTable).isEqualTo(copy.rows());
        assertThat(copy.rows()).as("rows of %s", copyTable).isGreaterThanOrEqualTo(INITIAL_ROWS);
    }

    /**
     * Changes about one row in {@code everyNth} (values, NULLs and cursor) and appends a few rows.
     * Half of the time the changed rows all get one cursor value (a tie far larger than a batch),
     * otherwise each gets its own.
     */
    private static void changeSourceRows(Random random, int everyNth) throws SQLException {
        String cursor = random.nextBoolean() ? "now()" : "clock_timestamp()";
        try (Connection connection = DriverManager.getConnection(sourceUrl);
             PreparedStatement update = connection.prepareStatement("UPDATE items SET amount = amount + 1.25,"
                     + " discount = CASE WHEN discount IS NULL THEN 3.50 END,"
                     + " note = CASE WHEN note IS NULL THEN 'geändert ' || ? || ' ✓' END,"
                     + " flagged = CASE WHEN flagged IS NULL THEN id % 2 = 0 WHEN flagged THEN NULL ELSE true END,"
                     + " updated_at = " + cursor + " WHERE id % ? = ?")) {
            update.setString(1, Integer.toString(random.nextInt(1_000_000)));
            update.setInt(2, everyNth);
            update.setInt(3, random.nextInt(everyNth));
            update.executeUpdate();
        }
        long next = maxId() + 1;
        insertRows(next, next + random.nextInt(500), cursor);
    }

    /** Rows {@code from..to} of the generated data set, with {@code updatedAt} (a SQL expression of i) as cursor. */
    private static void insertRows(long from, long to, String updatedAt) throws SQLException {
        String sql = """
                INSERT INTO items
                SELECT i,
                  'Artículo ' || i || ' — naïve café ' || md5(i::text),
                  CASE WHEN i % 7 = 0 THEN NULL ELSE 'nota ' || repeat('ß', (1 + i % 5)::int) || ' 東京 ' || i END,
                  CASE WHEN i % 11 = 0 THEN NULL ELSE 'C' || lpad((i % 50000)::text, 6, '0') END,
                  ((i * 7919) % 10000000) / 100.0,
                  CASE WHEN i % 3 = 0 THEN NULL ELSE ((i * 31) % 100000) / 100.0 END,
                  timestamp '2020-01-01' + i * interval '1 second' + (i % 1000) * interval '1 microsecond',
                  CASE WHEN i % 4 = 0 THEN NULL ELSE timestamp '2021-06-01' + i * interval '1 minute' END,
                  i % 2 = 0,
                  CASE WHEN i % 5 = 0 THEN NULL ELSE i % 3 = 0 END,
                  UPDATED_AT
                FROM generate_series(?::bigint, ?::bigint) i""".replace("UPDATED_AT", updatedAt);
        try (Connection connection = DriverManager.getConnection(sourceUrl);
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setLong(1, from);
            insert.setLong(2, to);
            insert.executeUpdate();
        }
    }

    /** The source table's definition under {@code table}, without its closing parenthesis, so a constraint can follow. */
    private static String createItemsSql(String table) {
        return """
                CREATE TABLE %s (
                  id bigint PRIMARY KEY,
                  name text NOT NULL,
                  note text,
                  code varchar(16),
                  amount numeric(12,2) NOT NULL,
                  discount numeric(12,2),
                  created_at timestamp NOT NULL,
                  shipped_at timestamp,
                  active boolean NOT NULL,
                  flagged boolean,
                  updated_at timestamp NOT NULL""".formatted(table);
    }

    /** A mapping file of every code the data set has to itself, but the {@link #UNMAPPED_CODES}. */
    private static void writeIdentityCodes(Path file) throws IOException {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 50_000; i++) {
            String code = "C%06d".formatted(i);
            if (!UNMAPPED_CODES.contains(code)) {
                json.append(json.length() > 1 ? ",\n" : "\n").append('"').append(code).append("\": \"").append(code).append('"');
            }
        }
        Files.writeString(file, json.append("\n}\n"), StandardCharsets.UTF_8);
    }

    private static List<Long> idsWhere(String condition) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(sourceUrl);
             Statement statement = connection.createStatement();
             var result = statement.executeQuery("SELECT id FROM items WHERE " + condition)) {
            while (result.next()) {
                ids.add(result.getLong(1));
            }
        }
        return ids;
    }

    private static long maxId() throws SQLException {
        try (Connection connection = DriverManager.getConnection(sourceUrl);
             Statement statement = connection.createStatement();
             var result = statement.executeQuery("SELECT max(id) FROM items")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Path writePipeline(Path workDir, String name, String destinationTable, String sync,
                                      String destination) throws IOException {
        return writePipeline(workDir, name, destinationTable, sync, destination, "");
    }

    /** @param streamSettings more lines of the stream's settings, indented as its other keys */
    private static Path writePipeline(Path workDir, String name, String destinationTable, String sync,
                                      String destination, String streamSettings) throws IOException {
        String stream = "  - table: items\n    destination_table: " + destinationTable + "\n    sync: " + sync + "\n"
                + ("incremental".equals(sync) ? "    cursor: updated_at\n" : "    write: upsert\n") + streamSettings;
        String yaml = """
                pipeline: %s
                connections:
                  shop:
                    url: "%s"
                  copy:
                    url: "%s"
                source: shop
                destination: copy
                state:
                  url: jdbc:sqlite:%s-state.db
                # Small enough that one run commits many times, so kills fall between commits.
                batch_size: 5000
                commit_every: 20000
                streams:
                """.formatted(name, sourceUrl, destination, name) + stream;
        return Files.writeString(workDir.resolve(name + ".yml"), yaml, StandardCharsets.UTF_8);
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String tail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "(no output)";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
