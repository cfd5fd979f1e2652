package dev.ferry.cli.e2e;

import dev.ferry.cli.Ferry;
import dev.ferry.testkit.TestPostgres;
import dev.ferry.testkit.convex.ConvexFunctionError;
import dev.ferry.testkit.convex.ConvexValue;
import dev.ferry.testkit.convex.FakeConvex;
import dev.ferry.testkit.convex.Fault;
import dev.ferry.testkit.convex.FunctionTransaction;
import dev.ferry.testkit.convex.StoredDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults of the Convex deployment (the fake) while {@code ferry run} copies a PostgreSQL table into
 * it through {@code write: mutation}: a 429 with {@code Retry-After}, a burst of 500s, a connection
 * dropped after the mutation ran (so the call is applied, its answer lost, and sent again), a
 * mutation that refuses a batch as too many writes, and a document over Convex's 1 MiB. Each run
 * either completes with the fake's documents equal to the source, every row once, or fails naming
 * the table and the row, and the run after the fix completes the same way.
 */
class ConvexMutationFaultsEndToEndTest {
    private static final String MUTATION = "/api/mutation";
    private static final int ROWS = 2_000;

    @TempDir
    Path dir;

    private FakeConvex fake;
    private String source;

    @BeforeEach
    void start() throws Exception {
        fake = FakeConvex.start();
        Files.writeString(dir.resolve("deploy.key"), fake.deployKey());
        Files.writeString(dir.resolve("auth.key"), fake.mutationAuthKey());
        source = TestPostgres.freshDatabase("convex_mutation_faults");
        try (Connection connection = DriverManager.getConnection(source); Statement statement = connection.createStatement()) {
            statement.execute("create table people (id bigint primary key, name text not null, score double precision, "
                    + "photo bytea, note text)");
            statement.execute("insert into people select i, 'person ' || i || ' \u00e9\uD83D\uDE00', i * 1.5, "
                    + "decode(lpad(to_hex(i), 8, '0'), 'hex'), case when i % 7 = 0 then null else 'note ' || i end "
                    + "from generate_series(1, " + ROWS + ") i");
            statement.execute("update people set id = 9223372036854775807 where id = 1");
        }
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void rateLimitsServerErrorsAndADroppedAnswerLoseAndDoubleNothing() throws Exception {
        Path pipeline = pipeline("batch_rows: 250");
        // The first call passes, then the later ones meet each fault in turn.
        fake.injectFault(pass());
        fake.injectFault(Fault.rateLimited(Duration.ofSeconds(1)).onRoute(MUTATION));
        fake.injectFault(pass());
        fake.injectFault(Fault.serverError().times(3).onRoute(MUTATION));
        fake.injectFault(pass());
        fake.injectFault(Fault.dropConnectionMidResponse().onRoute(MUTATION));

        long started = System.nanoTime();
        Result run = ferry("run", pipeline.toString());
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(faultsApplied()).as("every armed fault met a call").containsExactly(
                "slow", "429", "slow", "500", "500", "500", "slow", "drop");
        assertThat(run.out()).contains(String.format("%,d read", ROWS));
        assertThat(fake.requestCount(MUTATION)).as("eight calls of 250, plus five tries again: the 429, three 500s, the drop")
                .isEqualTo(ROWS / 250 + 5);
        System.out.println("mutation faults: " + run.out());
        assertFakeEqualsSource("after the faults");
        System.out.printf("mutation faults: %,d rows in %,d ms (a 1 s Retry-After, backoff after three 500s and a drop)%n",
                ROWS, millis);
    }

    @Test
    void aBatchRefusedAsTooManyWritesIsSplitUntilItsHalvesPass() throws Exception {
        List<Integer> calls = new CopyOnWriteArrayList<>();
        fake.registerMutation("sync:cappedUpsert", (args, transaction) -> {
            List<ConvexValue> records = ((ConvexValue.Array) args.get("records")).elements();
            calls.add(records.size());
            if (records.size() > 300) {
                throw new ConvexFunctionError("Too many writes in a single function execution (limit: 16000)");
            }
            return upsert(args, records, transaction);
        });
        Path pipeline = pipeline("upsert_function: sync:cappedUpsert");

        Result run = ferry("run", pipeline.toString());

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.out()).contains(String.format("%,d inserted", ROWS)).contains("0 updated");
        assertThat(calls).as("1,000 a call (the default), refused, then halves until 250 pass")
                .containsExactly(1000, 500, 250, 250, 500, 250, 250, 1000, 500, 250, 250, 500, 250, 250);
        assertFakeEqualsSource("after the splits");

        calls.clear();
        Result again = ferry("run", pipeline.toString());

        assertThat(again.code()).as(again.all()).isZero();
        assertThat(again.out()).contains(String.format("%,d updated", ROWS));
        assertFakeEqualsSource("after a second run");
    }

    @Test
    void aDocumentOverOneMebibyteFailsTheRunNamingTableAndRowAndTheRunAfterTheFixCompletes() throws Exception {
        try (Connection connection = DriverManager.getConnection(source); Statement statement = connection.createStatement()) {
            statement.execute("update people set note = repeat('x', 1100000) where id = 777");
        }
        Path pipeline = pipeline("batch_rows: 500");

        Result failed = ferry("run", pipeline.toString());

        assertThat(failed.code()).as(failed.all()).isEqualTo(1);
        System.out.println("a document over 1 MiB: " + failed.err());
        assertThat(failed.all()).contains("Convex connection convex").contains("table people").contains("row id=777")
                .contains("Document is too large").contains("its largest field is column note").doesNotContain(fake.mutationAuthKey());
        assertThat(fake.documents("people")).as("never the oversized document")
                .noneMatch(document -> ConvexValue.int64(777).equals(document.field("id")));
        assertThat(ids()).as("no document twice").doesNotHaveDuplicates();

        try (Connection connection = DriverManager.getConnection(source); Statement statement = connection.createStatement()) {
            statement.execute("update people set note = repeat('x', 500000) where id = 777");
        }
        Result fixed = ferry("run", pipeline.toString());

        assertThat(fixed.code()).as(fixed.all()).isZero();
        assertFakeEqualsSource("after the fix");
    }

    /** What {@code sync:upsertBatch} does: replace by key or insert, counting each. */
    private static ConvexValue upsert(ConvexValue.Obj args, List<ConvexValue> records, FunctionTransaction transaction) {
        String table = ((ConvexValue.Str) args.get("table")).value();
        String keyField = ((ConvexValue.Str) args.get("keyField")).value();
        int inserted = 0;
        int updated = 0;
        for (ConvexValue record : records) {
            ConvexValue.Obj fields = (ConvexValue.Obj) record;
            String id = transaction.findIdBy(table, keyField, fields.get(keyField));
            if (id == null) {
                transaction.insert(table, fields);
                inserted++;
            } else {
                transaction.replace(table, id, fields);
                updated++;
            }
        }
        return ConvexValue.object("inserted", ConvexValue.float64(inserted), "updated", ConvexValue.float64(updated));
    }

    private List<Long> ids() {
        List<Long> ids = new ArrayList<>();
        for (StoredDocument document : fake.documents("people")) {
            ids.add(((ConvexValue.Int64) document.field("id")).value());
        }
        return ids;
    }

    /** The fake's documents are the source's rows, one each, value for value. */
    private void assertFakeEqualsSource(String when) throws Exception {
        Map<Long, List<String>> expected = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(source); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select id, name, score, photo, note from people")) {
            while (rows.next()) {
                double score = rows.getDouble("score");
                byte[] photo = rows.getBytes("photo");
                expected.put(rows.getLong("id"), List.of(rows.getString("name"), Double.toString(score),
                        HexFormat.of().formatHex(photo), String.valueOf(rows.getString("note"))));
            }
        }
        Map<Long, List<String>> actual = new TreeMap<>();
        for (StoredDocument document : fake.documents("people")) {
            long id = ((ConvexValue.Int64) document.field("id")).value();
            List<String> row = List.of(((ConvexValue.Str) document.field("name")).value(),
                    Double.toString(((ConvexValue.Float64) document.field("score")).value()),
                    HexFormat.of().formatHex(((ConvexValue.Bytes) document.field("photo")).value()),
                    document.field("note") instanceof ConvexValue.Str note ? note.value() : String.valueOf((Object) null));
            assertThat(actual.put(id, row)).as("%s: a second document with id %s", when, id).isNull();
        }
        assertThat(actual.keySet()).as(when).isEqualTo(expected.keySet());
        assertThat(actual).as(when).isEqualTo(expected);
        assertThat(expected).containsKey(Long.MAX_VALUE);
    }

    /** A fault that changes nothing, so the faults armed after it meet later calls. */
    private static Fault pass() {
        return Fault.slow(Duration.ZERO).onRoute(MUTATION);
    }

    /** The faults the calls met, in order: a status, {@code drop} or {@code slow}. */
    private List<String> faultsApplied() {
        return fake.requests().stream().filter(request -> request.path().equals(MUTATION) && request.fault() != null)
                .map(request -> switch (request.fault().kind()) {
                    case STATUS -> Integer.toString(request.fault().status());
                    case DROP_CONNECTION -> "drop";
                    case SLOW -> "slow";
                }).toList();
    }

    private Path pipeline(String property) throws Exception {
        return Files.writeString(dir.resolve("pipeline.yml"), """
                pipeline: pg-to-convex-faults
                connections:
                  pg: {url: "%s"}
                  convex:
                    url: "%s"
                    type: convex
                    deploy_key: "${file:deploy.key}"
                    properties: {write: mutation, auth_key: "${file:auth.key}", integers: int64, %s}
                source: pg
                destination: convex
                state: {url: "jdbc:sqlite:state.db"}
                streams:
                  - table: people
                    write: upsert
                """.formatted(source, fake.url(), property));
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
