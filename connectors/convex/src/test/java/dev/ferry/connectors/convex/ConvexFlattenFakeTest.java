package dev.ferry.connectors.convex;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Lookback;
import dev.ferry.api.Operation;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.Secret;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;
import dev.ferry.testkit.convex.FakeConvex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.ferry.testkit.convex.ConvexValue.array;
import static dev.ferry.testkit.convex.ConvexValue.int64;
import static dev.ferry.testkit.convex.ConvexValue.object;
import static dev.ferry.testkit.convex.ConvexValue.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A stream with flatten: true against the fake deployment: describe, snapshot, deltas, selection and refusals. */
class ConvexFlattenFakeTest {
    private static final StreamRef FLAT = new StreamRef("people", "people", null, List.of(), true);

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
    void describeFlattensWhenAskedAndDiscoverDoesNot() {
        fake.insert("people", object("name", string("Ana"), "address", object("city", string("Porto"), "zip", int64(4000),
                "geo", object("lat", string("41")), "lines", array(string("Rua 1")))));
        try (Source source = source()) {
            assertThat(source.flattensObjects()).isTrue();

            StreamSchema flat = source.describe(FLAT, List.of());

            assertThat(flat.columnNames()).as("in the field's place, in the order the object lists its properties")
                    .containsExactly("_id", "_creationTime", "address_city", "address_zip", "address_geo", "address_lines",
                            "name");
            assertThat(flat.column("address_zip").type()).isEqualTo(ColumnType.BIGINT);
            assertThat(flat.column("address_geo").type()).isEqualTo(ColumnType.JSON);
            assertThat(source.describe(StreamRef.ofObject("people", "people"), List.of()).columnNames())
                    .containsExactly("_id", "_creationTime", "address", "name");
            assertThat(source.discover().getFirst().schema().columnNames())
                    .containsExactly("_id", "_creationTime", "address", "name");
            assertThat(source.describe(FLAT, List.of("_id", "address_zip")).columnNames()).containsExactly("_id", "address_zip");
            assertThatThrownBy(() -> source.describe(FLAT, List.of("_id", "address")))
                    .hasMessageContaining("has no field address").hasMessageContaining("address_city");
        }
    }

    @Test
    void snapshotAndDeltasReadThePropertiesDeletesCarryTheKey() {
        String ana = fake.insert("people", object("name", string("Ana"), "address", object("city", string("Porto"), "zip", int64(4000))));
        String bo = fake.insert("people", object("name", string("Bo")));

        Read snapshot = read(null, List.of());
        assertThat(snapshot.schema.columnNames()).containsExactly("_id", "_creationTime", "address_city", "address_zip", "name");
        assertThat(snapshot.row(ana)).containsEntry("address_city", "Porto").containsEntry("address_zip", 4000L);
        assertThat(snapshot.row(bo)).containsEntry("address_city", null).containsEntry("address_zip", null);

        fake.patch("people", ana, object("address", object("city", string("Lisboa"), "zip", int64(1000))));
        fake.delete("people", bo);
        Read deltas = read(snapshot.last(), List.of("_id", "address_city"));

        assertThat(deltas.records()).extracting(ChangeRecord::operation).containsExactly(Operation.UPSERT, Operation.DELETE);
        assertThat(deltas.records().getFirst().values()).containsExactly(ana, "Lisboa");
        assertThat(deltas.records().get(1).values()).containsExactly(bo, null);
    }

    @Test
    void aValueThatIsNoObjectOrAPropertyTheSchemaLackedFailsTheRowLocated() {
        String ana = fake.insert("people", object("address", object("city", string("Porto"))));
        try (Source source = source(); StreamReader reader = source.open(request(null, List.of()))) {
            fake.replace("people", ana, object("address", string("Rua 1, Porto")));
            RejectedValueException rejected = catchThrowableOfType(RejectedValueException.class, () -> drain(reader));
            assertThat(rejected.table()).isEqualTo("people");
            assertThat(rejected.column()).isEqualTo("address");
            assertThat(rejected.key()).isEqualTo("_id=" + ana);
            assertThat(rejected.reason()).contains("holds no object but \"Rua 1, Porto\"");
        }
        fake.replace("people", ana, object("address", object("city", string("Porto"))));
        try (Source source = source(); StreamReader reader = source.open(request(null, List.of()))) {
            // the schema read at the start knows city only; the deployment has no schema, so a document may grow
            fake.replace("people", ana, object("address", object("city", string("Porto"), "zip", int64(4000))));
            RejectedValueException rejected = catchThrowableOfType(RejectedValueException.class, () -> drain(reader));
            assertThat(rejected.getMessage()).startsWith("table people, column address, row _id=" + ana + ": property zip "
                    + "is not among those the table's schema listed when the read started ([city])");
        }
        assertThat(read(null, List.of()).schema.columnNames()).as("a new read has the property's column")
                .contains("address_zip");
    }

    private static void drain(StreamReader reader) {
        while (reader.next() != null) {
            // reads until the refusal
        }
    }

    private Read read(Checkpoint from, List<String> columns) {
        Read read = new Read();
        try (Source source = source(); StreamReader reader = source.open(request(from, columns))) {
            read.schema = reader.schema();
            for (RecordBatch batch; (batch = reader.next()) != null; ) {
                read.batches.add(batch);
            }
        }
        return read;
    }

    private static ReadRequest request(Checkpoint from, List<String> columns) {
        return new ReadRequest(FLAT, columns, null, from, Lookback.NONE, 100, ReadRequest.DEFAULT_BATCH_BYTES);
    }

    private Source source() {
        ConnectionSpec spec = new ConnectionSpec("app", "convex", fake.url(), null, Secret.of(fake.deployKey()), Map.of());
        RetryPolicy quick = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30));
        return new ConvexSource(spec, new ConvexApi(spec, fake.url(), quick, Duration.ofSeconds(3), (wait, cancellation) -> { }));
    }

    private static final class Read {
        StreamSchema schema;
        final List<RecordBatch> batches = new ArrayList<>();

        List<ChangeRecord> records() {
            return batches.stream().flatMap(b -> b.records().stream()).toList();
        }

        Map<String, Object> row(String id) {
            ChangeRecord record = records().stream().filter(r -> r.value(0).equals(id)).reduce((a, b) -> b).orElseThrow();
            Map<String, Object> row = new java.util.HashMap<>();
            for (int i = 0; i < schema.columns().size(); i++) {
                row.put(schema.columns().get(i).name(), record.value(i));
            }
            return row;
        }

        Checkpoint last() {
            return batches.getLast().checkpoint();
        }
    }
}
