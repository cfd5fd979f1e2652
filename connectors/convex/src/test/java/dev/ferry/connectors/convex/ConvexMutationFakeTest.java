package dev.ferry.connectors.convex;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.DeletePolicy;
import dev.ferry.api.FerryException;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.SchemaChangePolicy;
import dev.ferry.api.Secret;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteCounts;
import dev.ferry.api.WriteMode;
import dev.ferry.api.WriteRequest;
import dev.ferry.testkit.convex.ConvexFunctionError;
import dev.ferry.testkit.convex.ConvexValue;
import dev.ferry.testkit.convex.FakeConvex;
import dev.ferry.testkit.convex.Fault;
import dev.ferry.testkit.convex.StoredDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The destination through the user's own mutations ({@code write: mutation}), against the fake deployment's sync:* functions. */
class ConvexMutationFakeTest {
    private static final StreamSchema PEOPLE = new StreamSchema("people", List.of(new Column("id", ColumnType.BIGINT, false, 0, 0),
            Column.of("name", ColumnType.TEXT), Column.of("age", ColumnType.INTEGER)), List.of("id"));

    private FakeConvex fake;

    @BeforeEach
    void start() {
        fake = FakeConvex.start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void everyTypeArrivesInConvexEncodingWithInt64sExactOverTheWholeRange() {
        StreamSchema schema = new StreamSchema("things", List.of(new Column("id", ColumnType.BIGINT, false, 0, 0),
                Column.of("small", ColumnType.SMALLINT), Column.of("big", ColumnType.BIGINT), Column.of("ratio", ColumnType.DOUBLE),
                Column.of("half", ColumnType.FLOAT), Column.of("price", ColumnType.DECIMAL), Column.of("paid", ColumnType.BOOLEAN),
                Column.of("note", ColumnType.TEXT), Column.of("blob", ColumnType.BINARY), Column.of("day", ColumnType.DATE),
                Column.of("stamp", ColumnType.TIMESTAMP_TZ), Column.of("doc", ColumnType.JSON), Column.of("gone", ColumnType.TEXT)),
                List.of("id"));
        Object[] max = {1L, (short) -7, Long.MAX_VALUE, Double.NaN, Float.NEGATIVE_INFINITY, new BigDecimal("12345678901234567890.50"),
                true, "ünïcode ✓ 🚀", new byte[] {0, (byte) 255, 16}, LocalDate.of(2024, 2, 29),
                OffsetDateTime.of(2024, 3, 1, 1, 0, 0, 0, ZoneOffset.ofHours(2)), "{\"tags\": [\"a\", 1], \"n\": {\"ok\": true}}", null};
        Object[] min = {2L, Short.MIN_VALUE, Long.MIN_VALUE, -0.0, Float.POSITIVE_INFINITY, BigDecimal.ZERO, false, "", new byte[0],
                LocalDate.of(1, 1, 1), OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 1000, ZoneOffset.UTC), "[]", null};

        WriteCounts counts = upsert(mutation(Map.of("integers", "int64")), schema, ChangeRecord.upsert(max), ChangeRecord.upsert(min));

        assertThat(counts).isEqualTo(new WriteCounts(2, 0, 0, 0));
        StoredDocument first = byId("things", ConvexValue.int64(1));
        assertThat(first.field("small")).isEqualTo(ConvexValue.int64(-7));
        assertThat(first.field("big")).isEqualTo(ConvexValue.int64(Long.MAX_VALUE));
        assertThat(((ConvexValue.Float64) first.field("ratio")).value()).isNaN();
        assertThat(first.field("half")).isEqualTo(ConvexValue.float64(Double.NEGATIVE_INFINITY));
        assertThat(first.field("price")).isEqualTo(ConvexValue.string("12345678901234567890.50"));
        assertThat(first.field("paid")).isEqualTo(ConvexValue.bool(true));
        assertThat(first.field("note")).isEqualTo(ConvexValue.string("ünïcode ✓ 🚀"));
        assertThat(((ConvexValue.Bytes) first.field("blob")).value()).containsExactly(0, 255, 16);
        assertThat(first.field("day")).isEqualTo(ConvexValue.string("2024-02-29"));
        assertThat(first.field("stamp")).isEqualTo(ConvexValue.string("2024-02-29T23:00:00Z"));
        assertThat(first.field("doc")).isEqualTo(ConvexValue.object("tags", ConvexValue.array(ConvexValue.string("a"),
                ConvexValue.float64(1)), "n", ConvexValue.object("ok", ConvexValue.bool(true))));
        assertThat(first.field("gone")).isEqualTo(ConvexValue.nullValue());
        StoredDocument second = byId("things", ConvexValue.int64(2));
        assertThat(second.field("small")).isEqualTo(ConvexValue.int64(Short.MIN_VALUE));
        assertThat(second.field("big")).isEqualTo(ConvexValue.int64(Long.MIN_VALUE));
        assertThat(Double.doubleToRawLongBits(((ConvexValue.Float64) second.field("ratio")).value())).isEqualTo(Long.MIN_VALUE);
        assertThat(second.field("half")).isEqualTo(ConvexValue.float64(Double.POSITIVE_INFINITY));
        assertThat(((ConvexValue.Bytes) second.field("blob")).value()).isEmpty();
        assertThat(second.field("stamp")).isEqualTo(ConvexValue.string("1970-01-01T00:00:00.000001Z"));
        assertThat(second.field("doc")).isEqualTo(ConvexValue.array());
    }

    @Test
    void integersAreNumbersByDefaultAndOneBeyondTwoToTheFiftyThreeFailsItsRowNamed() {
        upsert(mutation(Map.of()), PEOPLE, row(7L, "Ada", 36));
        assertThat(byId("people", ConvexValue.float64(7)).field("age")).isEqualTo(ConvexValue.float64(36));

        assertThatThrownBy(() -> upsert(mutation(Map.of()), PEOPLE, row((1L << 53) + 1, "Big", 1)))
                .isInstanceOf(RejectedValueException.class)
                .hasMessageContaining("people").hasMessageContaining("id").hasMessageContaining("integers: int64");
    }

    @Test
    void nullsMayBeLeftOutForOptionalFields() {
        upsert(mutation(Map.of("nulls", "omit")), PEOPLE, row(1L, "Ada", null));

        assertThat(byId("people", ConvexValue.float64(1)).fields().fields()).containsOnlyKeys("id", "name");
    }

    @Test
    void anUpsertReplacesTheWholeDocumentAndCountsAsConvexReportsThem() {
        ConvexDestination destination = mutation(Map.of("nulls", "omit"));
        assertThat(upsert(destination, PEOPLE, row(1L, "Ada", 36), row(2L, "Bob", 40)))
                .isEqualTo(new WriteCounts(2, 0, 0, 0));

        assertThat(upsert(destination, PEOPLE, row(1L, "Ada L.", null), row(3L, "Cy", 9)))
                .isEqualTo(new WriteCounts(1, 1, 0, 0));

        assertThat(fake.documents("people")).hasSize(3);
        assertThat(byId("people", ConvexValue.float64(1)).fields().fields()).containsOnlyKeys("id", "name");
        assertThat(byId("people", ConvexValue.float64(1)).field("name")).isEqualTo(ConvexValue.string("Ada L."));
    }

    @Test
    void deletesGoThroughTheDeleteFunctionInTheStreamsOrder() {
        ConvexDestination destination = mutation(Map.of());
        upsert(destination, PEOPLE, row(1L, "Ada", 36), row(2L, "Bob", 40));

        WriteCounts counts = upsert(destination, PEOPLE, ChangeRecord.delete(new Object[] {1L, null, null}),
                row(1L, "Ada again", 37), row(3L, "Cy", 9),
                ChangeRecord.delete(new Object[] {3L, null, null}), ChangeRecord.delete(new Object[] {2L, null, null}),
                ChangeRecord.delete(new Object[] {99L, null, null}));

        assertThat(counts).isEqualTo(new WriteCounts(2, 0, 0, 3));
        assertThat(names()).containsExactly("Ada again");
    }

    @Test
    void batchesHoldAtMostBatchRowsAndEveryRecordArrivesOnce() {
        List<ChangeRecord> records = new ArrayList<>();
        for (long id = 1; id <= 2_500; id++) {
            records.add(row(id, "person " + id, (int) id));
        }
        fake.clearRequests();

        WriteCounts counts = upsert(mutation(Map.of("batch_rows", "1000")), PEOPLE, records.toArray(ChangeRecord[]::new));

        assertThat(counts.inserted()).isEqualTo(2_500);
        assertThat(fake.requestCount(FunctionCall.MUTATION)).isEqualTo(3);
        assertThat(fake.documents("people")).hasSize(2_500);
    }

    @Test
    void aCallOverConvexsLimitsIsSplitUntilItPasses() {
        AtomicInteger calls = new AtomicInteger();
        fake.registerMutation("limited:upsert", (args, transaction) -> {
            calls.incrementAndGet();
            List<ConvexValue> records = ((ConvexValue.Array) args.get("records")).elements();
            if (records.size() > 3) {
                throw new ConvexFunctionError("Too many writes in a single function execution (limit: 3)");
            }
            records.forEach(record -> transaction.insert("people", (ConvexValue.Obj) record));
            return ConvexValue.object("inserted", ConvexValue.float64(records.size()), "updated", ConvexValue.float64(0));
        });
        List<ChangeRecord> records = new ArrayList<>();
        for (long id = 1; id <= 10; id++) {
            records.add(row(id, "p" + id, 1));
        }

        WriteCounts counts = upsert(mutation(Map.of("upsert_function", "limited:upsert")), PEOPLE, records.toArray(ChangeRecord[]::new));

        assertThat(counts.inserted()).isEqualTo(10);
        assertThat(fake.documents("people")).hasSize(10);
        assertThat(calls.get()).isGreaterThan(4);
    }

    @Test
    void aDocumentConvexRefusesEvenAloneFailsItsRowNamedAndTheRestOfItsBatchArrives() {
        String huge = "x".repeat(1_100_000);
        ConvexDestination destination = mutation(Map.of());
        try (StreamWriter writer = destination.open(new WriteRequest("people", PEOPLE, WriteMode.UPSERT))) {
            writer.write(batch(row(1L, "fine", 1), row(2L, huge, 2), row(3L, "fine", 3)));
            assertThatThrownBy(writer::commit).isInstanceOf(FerryException.class)
                    .hasMessageContaining("table people").hasMessageContaining("row id=2")
                    .hasMessageContaining("refused the record even alone").hasMessageContaining("too large")
                    .hasMessageContaining("its largest field is column name (1,100,002 bytes as sent");
        }
        assertThat(fake.documents("people")).extracting(d -> d.field("id")).contains(ConvexValue.float64(1));
    }

    @Test
    void aWrongAuthKeyFailsAtOnceWithoutShowingTheKey() {
        ConvexDestination destination = destination(Map.of("write", "mutation", "auth_key", "not-the-key-4242"), true);

        assertThatThrownBy(() -> upsert(destination, PEOPLE, row(1L, "Ada", 1)))
                .isInstanceOf(FerryException.class).hasMessageContaining("Unauthorized")
                .hasMessageContaining("FERRY_SYNC_AUTH_KEY").hasMessageNotContaining("4242");
        assertThat(fake.requestCount(FunctionCall.MUTATION)).isEqualTo(1);
        assertThatThrownBy(destination::check).hasMessageContaining("Unauthorized").hasMessageNotContaining("4242");
    }

    @Test
    void checkCallsBothFunctionsWithNothingToWrite() {
        mutation(Map.of()).check();

        assertThat(fake.requestCount(FunctionCall.MUTATION)).isEqualTo(2);
        assertThat(fake.tableNames()).doesNotContain("ferry_check");
        assertThatThrownBy(() -> mutation(Map.of("delete_function", "sync:removeAll")).check())
                .hasMessageContaining("sync:removeAll").hasMessageContaining("sync.ts");
    }

    @Test
    void documentsTheSourceNoLongerHasAreFoundThroughTheExportAndDeleted() {
        ConvexDestination destination = mutation(Map.of());
        upsert(destination, PEOPLE, row(1L, "a", 1), row(2L, "b", 2), row(3L, "c", 3),
                row(4L, "d", 4), row(5L, "e", 5));

        try (StreamWriter writer = destination.open(new WriteRequest("people", PEOPLE, WriteMode.UPSERT, DeletePolicy.HARD,
                SchemaChangePolicy.PROPAGATE))) {
            writer.write(batch(row(1L, "a2", 1)));
            writer.keep(List.<Object[]>of(new Object[] {3L}));
            assertThat(writer.countUnseen()).isEqualTo(3);
            assertThat(writer.removeUnseen()).isEqualTo(3);
            assertThat(writer.commit()).isEqualTo(new WriteCounts(0, 1, 0, 3));
        }
        assertThat(names()).containsExactly("a2", "c");
    }

    @Test
    void anOverwriteUpsertsEverythingThenDeletesTheRest() {
        ConvexDestination destination = mutation(Map.of());
        upsert(destination, PEOPLE, row(1L, "a", 1), row(2L, "b", 2));

        try (StreamWriter writer = destination.open(new WriteRequest("people", PEOPLE, WriteMode.OVERWRITE))) {
            writer.write(batch(row(2L, "b2", 2), row(3L, "c", 3)));
            assertThat(writer.commit()).isEqualTo(new WriteCounts(1, 1, 0, 1));
        }
        assertThat(names()).containsExactly("b2", "c");
    }

    @Test
    void withoutADeployKeyUpsertsWorkAndRemovingMissingDocumentsIsRefusedAtOpen() {
        ConvexDestination keyless = destination(Map.of("write", "mutation", "auth_key", fake.mutationAuthKey()), false);

        upsert(keyless, PEOPLE, row(1L, "Ada", 1));
        assertThat(names()).containsExactly("Ada");
        assertThatThrownBy(() -> keyless.open(new WriteRequest("people", PEOPLE, WriteMode.UPSERT, DeletePolicy.HARD,
                SchemaChangePolicy.PROPAGATE))).hasMessageContaining("deploy key");
    }

    @Test
    void streamsWithoutOneKeyColumnAreRefusedNamed() {
        StreamSchema composite = new StreamSchema("pairs", List.of(new Column("a", ColumnType.INTEGER, false, 0, 0),
                new Column("b", ColumnType.INTEGER, false, 0, 0)), List.of("a", "b"));

        assertThatThrownBy(() -> mutation(Map.of()).checkCanHold("pairs", composite))
                .hasMessageContaining("table pairs").hasMessageContaining("2 columns (a, b)");
    }

    @Test
    void rateLimitsServerErrorsAndDroppedConnectionsAreRetriedWithNothingDoubled() {
        fake.injectFault(Fault.rateLimited(Duration.ofMillis(20)).times(2));
        fake.injectFault(Fault.serverError().times(1));
        fake.injectFault(Fault.dropConnectionMidResponse().times(1));
        List<ChangeRecord> records = new ArrayList<>();
        for (long id = 1; id <= 50; id++) {
            records.add(row(id, "p" + id, 1));
        }

        upsert(mutation(Map.of("batch_rows", "10")), PEOPLE, records.toArray(ChangeRecord[]::new));

        assertThat(fake.documents("people")).hasSize(50);
        Set<ConvexValue> ids = fake.documents("people").stream().map(d -> d.field("id")).collect(Collectors.toSet());
        assertThat(ids).hasSize(50);
    }

    @Test
    void propertiesAreCheckedNamingTheConnectionAndProperty() {
        assertThatThrownBy(() -> WriteSettings.of(spec(Map.of("write", "mutation", "auth_key", "k", "batch_row", "5"), true)))
                .hasMessageContaining("properties.batch_row").hasMessageContaining("batch_rows");
        assertThatThrownBy(() -> WriteSettings.of(spec(Map.of("write", "mutations"), true)))
                .hasMessageContaining("must be import").hasMessageContaining("mutation");
        assertThatThrownBy(() -> WriteSettings.of(spec(Map.of("write", "mutation"), true)))
                .hasMessageContaining("auth_key is required");
        assertThatThrownBy(() -> WriteSettings.of(spec(Map.of("write", "mutation", "auth_key", "k", "batch_rows", "5000"), true)))
                .hasMessageContaining("1 to 4096");
        assertThatThrownBy(() -> WriteSettings.of(spec(Map.of("auth_key", "k"), true)))
                .hasMessageContaining("used only with write: mutation");
        assertThatThrownBy(() -> WriteSettings.of(spec(Map.of("write", "mutation", "auth_key", "k", "upsert_function", "upsertBatch"), true)))
                .hasMessageContaining("module:function");
    }

    private WriteCounts upsert(ConvexDestination destination, StreamSchema schema, ChangeRecord... records) {
        try (StreamWriter writer = destination.open(new WriteRequest(schema.name(), schema, WriteMode.UPSERT))) {
            writer.write(batch(records));
            return writer.commit();
        }
    }

    private StoredDocument byId(String table, ConvexValue id) {
        return fake.documents(table).stream().filter(d -> id.equals(d.field("id"))).findFirst().orElseThrow();
    }

    private List<String> names() {
        return new ArrayList<>(fake.documents("people").stream().map(d -> ((ConvexValue.Str) d.field("name")).value())
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    private static ChangeRecord row(Object... values) {
        return ChangeRecord.upsert(values);
    }

    private static RecordBatch batch(ChangeRecord... records) {
        return new RecordBatch(List.of(records), null);
    }

    private ConvexDestination mutation(Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>(extra);
        properties.put("write", "mutation");
        properties.put("auth_key", fake.mutationAuthKey());
        return destination(properties, true);
    }

    private ConvexDestination destination(Map<String, String> properties, boolean withDeployKey) {
        ConnectionSpec spec = spec(properties, withDeployKey);
        RetryPolicy quick = new RetryPolicy(6, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30));
        ConvexApi api = new ConvexApi(spec, fake.url(), quick, Duration.ofSeconds(5), (wait, cancellation) -> { });
        return new ConvexDestination(spec, api, ImportSettings.DEFAULT, WriteSettings.of(spec), (wait, cancellation) -> { });
    }

    private ConnectionSpec spec(Map<String, String> properties, boolean withDeployKey) {
        return new ConnectionSpec("app", "convex", fake.url(), null, withDeployKey ? Secret.of(fake.deployKey()) : null, properties);
    }
}
