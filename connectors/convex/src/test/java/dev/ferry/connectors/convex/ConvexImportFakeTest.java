package dev.ferry.connectors.convex;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.DeletePolicy;
import dev.ferry.api.FerryException;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.RetriableException;
import dev.ferry.api.SchemaChangePolicy;
import dev.ferry.api.Secret;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteCounts;
import dev.ferry.api.WriteMode;
import dev.ferry.api.WriteRequest;
import dev.ferry.testkit.convex.ConvexValue;
import dev.ferry.testkit.convex.FakeConvex;
import dev.ferry.testkit.convex.Fault;
import dev.ferry.testkit.convex.RecordedRequest;
import dev.ferry.testkit.convex.StoredDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.ferry.testkit.convex.ConvexValue.array;
import static dev.ferry.testkit.convex.ConvexValue.bool;
import static dev.ferry.testkit.convex.ConvexValue.float64;
import static dev.ferry.testkit.convex.ConvexValue.nullValue;
import static dev.ferry.testkit.convex.ConvexValue.object;
import static dev.ferry.testkit.convex.ConvexValue.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The destination through the streaming import API, against the fake Convex deployment of the testkit. */
class ConvexImportFakeTest {
    private static final StreamSchema ORDERS = new StreamSchema("orders", List.of(
            new Column("id", ColumnType.BIGINT, false, 0, 0), Column.of("small", ColumnType.SMALLINT),
            Column.of("qty", ColumnType.INTEGER), Column.of("price", ColumnType.DECIMAL), Column.of("ratio", ColumnType.DOUBLE),
            Column.of("half", ColumnType.FLOAT), Column.of("paid", ColumnType.BOOLEAN), Column.of("note", ColumnType.TEXT),
            Column.of("code", ColumnType.STRING), Column.of("blob", ColumnType.BINARY), Column.of("day", ColumnType.DATE),
            Column.of("at", ColumnType.TIME), Column.of("local", ColumnType.TIMESTAMP), Column.of("stamp", ColumnType.TIMESTAMP_TZ),
            Column.of("ref", ColumnType.UUID), Column.of("doc", ColumnType.JSON)), List.of("id"));

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
    void postgresLikeRowsArriveAsDocumentsWithEveryTypeSpelledAsDocumented() {
        UUID ref = UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        Object[] row = {42L, (short) -7, 123456, new BigDecimal("12345678901234567890.50"), 0.1, 1.5f, true, "ünïcode ✓",
                "A-1", new byte[] {0, (byte) 255, 16}, LocalDate.of(2024, 2, 29), LocalTime.of(10, 15),
                LocalDateTime.of(2024, 2, 29, 23, 59, 59, 500_000_000), OffsetDateTime.of(2024, 3, 1, 1, 0, 0, 0, ZoneOffset.ofHours(2)),
                ref, "{\"tags\": [\"a\", 1], \"nested\": {\"ok\": true}}"};
        Object[] nulls = new Object[ORDERS.columns().size()];
        nulls[0] = -(1L << 53);

        WriteCounts counts = upsert(ORDERS, upsertOf(row), upsertOf(nulls));

        assertThat(counts).isEqualTo(new WriteCounts(2, 0, 0, 0));
        List<StoredDocument> documents = sorted("orders");
        assertThat(documents).hasSize(2);
        ConvexValue.Obj nullRow = documents.get(0).fields();
        assertThat(nullRow.get("id")).isEqualTo(float64(-(1L << 53)));
        assertThat(nullRow.get("note")).isEqualTo(nullValue());
        assertThat(nullRow.fields()).hasSize(16);
        ConvexValue.Obj doc = documents.get(1).fields();
        assertThat(doc.fields()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("id", float64(42)), Map.entry("small", float64(-7)), Map.entry("qty", float64(123456)),
                Map.entry("price", string("12345678901234567890.50")), Map.entry("ratio", float64(0.1)),
                Map.entry("half", float64(1.5)), Map.entry("paid", bool(true)), Map.entry("note", string("ünïcode ✓")),
                Map.entry("code", string("A-1")), Map.entry("blob", string("AP8Q")), Map.entry("day", string("2024-02-29")),
                Map.entry("at", string("10:15:00")), Map.entry("local", string("2024-02-29T23:59:59.5")),
                Map.entry("stamp", string("2024-02-29T23:00:00Z")), Map.entry("ref", string(ref.toString())),
                Map.entry("doc", object("tags", array(string("a"), float64(1)), "nested", object("ok", bool(true))))));
        assertThat(fake.requestCount(PrimaryKeyIndexes.ADD)).isEqualTo(1);
        assertThat(fake.requestCount(PrimaryKeyIndexes.READY)).as("the fake answers false twice first").isEqualTo(3);
        assertThat(waits).containsExactly(Duration.ofMillis(125), Duration.ofMillis(250));
    }

    @Test
    void anUpsertOfAnExistingKeyReplacesTheWholeDocument() {
        StreamSchema people = people();
        upsert(people, upsertOf(1L, "Ann", 30), upsertOf(2L, "Bob", 40));
        String annId = byName("people", "Ann").id();

        upsert(people, upsertOf(1L, "Ann B.", null), upsertOf(3L, "Cy", 50));

        assertThat(fake.documents("people")).hasSize(3);
        StoredDocument ann = fake.store().get("people", annId);
        assertThat(ann.fields()).isEqualTo(object("id", float64(1), "name", string("Ann B."), "age", nullValue()));
        assertThat(byName("people", "Bob").field("age")).isEqualTo(float64(40));
    }

    @Test
    void anOverwriteClearsTheTableBeforeItsFirstImportAndAnEmptyOneStillClears() {
        StreamSchema people = people();
        upsert(people, upsertOf(1L, "Ann", 30), upsertOf(2L, "Bob", 40));
        fake.insert("people", object("name", string("stray")));

        try (StreamWriter writer = destination(ImportSettings.DEFAULT).open(new WriteRequest("people", people, WriteMode.OVERWRITE))) {
            writer.write(batch(upsertOf(7L, "Gus", 70)));
            assertThat(writer.commit()).isEqualTo(new WriteCounts(1, 0, 0, 0));
        }
        assertThat(fake.documents("people")).extracting(d -> d.field("name")).containsExactly(string("Gus"));
        List<String> paths = fake.requests().stream().map(RecordedRequest::path).toList();
        assertThat(paths.lastIndexOf(ConvexImportWriter.CLEAR)).isLessThan(paths.lastIndexOf(ConvexImportWriter.IMPORT));

        try (StreamWriter writer = destination(ImportSettings.DEFAULT).open(new WriteRequest("people", people, WriteMode.OVERWRITE))) {
            assertThat(writer.commit()).isEqualTo(WriteCounts.NONE);
        }
        assertThat(fake.documents("people")).isEmpty();
    }

    @Test
    void bodiesStayUnderTheLimitAndARecordAloneOverItFailsWithItsKey() {
        StreamSchema people = people();
        ImportSettings small = new ImportSettings(2_000, 1000, Duration.ofMillis(1), Duration.ofSeconds(1));
        List<ChangeRecord> records = new ArrayList<>();
        for (long i = 0; i < 200; i++) {
            records.add(upsertOf(i, "person number " + i, (int) i));
        }
        try (StreamWriter writer = destination(small).open(new WriteRequest("people", people, WriteMode.UPSERT))) {
            writer.write(new RecordBatch(records, null));
            assertThat(writer.commit()).isEqualTo(new WriteCounts(200, 0, 0, 0));
        }
        assertThat(fake.documents("people")).hasSize(200);
        List<RecordedRequest> imports = fake.requests().stream().filter(r -> r.path().equals(ConvexImportWriter.IMPORT)).toList();
        assertThat(imports.size()).as("about 9 KB of messages in 2 KB bodies").isGreaterThan(5);
        assertThat(imports).allSatisfy(r -> assertThat(r.bodyBytes()).isLessThanOrEqualTo(2_000));

        try (StreamWriter writer = destination(small).open(new WriteRequest("people", people, WriteMode.UPSERT))) {
            assertThatThrownBy(() -> writer.write(batch(upsertOf(5L, "x".repeat(3_000), 1))))
                    .isInstanceOf(FerryException.class).hasMessageContaining("table people").hasMessageContaining("id=5")
                    .hasMessageContaining("over the streaming import's limit");
        }
    }

    @Test
    void aRequestConvexRefusesIsSplitDownToTheRecordAtFault() {
        StreamSchema people = people();
        try (StreamWriter writer = destination(ImportSettings.DEFAULT).open(new WriteRequest("people", people, WriteMode.UPSERT))) {
            fake.injectFault(Fault.status(400).onRoute(ConvexImportWriter.IMPORT).times(3));
            writer.write(batch(upsertOf(1L, "a", 1), upsertOf(2L, "b", 2), upsertOf(3L, "c", 3), upsertOf(4L, "d", 4)));
            assertThatThrownBy(writer::commit).isInstanceOf(FerryException.class)
                    .hasMessageContaining("table people, row id=1: Convex refused the record: HTTP 400");
        }
    }

    @Test
    void aRefusalOtherThanABadRequestFailsAtOnceWithoutSplitting() {
        try (StreamWriter writer = destination(ImportSettings.DEFAULT).open(new WriteRequest("people", people(), WriteMode.UPSERT))) {
            fake.injectFault(Fault.status(404).onRoute(ConvexImportWriter.IMPORT));
            writer.write(batch(upsertOf(1L, "a", 1), upsertOf(2L, "b", 2)));
            assertThatThrownBy(writer::commit).isInstanceOf(FerryException.class)
                    .hasMessageContaining("table people: importing 2 records failed").hasMessageContaining("HTTP 404");
        }
        assertThat(fake.requestCount(ConvexImportWriter.IMPORT)).isEqualTo(1);
    }

    @Test
    void deletesAreRefusedAsTheImportCannotDelete() {
        StreamSchema people = people();
        assertThatThrownBy(() -> destination(ImportSettings.DEFAULT).open(new WriteRequest("people", people.withName("people"),
                WriteMode.UPSERT, DeletePolicy.HARD, SchemaChangePolicy.PROPAGATE)))
                .isInstanceOf(FerryException.class).hasMessageContaining("deletes: hard").hasMessageContaining("mutation path");
        try (StreamWriter writer = destination(ImportSettings.DEFAULT).open(new WriteRequest("people", people, WriteMode.UPSERT))) {
            assertThatThrownBy(() -> writer.write(batch(upsertOf(1L, "a", 1), ChangeRecord.delete(new Object[] {2L, null, null}))))
                    .isInstanceOf(FerryException.class).hasMessageContaining("table people, row id=2")
                    .hasMessageContaining("cannot delete documents").hasMessageContaining("mutation path");
        }
        assertThat(fake.requestCount(ConvexImportWriter.IMPORT)).isZero();
    }

    @Test
    void namesConvexCannotTakeFailAtOpenNamed() {
        StreamSchema system = new StreamSchema("t", List.of(Column.of("id", ColumnType.BIGINT), Column.of("_id", ColumnType.TEXT)),
                List.of("id"));
        StreamSchema dollar = new StreamSchema("t", List.of(Column.of("id", ColumnType.BIGINT), Column.of("$x", ColumnType.TEXT)),
                List.of("id"));
        ConvexDestination destination = destination(ImportSettings.DEFAULT);

        assertThatThrownBy(() -> destination.open(new WriteRequest("people", system, WriteMode.UPSERT)))
                .hasMessageContaining("table people, column _id").hasMessageContaining("must not start with \"_\"");
        assertThatThrownBy(() -> destination.checkCanHold("people", dollar)).hasMessageContaining("column $x");
        assertThatThrownBy(() -> destination.checkCanHold("_people", people())).hasMessageContaining("table _people");
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void valuesFloat64CannotCarryFailLocatedAndNothingIsRounded() {
        StreamSchema numbers = new StreamSchema("n", List.of(Column.of("id", ColumnType.BIGINT), Column.of("big", ColumnType.BIGINT),
                Column.of("x", ColumnType.DOUBLE), Column.of("doc", ColumnType.JSON)), List.of("id"));
        assertThatThrownBy(() -> upsert(numbers, upsertOf(1L, (1L << 53) + 1, 0.0, null)))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("table n").hasMessageContaining("column big")
                .hasMessageContaining("id=1").hasMessageContaining("2^53");
        assertThatThrownBy(() -> upsert(numbers, upsertOf(2L, 1L, Double.NaN, null)))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("column x").hasMessageContaining("id=2");
        assertThatThrownBy(() -> upsert(numbers, upsertOf(3L, 1L, 1.0, "{\"n\": 9007199254740993}")))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("column doc").hasMessageContaining("$.n");
        assertThatThrownBy(() -> upsert(numbers, upsertOf(4L, 1L, 1.0, "{\"_id\": 1}")))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("column doc").hasMessageContaining("\"_id\"");

        upsert(numbers, upsertOf(5L, -(1L << 52), -0.0, "[1, 2.5]"));
        ConvexValue.Obj stored = fake.documents("n").getFirst().fields();
        assertThat(stored.get("big")).isEqualTo(float64(-(1L << 52)));
        assertThat(stored.get("x")).isEqualTo(float64(-0.0));
        assertThat(fake.documents("n")).hasSize(1);
    }

    @Test
    void rateLimitsServerErrorsAndLostConnectionsAreRetried() {
        StreamSchema people = people();
        ConvexDestination destination = destination(ImportSettings.DEFAULT);
        try (StreamWriter writer = destination.open(new WriteRequest("people", people, WriteMode.UPSERT))) {
            fake.injectFault(Fault.rateLimited(Duration.ofSeconds(3)).onRoute(ConvexImportWriter.IMPORT));
            fake.injectFault(Fault.serverError().onRoute(ConvexImportWriter.IMPORT));
            fake.injectFault(Fault.dropConnectionMidResponse().onRoute(ConvexImportWriter.IMPORT));
            writer.write(batch(upsertOf(1L, "a", 1), upsertOf(2L, "b", 2)));
            assertThat(writer.commit()).isEqualTo(new WriteCounts(2, 0, 0, 0));
        }
        assertThat(fake.documents("people")).hasSize(2);
        assertThat(waits).contains(Duration.ofSeconds(3));
        assertThat(fake.requestCount(ConvexImportWriter.IMPORT)).isEqualTo(4);

        fake.injectFault(Fault.serverError().onRoute(ConvexImportWriter.IMPORT).times(6));
        try (StreamWriter writer = destination.open(new WriteRequest("people", people, WriteMode.UPSERT))) {
            writer.write(batch(upsertOf(9L, "z", 9)));
            assertThatThrownBy(writer::commit).isInstanceOf(RetriableException.class)
                    .hasMessageContaining("POST " + ConvexImportWriter.IMPORT).hasMessageContaining("6 times");
        }
    }

    @Test
    void aKeylessImportIsNotSentAgainAfterALostAnswer() {
        StreamSchema log = new StreamSchema("log", List.of(Column.of("line", ColumnType.TEXT)), List.of());
        fake.injectFault(Fault.serverError().onRoute(ConvexImportWriter.IMPORT));
        try (StreamWriter writer = destination(ImportSettings.DEFAULT).open(new WriteRequest("log", log, WriteMode.OVERWRITE))) {
            writer.write(batch(ChangeRecord.upsert(new Object[] {"one"})));
            assertThatThrownBy(writer::commit).isInstanceOf(RetriableException.class).hasMessageContaining("not sent again");
        }
        assertThat(fake.requestCount(ConvexImportWriter.IMPORT)).isEqualTo(1);
        assertThat(fake.requestCount(PrimaryKeyIndexes.ADD)).isZero();
    }

    @Test
    void anIndexThatNeverBecomesReadyFailsOpenAfterTheBoundedWait() {
        fake.setIndexesNotReadyPolls(1_000);
        ImportSettings quick = new ImportSettings(20L << 20, 1000, Duration.ofMillis(800), Duration.ofSeconds(4));

        assertThatThrownBy(() -> destination(quick).open(new WriteRequest("people", people(), WriteMode.UPSERT)))
                .isInstanceOf(FerryException.class).hasMessageContaining("table people").hasMessageContaining("not ready after 9 polls over 4700 ms");
        assertThat(waits).startsWith(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void checkNeedsAKeyThatMayImport() {
        destination(ImportSettings.DEFAULT).check();
        fake.addDeployKey("prod:reader|0042", dev.ferry.testkit.convex.Permission.DATA_VIEW);
        ConnectionSpec reader = new ConnectionSpec("app", "convex", fake.url(), null, Secret.of("prod:reader|0042"), Map.of());
        ConvexDestination refused = new ConvexDestination(reader, api(reader), ImportSettings.DEFAULT, WriteSettings.of(reader), (wait, c) -> { });

        assertThatThrownBy(refused::check).hasMessageContaining("refused the deploy key").hasMessageContaining("import data")
                .hasMessageNotContaining("0042");
    }

    private WriteCounts upsert(StreamSchema schema, ChangeRecord... records) {
        try (StreamWriter writer = destination(ImportSettings.DEFAULT).open(new WriteRequest(schema.name(), schema, WriteMode.UPSERT))) {
            writer.write(batch(records));
            return writer.commit();
        }
    }

    private static StreamSchema people() {
        return new StreamSchema("people", List.of(new Column("id", ColumnType.BIGINT, false, 0, 0), Column.of("name", ColumnType.TEXT),
                Column.of("age", ColumnType.INTEGER)), List.of("id"));
    }

    private StoredDocument byName(String table, String name) {
        return fake.documents(table).stream().filter(d -> string(name).equals(d.field("name"))).findFirst().orElseThrow();
    }

    private List<StoredDocument> sorted(String table) {
        return fake.documents(table).stream()
                .sorted(Comparator.comparingDouble(d -> ((ConvexValue.Float64) d.field("id")).value())).toList();
    }

    private static ChangeRecord upsertOf(Object... values) {
        return ChangeRecord.upsert(values);
    }

    private static RecordBatch batch(ChangeRecord... records) {
        return new RecordBatch(List.of(records), null);
    }

    private ConvexDestination destination(ImportSettings settings) {
        ConnectionSpec spec = new ConnectionSpec("app", "convex", fake.url(), null, Secret.of(fake.deployKey()), Map.of());
        return new ConvexDestination(spec, api(spec), settings, WriteSettings.of(spec), (wait, cancellation) -> waits.add(wait));
    }

    private ConvexApi api(ConnectionSpec spec) {
        RetryPolicy quick = new RetryPolicy(6, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30));
        return new ConvexApi(spec, fake.url(), quick, Duration.ofSeconds(3), (wait, cancellation) -> waits.add(wait));
    }
}
