package dev.ferry.cli.e2e;

import dev.ferry.testkit.TestPostgres;
import dev.ferry.testkit.convex.ConvexValue;
import dev.ferry.testkit.convex.FakeConvex;
import dev.ferry.testkit.convex.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static dev.ferry.testkit.convex.ConvexValue.float64;
import static dev.ferry.testkit.convex.ConvexValue.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a real {@code ferry run} of a {@code sync: changes} stream from a Convex deployment (the
 * fake, in this JVM, reached by the child over HTTP) into PostgreSQL with SIGKILL at random moments,
 * ten times and more, while a thread of the test keeps inserting, updating and deleting documents.
 * Then the writes stop, one run finishes, and the destination must equal the fake's table: every live
 * document once with its latest values, no deleted one, no key twice. Kills land in the snapshot, in
 * the deltas, between a commit and its checkpoint; only the destination's transactions, the stored
 * position and the replay of whole pages by key keep the copy right.
 *
 * <p>The seed is printed and can be set with {@code -Dferry.crash.seed=N}; each attempt's delay and
 * outcome is printed and repeated in a failure message.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConvexCrashSafetyTest {
    private static final int INITIAL_DOCUMENTS = 40_000;
    private static final int MIN_KILLS = 10;
    private static final int MAX_ATTEMPTS = 40;
    /** The first window, from the run's start: a good part of the snapshot on this machine. */
    private static final long FIRST_WINDOW_MILLIS = 6_000;
    /**
     * Each snapshot page (1,024 documents) is answered this late, as a remote deployment would be, so
     * the snapshot of {@link #INITIAL_DOCUMENTS} takes seconds and kills can land inside it.
     */
    private static final Duration SNAPSHOT_PAGE_DELAY = Duration.ofMillis(150);
    /** Kills that must land while the snapshot is read, drawn from a window short enough for that. */
    private static final int MIN_SNAPSHOT_KILLS = 3;
    private static final long SNAPSHOT_KILL_WINDOW_MILLIS = 1_600;
    private static final String SNAPSHOT = "/api/list_snapshot";
    private static final String DELTAS = "/api/document_deltas";
    /** Between two changes of the background writer: about 250 a second, two delta pages. */
    private static final long CHANGE_PAUSE_MILLIS = 4;

    @TempDir
    Path dir;

    private FakeConvex fake;

    @BeforeEach
    void start() {
        fake = FakeConvex.start();
        fake.injectFault(Fault.slow(SNAPSHOT_PAGE_DELAY).times(100_000).onRoute(SNAPSHOT));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void aChangesStreamKilledAtRandomWhileDocumentsChangeEndsEqualToTheDeployment() throws Exception {
        long seed = Long.getLong("ferry.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> live = new ArrayList<>(ConvexPeople.insert(fake, 0, INITIAL_DOCUMENTS, random));
        String url = TestPostgres.freshDatabase("convex_crash");
        Files.writeString(dir.resolve("key"), fake.deployKey());
        Path pipeline = Files.writeString(dir.resolve("pipeline.yml"), """
                pipeline: convex-crash
                connections:
                  app: {url: "%s", type: convex, deploy_key: "${file:key}"}
                  warehouse: {url: "%s"}
                source: app
                destination: warehouse
                state: {url: "jdbc:sqlite:state.db"}
                batch_size: 500
                commit_every: 1000
                streams:
                  - table: people
                    sync: changes
                    deletes: hard
                """.formatted(fake.url(), url));

        long started = System.nanoTime();
        BackgroundWriter writer = new BackgroundWriter(new Random(random.nextLong()), live, INITIAL_DOCUMENTS);
        writer.start();
        List<String> attempts;
        try {
            attempts = killRepeatedly(pipeline, random, seed);
        } finally {
            writer.stopAndJoin();
        }
        assertThat(writer.failure.get()).as("the background writer").isNull();
        runToCompletion(pipeline);
        long elapsed = (System.nanoTime() - started) / 1_000_000;

        Map<String, List<String>> expected = ConvexPeople.expected(fake);
        Map<String, List<String>> actual = ConvexPeople.read(url);
        String context = "seed " + seed + ", " + writer.changes.get() + " changes, attempts " + attempts;
        assertThat(actual).as("%s%n%s", context, ConvexPeople.differences(expected, actual)).isEqualTo(expected);
        assertThat(expected).hasSizeGreaterThan(INITIAL_DOCUMENTS / 2);
        System.out.printf("convex crash: %d kills (%d in the snapshot) in %d attempts, %,d changes by the writer, %,d documents compared, %,d ms%n",
                attempts.stream().filter(a -> a.contains(" killed ")).count(),
                attempts.stream().filter(a -> a.contains("in the snapshot")).count(), attempts.size(), writer.changes.get(),
                expected.size(), elapsed);
    }

    /**
     * Starts the pipeline in a child JVM and, once its run has started and asked for its first page,
     * SIGKILLs it after a random delay, until {@link #MIN_KILLS} kills have landed, {@link #MIN_SNAPSHOT_KILLS} of
     * them while it read the snapshot (it asked for snapshot pages and no deltas); until then the delay
     * is drawn from a window short enough to land there. The window
     * shrinks to the length of the last run that ended by itself, since a stream that has caught up
     * runs far shorter than its snapshot.
     */
    private List<String> killRepeatedly(Path pipeline, Random random, long seed) throws Exception {
        long window = FIRST_WINDOW_MILLIS;
        System.out.printf("convex crash: seed %d, first kill window 0..%d ms after the first read%n", seed, window);
        List<String> attempts = new ArrayList<>();
        int kills = 0;
        int snapshotKills = 0;
        for (int number = 1; kills < MIN_KILLS || snapshotKills < MIN_SNAPSHOT_KILLS; number++) {
            assertThat(number).as("too many runs ended before their kill: seed %d, %s", seed, attempts)
                    .isLessThanOrEqualTo(MAX_ATTEMPTS);
            long upTo = snapshotKills < MIN_SNAPSHOT_KILLS ? Math.min(window, SNAPSHOT_KILL_WINDOW_MILLIS) : window;
            long delay = (long) (random.nextDouble() * upTo);
            fake.clearRequests();
            Path log = dir.resolve("attempt-" + number + ".log");
            Process process = ChildFerry.start(dir, log, Map.of(), "run", pipeline.toString());
            boolean runStarted = awaitFirstRead(process, log);
            long started = System.nanoTime();
            boolean endedByItself = !runStarted || process.waitFor(delay, TimeUnit.MILLISECONDS);
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            if (!endedByItself) {
                process.destroyForcibly();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("process still alive after SIGKILL").isTrue();
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the run ended").isTrue();
            int exitCode = process.exitValue();
            // 128 + 9: death by SIGKILL
            boolean killed = !endedByItself && exitCode == 137;
            boolean inSnapshot = killed && fake.requestCount(SNAPSHOT) > 0 && fake.requestCount(DELTAS) == 0;
            String attempt = "#" + number + (killed ? " killed " + delay + " ms after the first read"
                    + (inSnapshot ? " in the snapshot" : "")
                    : " ended by itself with exit code " + exitCode + " after " + elapsed + " ms") + " (window " + upTo + " ms)";
            attempts.add(attempt);
            System.out.println("convex crash " + attempt);
            if (killed) {
                kills++;
                snapshotKills += inSnapshot ? 1 : 0;
            } else {
                assertThat(exitCode).as("a run that ended by itself must succeed; seed %d%n%s", seed, ChildFerry.logText(log))
                        .isZero();
                window = Math.max(elapsed, 200);
            }
        }
        return attempts;
    }

    /** Read as bytes: the log is being written, and its last character may be cut in half. */
    private static boolean saysStarted(Path log) throws Exception {
        return Files.exists(log) && new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains(" started: 1 stream(s)");
    }

    /**
     * Waits until the child's run has started and asked the deployment for its first page (snapshot
     * or deltas); false when the process ended first. Kill delays count from there, so neither a JVM
     * nor a run slow to start on a busy machine pushes every kill before the reading.
     */
    private boolean awaitFirstRead(Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (saysStarted(log) && fake.requestCount(SNAPSHOT) + fake.requestCount(DELTAS) > 0) {
                return true;
            }
            if (process.waitFor(5, TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        throw new AssertionError("the child's run did not read within 60 s:\n" + ChildFerry.logText(log));
    }

    private void runToCompletion(Path pipeline) throws Exception {
        Path log = dir.resolve("final.log");
        Process process = ChildFerry.start(dir, log, Map.of(), "run", pipeline.toString());
        boolean ended = process.waitFor(2, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        assertThat(ended && process.exitValue() == 0).as("the final run should end with exit code 0:%n%s",
                ChildFerry.logText(log)).isTrue();
    }

    /**
     * Inserts, replaces, patches and deletes documents of the fake until stopped, each one commit:
     * about four in ten inserts, the rest updates and deletes of documents it knows to be live.
     */
    private final class BackgroundWriter extends Thread {
        private final Random random;
        private final List<String> live;
        private long nextN;
        private volatile boolean stopping;
        final AtomicLong changes = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        BackgroundWriter(Random random, List<String> live, long nextN) {
            super("convex-background-writer");
            this.random = random;
            this.live = live;
            this.nextN = nextN;
        }

        @Override
        public void run() {
            try {
                while (!stopping) {
                    changeOnce();
                    changes.incrementAndGet();
                    Thread.sleep(CHANGE_PAUSE_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                failure.set(e);
            }
        }

        private void changeOnce() {
            int roll = random.nextInt(10);
            if (live.isEmpty() || roll < 4) {
                live.add(fake.insert(ConvexPeople.TABLE, ConvexPeople.person(nextN++, random)));
                return;
            }
            int index = random.nextInt(live.size());
            String id = live.get(index);
            if (roll < 6) {
                fake.replace(ConvexPeople.TABLE, id, ConvexPeople.person(-nextN++, random));
            } else if (roll < 8) {
                fake.patch(ConvexPeople.TABLE, id, ConvexValue.object("score", float64(random.nextDouble()),
                        "note", string("patched " + random.nextInt(1000))));
            } else {
                fake.delete(ConvexPeople.TABLE, id);
                live.set(index, live.getLast());
                live.removeLast();
            }
        }

        void stopAndJoin() throws InterruptedException {
            stopping = true;
            join(10_000);
        }
    }
}
