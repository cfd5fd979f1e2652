package dev.ferry.connectors.convex;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.ConnectorFactory;
import dev.ferry.api.DiscoveredStream;
import dev.ferry.api.FerryException;
import dev.ferry.api.Lookback;
import dev.ferry.api.Operation;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.RetriableException;
import dev.ferry.api.Secret;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;
import dev.ferry.testkit.convex.ConvexValue;
import dev.ferry.testkit.convex.Fault;
import dev.ferry.testkit.convex.FakeConvex;
import dev.ferry.testkit.convex.Permission;
import dev.ferry.testkit.convex.StoredDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;

import static dev.ferry.testkit.convex.ConvexValue.array;
import static dev.ferry.testkit.convex.ConvexValue.bool;
import static dev.ferry.testkit.convex.ConvexValue.bytes;
import static dev.ferry.testkit.convex.ConvexValue.float64;
import static dev.ferry.testkit.convex.ConvexValue.int64;
import static dev.ferry.testkit.convex.ConvexValue.object;
import static dev.ferry.testkit.convex.ConvexValue.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The source against the fake Convex deployment of the testkit: check, discover, snapshot, deltas, resume and faults. */
class ConvexExportFakeTest {
    private FakeConvex fake;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        fake = FakeConvex.start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void serviceLoaderFindsTheFamilyAndCloudUrlsImplyIt() {
        ConnectorFactory factory = StreamSupport.stream(ServiceLoader.load(ConnectorFactory.class).spliterator(), false)
                .filter(f -> f.types().contains("convex")).findFirst().orElseThrow();

        assertThat(factory.typeForUrl("https://happy-otter-123.convex.cloud")).isEqualTo("convex");
        assertThat(factory.typeForUrl("https://happy-otter-123.convex.cloud/")).isEqualTo("convex");
        assertThat(factory.typeForUrl("https://example.com")).isNull();
        assertThat(factory.typeForUrl("https://evil.convex.cloud.example.com")).isNull();
        assertThat(factory.typeForUrl("jdbc:postgresql://db/x")).isNull();
        assertThatThrownBy(() -> factory.openSource(new ConnectionSpec("app", "convex", fake.url(), null, null, Map.of())))
                .isInstanceOf(FerryException.class).hasMessageContaining("app").hasMessageContaining("deploy_key");
        try (Source source = factory.openSource(spec(fake.deployKey()))) {
            source.check();
        }
    }

    @Test
    void aRefusedDeployKeyIsNamedClearlyAndNeverShown() {
        String wrong = "prod:happy-otter-123|0123456789abcdef-wrong";
        fake.addDeployKey("prod:no-rights|feedface", new Permission[0]);
        try (Source source = new ConvexConnectorFactory().openSource(spec(wrong))) {
            assertThatThrownBy(source::check).isInstanceOf(FerryException.class)
                    .hasMessageContaining("Convex connection app").hasMessageContaining("refused the deploy key")
                    .hasMessageContaining("401 BadAdminKey").satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong))
                    .satisfies(e -> assertThat(((FerryException) e).isRetriable()).isFalse());
        }
        try (Source source = new ConvexConnectorFactory().openSource(spec("prod:no-rights|feedface"))) {
            assertThatThrownBy(source::discover).hasMessageContaining("refused the deploy key")
                    .hasMessageContaining("403 InsufficientPermissions").hasMessageNotContaining("feedface");
        }
    }

    @Test
    void discoverGivesATablePerStreamWithTypedColumns() {
        fake.insert("people", object("name", string("Ana"), "age", int64(41), "score", float64(2.5), "active", bool(true),
                "photo", bytes(new byte[] {1}), "address", object("city", string("Porto")), "tags", array(string("a")),
                "nick", string("A")));
        fake.insert("people", object("name", string("Bo"), "age", int64(7), "score", float64(1), "active", bool(false),
                "photo", bytes(new byte[0]), "address", object("city", string("Oslo")), "tags", array(),
                "nick", int64(3)));
        fake.insert("notes", object("text", string("hi")));

        try (Source source = source()) {
            List<DiscoveredStream> streams = source.discover();

            assertThat(streams).extracting(DiscoveredStream::object).containsExactlyInAnyOrder("people", "notes");
            StreamSchema people = streams.stream().filter(s -> s.object().equals("people")).findFirst().orElseThrow().schema();
            assertThat(people.keyColumns()).containsExactly("_id");
            Map<String, ColumnType> types = new HashMap<>();
            people.columns().forEach(c -> types.put(c.name(), c.type()));
            assertThat(types).containsExactlyInAnyOrderEntriesOf(Map.of("_id", ColumnType.STRING,
                    "_creationTime", ColumnType.TIMESTAMP_TZ, "name", ColumnType.TEXT, "age", ColumnType.BIGINT,
                    "score", ColumnType.DOUBLE, "active", ColumnType.BOOLEAN, "photo", ColumnType.BINARY,
                    "address", ColumnType.JSON, "tags", ColumnType.JSON, "nick", ColumnType.JSON));
            assertThat(people.column("_id").nullable()).isFalse();
            assertThat(source.describe(StreamRef.ofObject("p", "people"), List.of("_id", "age")).columnNames())
                    .containsExactly("_id", "age");
            assertThatThrownBy(() -> source.describe(StreamRef.ofObject("p", "nope"), List.of()))
                    .hasMessageContaining("no table nope").hasMessageContaining("people");
        }
    }

    @Test
    void everyValueTypeArrivesExactly() {
        String id = fake.insert("vals", object("min", int64(Long.MIN_VALUE), "max", int64(Long.MAX_VALUE),
                "nan", float64(Double.NaN), "inf", float64(Double.NEGATIVE_INFINITY), "negZero", float64(-0.0),
                "raw", bytes(new byte[] {0, (byte) 0xff, 7}), "text", string("Zoë 東京 \uD83D\uDE80"), "flag", bool(false),
                "nested", object("n", int64(5), "list", array(float64(1.5), string("x")))));
        fake.insert("vals", object("min", int64(0), "max", int64(0), "nan", float64(0), "inf", float64(0), "negZero", float64(0),
                "raw", bytes(new byte[0]), "text", string(""), "flag", bool(true)));

        Map<String, Object[]> rows = new HashMap<>();
        StreamSchema schema;
        try (Source source = source(); StreamReader reader = source.open(request("vals", null, 100, ReadRequest.DEFAULT_BATCH_BYTES))) {
            schema = reader.schema();
            for (RecordBatch batch; (batch = reader.next()) != null; ) {
                batch.records().forEach(r -> rows.put((String) r.value(0), r.values()));
            }
        }
        Object[] row = rows.get(id);
        assertThat(value(schema, row, "min")).isEqualTo(Long.MIN_VALUE);
        assertThat(value(schema, row, "max")).isEqualTo(Long.MAX_VALUE);
        assertThat((Double) value(schema, row, "nan")).isNaN();
        assertThat(value(schema, row, "inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Double.doubleToRawLongBits((Double) value(schema, row, "negZero"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat((byte[]) value(schema, row, "raw")).containsExactly(0, 0xff, 7);
        assertThat(value(schema, row, "text")).isEqualTo("Zoë 東京 \uD83D\uDE80");
        assertThat(value(schema, row, "flag")).isEqualTo(false);
        assertThat(value(schema, row, "nested")).isEqualTo("{\"n\":{\"$integer\":\"BQAAAAAAAAA=\"},\"list\":[1.5,\"x\"]}");
        StoredDocument stored = fake.documents("vals").stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
        assertThat(value(schema, row, "_creationTime")).isEqualTo(CreationTime.fromMillis(stored.creationTime(), "c"));
        assertThat(((OffsetDateTime) value(schema, row, "_creationTime")).getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(schema.column("nested").nullable()).as("missing from the second document").isTrue();
        assertThat(value(schema, rows.values().stream().filter(r -> r != row).findFirst().orElseThrow(), "nested")).isNull();
    }

    @Test
    void snapshotPagesThenDeltasWithDeletesAndResumeFromEitherPosition() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            ids.add(fake.insert("items", object("n", int64(i), "label", string("item " + i))));
        }

        // batches of 300 records: a page of 1,024 makes four, and only the fourth moves the checkpoint
        Read first = read(null, 300);
        assertThat(first.upserts()).hasSize(2500).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(first.deletes()).isEmpty();
        assertThat(first.batchSizes()).allMatch(size -> size <= 300);
        List<String> moved = first.distinctCheckpoints();
        assertThat(moved).hasSize(4);
        long snapshotTs = Long.parseLong(moved.get(0).split(":")[2]);
        assertThat(first.checkpoints().get(0)).as("first batches of the first page: the start of their snapshot")
                .isEqualTo("v1:snapshot:" + snapshotTs + ":");
        assertThat(moved.get(1)).startsWith("v1:snapshot:" + snapshotTs + ":").isNotEqualTo(moved.get(0));
        assertThat(moved.get(2)).startsWith("v1:snapshot:" + snapshotTs + ":");
        assertThat(moved.get(3)).isEqualTo("v1:deltas:" + snapshotTs);
        assertThat(first.recordsBefore(moved.get(1))).isEqualTo(1024);

        // changes after the snapshot: replaced, patched, deleted, inserted
        fake.replace("items", ids.get(0), object("n", int64(-1), "label", string("replaced")));
        fake.patch("items", ids.get(1), object("label", string("patched")));
        fake.delete("items", ids.get(2));
        fake.delete("items", ids.get(3));
        String added = fake.insert("items", object("n", int64(9999), "label", string("new")));
        fake.insert("other", object("x", int64(1)));

        Read deltas = read(new Checkpoint.LogPosition(moved.get(3)), 1000);
        assertThat(deltas.upserts()).containsExactlyInAnyOrder(ids.get(0), ids.get(1), added);
        assertThat(deltas.deletes()).containsExactlyInAnyOrder(ids.get(2), ids.get(3));
        assertThat(deltas.deleteRecords()).allSatisfy(r -> {
            for (int i = 1; i < r.size(); i++) {
                assertThat(r.value(i)).as("a delete carries its key only").isNull();
            }
        });
        assertThat(deltas.label(ids.get(1))).isEqualTo("patched");
        String caughtUp = deltas.distinctCheckpoints().getLast();
        assertThat(caughtUp).startsWith("v1:deltas:").isNotEqualTo(moved.get(3));
        assertThat(read(new Checkpoint.LogPosition(caughtUp), 1000).records()).as("nothing new").isEmpty();

        // resuming mid-snapshot: the rest of the snapshot as of its timestamp, then every change since
        Read resumed = read(new Checkpoint.LogPosition(moved.get(1)), 5000);
        Set<String> afterFirstPage = new HashSet<>(first.upsertsAfter(moved.get(1)));
        assertThat(resumed.upserts().subList(0, 2500 - 1024)).containsExactlyInAnyOrderElementsOf(afterFirstPage);
        assertThat(resumed.upserts().subList(2500 - 1024, resumed.upserts().size()))
                .containsExactlyInAnyOrder(ids.get(0), ids.get(1), added);
        assertThat(resumed.deletes()).containsExactlyInAnyOrder(ids.get(2), ids.get(3));
    }

    /**
     * A run that stops after committing the first batches of the first snapshot page resumes that
     * snapshot, so a document those batches copied and that is deleted before the next run arrives
     * as a delete. Starting a new snapshot instead would leave the copied document behind for good.
     */
    @Test
    void aReadStoppedInsideTheFirstPageResumesItsSnapshotSoDeletesAfterItArrive() {
        for (int i = 0; i < 1500; i++) {
            fake.insert("items", object("n", int64(i), "label", string("item " + i)));
        }
        RecordBatch firstBatch;
        try (Source source = source(); StreamReader reader = source.open(request("items", null, 300, ReadRequest.DEFAULT_BATCH_BYTES))) {
            firstBatch = reader.next();
        }
        String copied = (String) firstBatch.records().getFirst().value(0);
        fake.delete("items", copied);

        Read resumed = read(firstBatch.checkpoint(), 5000);

        assertThat(((Checkpoint.LogPosition) firstBatch.checkpoint()).position()).startsWith("v1:snapshot:").endsWith(":");
        assertThat(resumed.deletes()).as("the delete after the snapshot the first batch came from").containsExactly(copied);
        assertThat(resumed.upserts()).hasSize(1500);
    }

    @Test
    void batchesStayWithinTheirByteBudget() {
        String big = "x".repeat(10_000);
        for (int i = 0; i < 50; i++) {
            fake.insert("wide", object("body", string(big)));
        }
        Read read = read("wide", null, 1000, 50_000);
        assertThat(read.upserts()).hasSize(50);
        assertThat(read.batchSizes()).allMatch(size -> size <= 5).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void rateLimitsServerErrorsAndDroppedConnectionsAreTriedAgain() {
        for (int i = 0; i < 1100; i++) {
            fake.insert("items", object("n", int64(i)));
        }
        fake.injectFault(Fault.rateLimited(Duration.ofSeconds(2)).onRoute("/api/list_snapshot"));
        fake.injectFault(Fault.serverError().times(2).onRoute("/api/list_snapshot"));
        fake.injectFault(Fault.proxyUnreachable().onRoute("/api/document_deltas"));
        fake.injectFault(Fault.dropConnectionMidResponse().onRoute("/api/list_snapshot"));

        Read read = read(null, 500);

        assertThat(read.upserts()).hasSize(1100).doesNotHaveDuplicates();
        assertThat(waits).hasSize(5).contains(Duration.ofSeconds(2));
        assertThat(fake.requests()).filteredOn(r -> r.fault() != null).hasSize(5);
    }

    @Test
    void afterItsTriesAReadFailsNamingConnectionRouteAndLastAnswer() {
        fake.insert("items", object("n", int64(1)));
        fake.injectFault(Fault.serverError().times(10).onRoute("/api/list_snapshot"));

        assertThatThrownBy(() -> read(null, 100)).isInstanceOf(RetriableException.class)
                .hasMessageContaining("Convex connection app").hasMessageContaining("GET /api/list_snapshot")
                .hasMessageContaining("failed 6 times").hasMessageContaining("HTTP 500 InjectedFault")
                .hasMessageNotContaining(fake.deployKey());
        assertThat(waits).hasSize(5);
    }

    @Test
    void cancelStopsARequestInFlightAtOnce() throws Exception {
        fake.insert("items", object("n", int64(1)));
        ConnectionSpec spec = spec(fake.deployKey());
        try (Source source = new ConvexSource(spec, ConvexSource.api(spec, fake.url()));
             StreamReader reader = source.open(request("items", null, 100, ReadRequest.DEFAULT_BATCH_BYTES))) {
            fake.injectFault(Fault.slow(Duration.ofSeconds(20)).onRoute("/api/list_snapshot"));
            var next = java.util.concurrent.CompletableFuture.supplyAsync(reader::next);
            Thread.sleep(300);
            long start = System.nanoTime();
            reader.cancel();

            assertThat(next.get(5, java.util.concurrent.TimeUnit.SECONDS)).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aFieldTheSchemaDidNotListStopsTheReadInsteadOfBeingDropped() {
        fake.insert("items", object("n", int64(1)));
        try (Source source = source(); StreamReader reader = source.open(request("items", null, 100, ReadRequest.DEFAULT_BATCH_BYTES))) {
            fake.insert("items", object("n", int64(2), "surprise", string("!")));
            assertThatThrownBy(() -> {
                while (reader.next() != null) {
                    // reads on until the new field
                }
            }).isInstanceOf(FerryException.class).hasMessageContaining("surprise").hasMessageContaining("run again");
        }
    }

    @Test
    void aCursorColumnOrAForeignCheckpointIsRefused() {
        fake.insert("items", object("n", int64(1)));
        try (Source source = source()) {
            assertThatThrownBy(() -> source.open(new ReadRequest(StreamRef.ofObject("items", "items"), List.of(), "n", null,
                    Lookback.NONE, 10))).hasMessageContaining("cursor");
            assertThatThrownBy(() -> source.open(request("items", new Checkpoint.LogPosition("lsn:0/16B3748"), 10, 1000)))
                    .hasMessageContaining("--full-refresh");
        }
    }

    private static Object value(StreamSchema schema, Object[] row, String column) {
        return row[schema.indexOf(column)];
    }

    private Read read(Checkpoint from, int batchSize) {
        return read("items", from, batchSize, ReadRequest.DEFAULT_BATCH_BYTES);
    }

    private Read read(String table, Checkpoint from, int batchSize, long batchBytes) {
        Read read = new Read();
        try (Source source = source(); StreamReader reader = source.open(request(table, from, batchSize, batchBytes))) {
            read.schema = reader.schema();
            for (RecordBatch batch; (batch = reader.next()) != null; ) {
                read.batches.add(batch);
            }
        }
        return read;
    }

    private static ReadRequest request(String table, Checkpoint from, int batchSize, long batchBytes) {
        return new ReadRequest(StreamRef.ofObject(table, table), List.of(), null, from, Lookback.NONE, batchSize, batchBytes);
    }

    private Source source() {
        ConnectionSpec spec = spec(fake.deployKey());
        RetryPolicy quick = new RetryPolicy(6, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30));
        return new ConvexSource(spec, new ConvexApi(spec, fake.url(), quick, Duration.ofSeconds(3), (wait, cancellation) -> waits.add(wait)));
    }

    private ConnectionSpec spec(String key) {
        return new ConnectionSpec("app", "convex", fake.url(), null, Secret.of(key), Map.of());
    }

    /** What a read handed out, batch by batch. */
    private static final class Read {
        StreamSchema schema;
        final List<RecordBatch> batches = new ArrayList<>();

        List<ChangeRecord> records() {
            return batches.stream().flatMap(b -> b.records().stream()).toList();
        }

        List<String> upserts() {
            return records().stream().filter(r -> r.operation() == Operation.UPSERT).map(r -> (String) r.value(0)).toList();
        }

        List<ChangeRecord> deleteRecords() {
            return records().stream().filter(r -> r.operation() == Operation.DELETE).toList();
        }

        List<String> deletes() {
            return deleteRecords().stream().map(r -> (String) r.value(0)).toList();
        }

        String label(String id) {
            int index = schema.indexOf("label");
            return records().stream().filter(r -> r.value(0).equals(id)).map(r -> (String) r.value(index)).reduce((a, b) -> b).orElseThrow();
        }

        List<Integer> batchSizes() {
            return batches.stream().map(RecordBatch::size).toList();
        }

        List<String> checkpoints() {
            return batches.stream().map(b -> b.checkpoint() == null ? null : ((Checkpoint.LogPosition) b.checkpoint()).position()).toList();
        }

        List<String> distinctCheckpoints() {
            return checkpoints().stream().filter(java.util.Objects::nonNull).distinct().toList();
        }

        /** How many records came in the batches up to the first that carried {@code checkpoint}. */
        int recordsBefore(String checkpoint) {
            int count = 0;
            for (RecordBatch batch : batches) {
                count += batch.size();
                if (batch.checkpoint() != null && ((Checkpoint.LogPosition) batch.checkpoint()).position().equals(checkpoint)) {
                    return count;
                }
            }
            throw new AssertionError("no batch carried " + checkpoint);
        }

        List<String> upsertsAfter(String checkpoint) {
            List<String> ids = upserts();
            return ids.subList(recordsBefore(checkpoint), ids.size());
        }
    }
}
