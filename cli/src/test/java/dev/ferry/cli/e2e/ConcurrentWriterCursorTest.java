package dev.ferry.cli.e2e;

import dev.ferry.api.Checkpoint;
import dev.ferry.cli.Ferry;
import dev.ferry.cli.e2e.TableComparison.ColumnSpec;
import dev.ferry.cli.e2e.TableComparison.Kind;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.engine.state.StreamKey;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Incremental sync by an {@code updated_at timestamp} cursor while other transactions keep writing
 * the source, with {@code ferry run} repeated in a loop, as a scheduler would. Two hazards of cursor
 * sync are provoked on purpose and then shown to have happened:
 * <ul>
 *   <li>ties: rows inserted after a run with exactly the cursor value that run stored as its
 *       checkpoint; the inclusive {@code >=} resume must still read them;</li>
 *   <li>late commits: a transaction stamps rows with {@code now()} (its start time), then holds them
 *       uncommitted for a second while newer rows are committed and read, so they appear with a
 *       cursor below the stored checkpoint; only a look-back window can find them.</li>
 * </ul>
 * At the end every source row must be at the destination with the same content, once.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConcurrentWriterCursorTest {
    private static final String PIPELINE = "concurrent";
    private static final long WRITE_MILLIS = 6_000;
    private static final long LATE_COMMIT_HOLD_MILLIS = 1_000;
    private static final long LATE_WRITER_ID_BASE = 1_000_000_000L;
    private static final int SEED_ROWS = 1_000;

    private static final List<ColumnSpec> COLUMNS = List.of(
            ColumnSpec.of("id", Kind.INTEGER),
            ColumnSpec.of("payload", Kind.TEXT),
            ColumnSpec.decimal("amount", 2),
            ColumnSpec.of("version", Kind.INTEGER),
            ColumnSpec.of("writer", Kind.TEXT),
            ColumnSpec.of("updated_at", Kind.TIMESTAMP));

    @TempDir
    Path dir;

    private String sourceUrl;
    private String destinationUrl;
    private final long seed = Long.getLong("ferry.concurrent.seed", System.nanoTime());
    /** Sync runs started and finished; the writer waits on them to place ties right after a run. */
    private final AtomicLong runsStarted = new AtomicLong();
    private final AtomicLong runsFinished = new AtomicLong();
    private final Queue<SyncRun> syncRuns = new ConcurrentLinkedQueue<>();
    private final Queue<TieInsert> tieInserts = new ConcurrentLinkedQueue<>();
    private final Queue<LateCommit> lateCommits = new ConcurrentLinkedQueue<>();
    private final Queue<Throwable> writerFailures = new ConcurrentLinkedQueue<>();

    /** A finished sync run: when it returned, and the cursor value it left as checkpoint. */
    private record SyncRun(long endedNanos, LocalDateTime checkpoint) {
    }

    /** Rows inserted with the table's highest committed cursor value, in a transaction begun at {@code beganNanos}. */
    private record TieInsert(long beganNanos, LocalDateTime cursor, int rows) {
    }

    /** Rows stamped {@code cursor} that were committed only from {@code committingNanos} on. */
    private record LateCommit(LocalDateTime cursor, long committingNanos, int rows) {
    }

    @BeforeEach
    void createSource() throws SQLException {
        sourceUrl = TestPostgres.freshDatabase("concurrent_src");
        destinationUrl = TestPostgres.freshDatabase("concurrent_dst");
        try (Connection connection = DriverManager.getConnection(sourceUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE events (
                      id bigint PRIMARY KEY,
                      payload text NOT NULL,
                      amount numeric(12,2),
                      version integer NOT NULL,
                      writer text NOT NULL,
                      updated_at timestamp NOT NULL)""");
            statement.execute("INSERT INTO events SELECT i, 'seed ' || i || ' ñ', CASE WHEN i % 4 = 0 THEN NULL"
                    + " ELSE i * 1.5 END, 1, 'seed', now() - interval '1 hour' + i * interval '1 millisecond'"
                    + " FROM generate_series(1, " + SEED_ROWS + ") i");
        }
    }

    @Test
    void lateCommitsAndTiesAreCopiedWithALookbackWindow() throws Exception {
        Path pipeline = writePipeline("lookback: 2s");
        System.out.println("lookback: seed " + seed);

        List<Thread> writers = List.of(
                startWriter("steady", () -> steadyWriter(new Random(seed))),
                startWriter("late-1", () -> lateWriter(1, new Random(seed + 1))),
                startWriter("late-2", () -> lateWriter(2, new Random(seed + 2))));
        syncWhileWriting(pipeline, writers);

        assertThat(writerFailures).as("writer failures").isEmpty();
        long overtaken = lateCommitsBelowAStoredCheckpoint();
        long crossing = tiesOnAStoredCheckpoint();
        System.out.printf("lookback: %d runs, %d late commits (%d below a stored checkpoint), %d tie inserts"
                + " (%d on a stored checkpoint)%n", syncRuns.size(), lateCommits.size(), overtaken, tieInserts.size(),
                crossing);
        assertThat(overtaken).as("late commits whose cursor was already passed by a stored checkpoint")
                .isPositive();
        assertThat(crossing).as("tie inserts on the exact cursor value of a stored checkpoint").isPositive();
        assertSourceCopiedExactly("with lookback 2s");
    }

    @Test
    void tiesOnTheStoredCursorAreCopiedWithoutLookback() throws Exception {
        Path pipeline = writePipeline("");
        System.out.println("no lookback: seed " + seed);

        // No late commits here: without a look-back window they are lost by design.
        List<Thread> writers = List.of(startWriter("steady", () -> steadyWriter(new Random(seed))));
        syncWhileWriting(pipeline, writers);

        assertThat(writerFailures).as("writer failures").isEmpty();
        long crossing = tiesOnAStoredCheckpoint();
        System.out.printf("no lookback: %d runs, %d tie inserts (%d on a stored checkpoint)%n", syncRuns.size(),
                tieInserts.size(), crossing);
        assertThat(crossing).as("tie inserts on the exact cursor value of a stored checkpoint").isPositive();
        assertSourceCopiedExactly("without lookback");
    }

    /** Runs {@code ferry run} again and again until the writers stop, then once more. */
    private void syncWhileWriting(Path pipeline, List<Thread> writers) throws Exception {
        while (writers.stream().anyMatch(Thread::isAlive)) {
            syncOnce(pipeline);
        }
        for (Thread writer : writers) {
            writer.join();
        }
        syncOnce(pipeline);
    }

    private void syncOnce(Path pipeline) {
        StringWriter output = new StringWriter();
        runsStarted.incrementAndGet();
        int exitCode;
        try (PrintWriter out = new PrintWriter(output, true)) {
            exitCode = Ferry.execute(out, out, "run", pipeline.toString());
        }
        long ended = System.nanoTime();
        assertThat(exitCode).as("ferry run %d (seed %d):%n%s", runsStarted.get(), seed, output).isZero();
        syncRuns.add(new SyncRun(ended, storedCheckpoint()));
        runsFinished.incrementAndGet();
    }

    private LocalDateTime storedCheckpoint() {
        try (StateStore state = StateStores.open(new StateConfig(stateUrl(), null, null))) {
            return state.checkpoint(new StreamKey(PIPELINE, "events"))
                    .map(checkpoint -> (LocalDateTime) ((Checkpoint.CursorValue) checkpoint).value())
                    .orElse(null);
        }
    }

    /** Late commits made after some run had ended and stored a checkpoint above their cursor. */
    private long lateCommitsBelowAStoredCheckpoint() {
        return lateCommits.stream().filter(late -> syncRuns.stream().anyMatch(run -> run.checkpoint() != null
                && run.endedNanos() < late.committingNanos() && run.checkpoint().isAfter(late.cursor()))).count();
    }

    /** Tie inserts begun after some run had ended with exactly their cursor value as checkpoint. */
    private long tiesOnAStoredCheckpoint() {
        return tieInserts.stream().filter(tie -> syncRuns.stream().anyMatch(run -> run.endedNanos() < tie.beganNanos()
                && tie.cursor().equals(run.checkpoint()))).count();
    }

    private void assertSourceCopiedExactly(String context) {
        TableComparison.Fingerprint source = TableComparison.postgresFingerprint(sourceUrl, "events", "id", COLUMNS);
        TableComparison.Fingerprint copy = TableComparison.postgresFingerprint(destinationUrl, "events", "id", COLUMNS);
        if (!copy.equals(source)) {
            TableComparison.Result rows = TableComparison.compare(sourceUrl, "events", destinationUrl, "events", "id",
                    COLUMNS);
            assertThat(copy).as("destination %s, seed %d, %d runs%n%s", context, seed, syncRuns.size(),
                    rows.describe()).isEqualTo(source);
        }
        assertThat(copy.distinctKeys()).as("distinct keys at the destination").isEqualTo(copy.rows());
        assertThat(copy.rows()).isGreaterThan(SEED_ROWS);
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private Thread startWriter(String name, Work work) {
        return Thread.ofPlatform().name("writer-" + name).start(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                writerFailures.add(e);
            }
        });
    }

    /**
     * Short transactions, one after another, each stamping its rows with {@code now()}: new rows,
     * changed rows, many rows sharing one value; after every few, a pause for a sync run to finish,
     * then rows with exactly the highest committed cursor value, which that run may have stored.
     */
    private void steadyWriter(Random random) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITE_MILLIS);
        long nextId = SEED_ROWS + 1;
        try (Connection connection = DriverManager.getConnection(sourceUrl)) {
            connection.setAutoCommit(false);
            while (System.nanoTime() < deadline) {
                for (int i = 1 + random.nextInt(8); i > 0; i--) {
                    if (random.nextBoolean()) {
                        int rows = 1 + random.nextInt(60);
                        insert(connection, nextId, rows, "steady", null);
                        nextId += rows;
                    } else {
                        update(connection, 1, nextId - 1, 1 + random.nextInt(30), random);
                    }
                    connection.commit();
                    Thread.sleep(random.nextInt(15));
                }
                long runsBeforeWaiting = runsStarted.get();
                awaitRunsFinished(runsBeforeWaiting + 1, deadline);
                long began = System.nanoTime();
                LocalDateTime highest = highestCursor(connection);
                int rows = 5 + random.nextInt(80);
                insert(connection, nextId, rows, "tie", highest);
                nextId += rows;
                connection.commit();
                tieInserts.add(new TieInsert(began, highest, rows));
            }
        }
    }

    /** Waits until a run that started after this moment has finished, or the writing time is over. */
    private void awaitRunsFinished(long runs, long deadline) throws InterruptedException {
        while (runsFinished.get() < runs && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    /**
     * Transactions that stamp new and changed rows with {@code now()}, the time they began, and
     * commit only a second later, while the steady writer commits newer rows and runs read them.
     */
    private void lateWriter(int number, Random random) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITE_MILLIS);
        long firstId = LATE_WRITER_ID_BASE * number;
        long nextId = firstId;
        try (Connection connection = DriverManager.getConnection(sourceUrl)) {
            connection.setAutoCommit(false);
            Thread.sleep(random.nextInt(500));
            while (System.nanoTime() < deadline) {
                LocalDateTime began = transactionStart(connection);
                int rows = 1 + random.nextInt(40);
                insert(connection, nextId, rows, "late-" + number, null);
                nextId += rows;
                int changed = nextId - rows > firstId ? update(connection, firstId, nextId - rows - 1, 10, random) : 0;
                Thread.sleep(LATE_COMMIT_HOLD_MILLIS);
                long committing = System.nanoTime();
                connection.commit();
                lateCommits.add(new LateCommit(began, committing, rows + changed));
                Thread.sleep(random.nextInt(200));
            }
        }
    }

    private static LocalDateTime transactionStart(Connection connection) throws SQLException {
        return single(connection, "SELECT now()::timestamp");
    }

    private static LocalDateTime highestCursor(Connection connection) throws SQLException {
        return single(connection, "SELECT max(updated_at) FROM events");
    }

    private static LocalDateTime single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getObject(1, LocalDateTime.class);
        }
    }

    /** Inserts {@code rows} rows from {@code firstId}, stamped {@code cursor}, or {@code now()} when null. */
    private static void insert(Connection connection, long firstId, int rows, String writer, LocalDateTime cursor)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO events SELECT i, 'row ' || i || ' ∑ '"
                + " || md5(i::text), CASE WHEN i % 5 = 0 THEN NULL ELSE (i % 100000) / 4.0 END, 1, ?, "
                + (cursor == null ? "now()" : "?") + " FROM generate_series(?::bigint, ?::bigint) i")) {
            int parameter = 1;
            insert.setString(parameter++, writer);
            if (cursor != null) {
                insert.setObject(parameter++, cursor);
            }
            insert.setLong(parameter++, firstId);
            insert.setLong(parameter, firstId + rows - 1);
            insert.executeUpdate();
        }
    }

    /** Changes up to {@code rows} random rows with ids in {@code [from, to]}; returns how many existed. */
    private static int update(Connection connection, long from, long to, int rows, Random random) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE events SET version = version + 1,"
                + " payload = payload || '+', amount = CASE WHEN amount IS NULL THEN ? END, updated_at = now()"
                + " WHERE id = ANY (?)")) {
            Long[] ids = new Long[rows];
            for (int i = 0; i < rows; i++) {
                ids[i] = from + (long) (random.nextDouble() * (to - from + 1));
            }
            update.setBigDecimal(1, BigDecimal.valueOf(random.nextInt(100_000), 2));
            update.setArray(2, connection.createArrayOf("bigint", ids));
            return update.executeUpdate();
        }
    }

    private String stateUrl() {
        return "jdbc:sqlite:" + dir.resolve("state.db");
    }

    private Path writePipeline(String lookback) throws IOException {
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
                  url: "%s"
                # Small batches, each committed, so a run's checkpoint moves many times while rows arrive.
                batch_size: 25
                commit_every: 25
                streams:
                  - table: events
                    sync: incremental
                    cursor: updated_at
                    %s
                """.formatted(PIPELINE, sourceUrl, destinationUrl, stateUrl(), lookback);
        return Files.writeString(dir.resolve("pipeline.yml"), yaml, StandardCharsets.UTF_8);
    }
}
