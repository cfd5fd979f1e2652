package dev.ferry.cli.e2e;

import dev.ferry.cli.Ferry;
import dev.ferry.testkit.TestPostgres;
import dev.ferry.testkit.convex.Fault;
import dev.ferry.testkit.convex.FakeConvex;
import dev.ferry.testkit.convex.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults of the Convex deployment (the fake) while {@code ferry run} copies a {@code sync: changes}
 * stream into PostgreSQL: a 429 with {@code Retry-After}, a burst of 500s and a connection dropped in
 * the middle of a page, during the snapshot and during the deltas. The run must complete with the
 * destination equal to the fake's table, every document once. A fault that outlasts the tries must
 * fail the run with exit code 1, naming the connection and the route, and the next run must go on
 * from the stored position, not start over.
 */
class ConvexFaultsEndToEndTest {
    private static final String SNAPSHOT = "/api/list_snapshot";
    private static final String DELTAS = "/api/document_deltas";
    /** Three snapshot pages of 1,024 (the export's page size), the last one partial. */
    private static final int DOCUMENTS = 2_500;
    private static final int PAGE = 1_024;
    /** The connector tries a request six times; {@code ferry run} tries a stream that failed so four times. */
    private static final int CONNECTOR_TRIES = 6;
    private static final int RUN_ATTEMPTS = 4;

    @TempDir
    Path dir;

    private FakeConvex fake;
    private String url;
    private Path pipeline;
    private final Random random = new Random(11);

    @BeforeEach
    void start() throws Exception {
        fake = FakeConvex.start();
        Files.writeString(dir.resolve("key"), fake.deployKey());
        url = TestPostgres.freshDatabase("convex_faults");
        pipeline = Files.writeString(dir.resolve("pipeline.yml"), """
                pipeline: convex-faults
                connections:
                  app: {url: "%s", type: convex, deploy_key: "${file:key}"}
                  warehouse: {url: "%s"}
                source: app
                destination: warehouse
                state: {url: "jdbc:sqlite:state.db"}
                batch_size: 1024
                commit_every: 1024
                streams:
                  - table: people
                    sync: changes
                    deletes: hard
                """.formatted(fake.url(), url));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void rateLimitsServerErrorsAndDroppedConnectionsDuringTheSnapshotAndTheDeltasLoseAndDoubleNothing() throws Exception {
        ConvexPeople.insert(fake, 0, DOCUMENTS, random);
        // The first page passes (a fault that changes nothing), then every later page meets faults.
        fake.injectFault(pass(SNAPSHOT));
        fake.injectFault(Fault.rateLimited(Duration.ofSeconds(1)).onRoute(SNAPSHOT));
        fake.injectFault(pass(SNAPSHOT));
        fake.injectFault(Fault.serverError().times(3).onRoute(SNAPSHOT));
        fake.injectFault(Fault.dropConnectionMidResponse().onRoute(SNAPSHOT));

        long started = System.nanoTime();
        Result snapshot = ferry("run", pipeline.toString());
        long snapshotMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(snapshot.code()).as(snapshot.all()).isZero();
        assertThat(snapshot.out()).contains(String.format("%,d inserted", DOCUMENTS)).contains("0 updated");
        assertDestinationEqualsFake("after the snapshot");
        assertThat(faultsApplied(SNAPSHOT)).as("every armed fault met a request").containsExactly(
                "slow", "429", "slow", "500", "500", "500", "drop");
        assertThat(fake.requests().stream().filter(r -> r.path().equals(SNAPSHOT) && r.status() == 200 && r.fault() == null))
                .as("the third page answered after the faults").hasSize(1);

        // Deltas: more than one page of 128 changes, with the same faults on the second and third page.
        long[] nextN = {DOCUMENTS};
        for (int i = 0; i < 400; i++) {
            ConvexPeople.changeOnce(fake, random, nextN);
        }
        fake.clearRequests();
        fake.injectFault(pass(DELTAS));
        fake.injectFault(Fault.rateLimited(Duration.ofSeconds(1)).onRoute(DELTAS));
        fake.injectFault(pass(DELTAS));
        fake.injectFault(Fault.serverError().times(3).onRoute(DELTAS));
        fake.injectFault(Fault.dropConnectionMidResponse().onRoute(DELTAS));

        started = System.nanoTime();
        Result deltas = ferry("run", pipeline.toString());
        long deltasMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(deltas.code()).as(deltas.all()).isZero();
        assertThat(deltas.out()).contains("400 read");
        assertDestinationEqualsFake("after the deltas");
        assertThat(faultsApplied(DELTAS)).containsExactly("slow", "429", "slow", "500", "500", "500", "drop");
        assertThat(fake.requestCount(SNAPSHOT)).as("the deltas run reads no snapshot").isZero();
        System.out.printf("faults: snapshot of %,d documents in %,d ms, 400 changes in %,d ms (each with a 1 s Retry-After "
                + "and backoff after three 500s and a drop)%n", DOCUMENTS, snapshotMillis, deltasMillis);
    }

    @Test
    void aFaultThatOutlastsTheTriesFailsTheRunNamingConnectionAndRouteAndTheNextRunResumesFromTheStoredPosition()
            throws Exception {
        ConvexPeople.insert(fake, 0, DOCUMENTS, random);
        // The first page is written and its position stored; the second is refused more often than the
        // connector tries a request, in every attempt the run makes.
        fake.injectFault(pass(SNAPSHOT));
        fake.injectFault(Fault.rateLimited(Duration.ofSeconds(1)).times(CONNECTOR_TRIES * RUN_ATTEMPTS).onRoute(SNAPSHOT));

        long started = System.nanoTime();
        Result failed = ferry("run", pipeline.toString());
        long failedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(failed.code()).as(failed.all()).isEqualTo(1);
        System.out.println("a fault past the tries: " + failed.err());
        assertThat(failed.all()).contains("Convex connection app").contains("GET " + SNAPSHOT).contains("failed 6 times")
                .contains("429").doesNotContain(fake.deployKey());
        assertThat(faultsApplied(SNAPSHOT)).hasSize(1 + CONNECTOR_TRIES * RUN_ATTEMPTS).startsWith("slow")
                .containsOnly("slow", "429");
        assertThat(failedMillis).as("five waits of the 1 s Retry-After in each attempt")
                .isGreaterThanOrEqualTo(RUN_ATTEMPTS * (CONNECTOR_TRIES - 1) * 1_000L);
        int written = ConvexPeople.read(url).size();
        assertThat(written).as("the first page, committed before the failure").isEqualTo(PAGE);

        fake.clearRequests();
        Result resumed = ferry("run", pipeline.toString());

        assertThat(resumed.code()).as(resumed.all()).isZero();
        List<RecordedRequest> snapshotRequests = fake.requests().stream().filter(r -> r.path().equals(SNAPSHOT)).toList();
        assertThat(snapshotRequests).as("the rest of the same snapshot, from the stored cursor").isNotEmpty()
                .allSatisfy(request -> assertThat(request.query()).contains("snapshot=").contains("cursor="));
        assertThat(resumed.out()).as("the pages after the stored position only").contains(String.format("%,d inserted", DOCUMENTS - written));
        assertDestinationEqualsFake("after the resumed run");
        System.out.printf("a fault past the tries failed the run after %,d ms; %,d documents were kept, the rest resumed%n",
                failedMillis, written);
    }

    /** A fault that changes nothing, so the faults armed after it meet later requests of the route. */
    private static Fault pass(String route) {
        return Fault.slow(Duration.ZERO).onRoute(route);
    }

    /** The faults the route's requests met, in order: a status, {@code drop} or {@code slow}. */
    private List<String> faultsApplied(String route) {
        return fake.requests().stream().filter(request -> request.path().equals(route) && request.fault() != null)
                .map(request -> switch (request.fault().kind()) {
                    case STATUS -> Integer.toString(request.fault().status());
                    case DROP_CONNECTION -> "drop";
                    case SLOW -> "slow";
                }).toList();
    }

    private void assertDestinationEqualsFake(String when) throws Exception {
        Map<String, List<String>> expected = ConvexPeople.expected(fake);
        Map<String, List<String>> actual = ConvexPeople.read(url);
        assertThat(actual).as("%s: %s", when, ConvexPeople.differences(expected, actual)).isEqualTo(expected);
    }

    private record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static Result ferry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ferry.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
