package dev.ferry.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.Ferry;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.state.QuarantineEntry;
import dev.ferry.engine.state.QuarantineFilter;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.testkit.convex.ConvexEncodedJsonFormat;
import dev.ferry.testkit.convex.ConvexValue;
import dev.ferry.testkit.convex.FakeConvex;
import dev.ferry.testkit.convex.StoredDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.ferry.testkit.convex.ConvexValue.array;
import static dev.ferry.testkit.convex.ConvexValue.bool;
import static dev.ferry.testkit.convex.ConvexValue.bytes;
import static dev.ferry.testkit.convex.ConvexValue.float64;
import static dev.ferry.testkit.convex.ConvexValue.int64;
import static dev.ferry.testkit.convex.ConvexValue.nullValue;
import static dev.ferry.testkit.convex.ConvexValue.object;
import static dev.ferry.testkit.convex.ConvexValue.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Convex value type from the fake deployment through {@code ferry run} into real PostgreSQL,
 * MariaDB and SQLite tables, read back and compared with the fake's documents value by value:
 * int64 at both ends of its range, float64 with -0.0, the smallest subnormal, NaN and the
 * infinities, booleans, unicode text (accents, CJK, emoji, a character outside the BMP, a NUL),
 * bytes (all 256 values, and none), nested objects and arrays as JSON text in the export's encoding,
 * a missing optional field as NULL, and {@code _creationTime} as a timestamp with time zone.
 *
 * <p>A value the destination cannot hold (NaN and the infinities in MariaDB, NaN in SQLite, a NUL in
 * PostgreSQL text) is never stored as something else: with {@code max_bad_rows} its document is set
 * aside in the quarantine with the table, its {@code _id} and the column; without, the run fails
 * naming them.
 */
class ConvexTypesEndToEndTest {
    private static final String PIPELINE = "convex-types";
    private static final String TABLE = "kinds";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COLUMNS = List.of("i64", "f64", "flag", "text", "data", "nested", "list", "maybe");

    @TempDir
    Path dir;

    private FakeConvex fake;

    @BeforeEach
    void start() throws Exception {
        fake = FakeConvex.start();
        Files.writeString(dir.resolve("key"), fake.deployKey());
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @ParameterizedTest
    @EnumSource(ConvexDestination.class)
    void everyTypeRoundTripsThroughAFullRefresh(ConvexDestination destination) throws Exception {
        Map<String, String> ids = insertEveryKind();
        String url = destination.freshUrl(dir);
        Path pipeline = pipeline(url, "sync: full_refresh\n    max_bad_rows: 10\n");

        JsonNode run = runJson(pipeline, 0);

        Set<String> bad = refused(destination);
        JsonNode counts = run.get("streams").get(0);
        assertThat(counts.get("read").asLong()).isEqualTo(ids.size());
        assertThat(counts.get("failed").asLong()).as("%s", run).isEqualTo(bad.size());
        assertDestinationEqualsFake(destination, url, bad);
        assertQuarantineHoldsExactly(destination, bad);
        assertStoredJsonTextIsTheExportEncoding(url, ids.get("max"), ids.get("min"));
    }

    @ParameterizedTest
    @EnumSource(ConvexDestination.class)
    void everyTypeRoundTripsThroughAChangesStreamItsSnapshotAndItsDeltas(ConvexDestination destination) throws Exception {
        Map<String, String> ids = insertEveryKind();
        String url = destination.freshUrl(dir);
        Path pipeline = pipeline(url, "sync: changes\n    deletes: hard\n    max_bad_rows: 10\n");

        JsonNode snapshot = runJson(pipeline, 0);
        assertThat(snapshot.get("streams").get(0).get("read").asLong()).isEqualTo(ids.size());
        assertDestinationEqualsFake(destination, url, refused(destination));
        Set<String> badBefore = refused(destination);
        assertQuarantineHoldsExactly(destination, badBefore);

        // Deltas carry every type too: the extremes swap places, a field goes missing, a bad value is
        // fixed, a new one arrives, and a document goes.
        fake.patch(TABLE, ids.get("max"), object("i64", int64(Long.MIN_VALUE + 1), "f64", float64(Double.MIN_VALUE),
                "nested", object("swapped", bool(true))));
        fake.replace(TABLE, ids.get("min"), object("i64", int64(Long.MAX_VALUE - 1), "f64", float64(-Double.MAX_VALUE),
                "flag", bool(true), "text", string("\u00e9t\u00e9 \uD83C\uDF0A"), "data", bytes(new byte[] {-1}),
                "nested", object(), "list", array(float64(-0.0))));
        fake.patch(TABLE, ids.get("nan"), object("f64", float64(0.1)));
        fake.patch(TABLE, ids.get("nul"), object("text", string("no longer a NUL")));
        fake.delete(TABLE, ids.get("zero"));
        ids.put("late", fake.insert(TABLE, document(7, float64(Double.NEGATIVE_INFINITY), "late \u0000 NUL", null)));

        JsonNode deltas = runJson(pipeline, 0);

        JsonNode counts = deltas.get("streams").get(0);
        assertThat(counts.get("read").asLong()).as("%s", deltas).isEqualTo(6);
        assertThat(counts.get("deleted").asLong()).isEqualTo(1);
        Set<String> bad = refused(destination);
        assertDestinationEqualsFake(destination, url, bad);
        // A run that reads changes only never resolves earlier entries (only a run that reads the whole
        // source does): the entries of documents fixed since stay, beside those refused now.
        Set<String> stale = new TreeSet<>(badBefore);
        stale.removeAll(bad);
        Set<String> expectedEntries = new TreeSet<>(bad);
        expectedEntries.addAll(badBefore);
        assertQuarantineHoldsExactly(destination, expectedEntries);
        // Only the document that arrived in the deltas was refused by that run; the others stay as the snapshot left them.
        String late = "_id=" + ids.get("late");
        assertThat(quarantine().values()).allSatisfy(entry -> assertThat(entry.runId()).as("%s", entry)
                .isEqualTo(entry.rowKey().equals(late) ? deltas.get("runId").asLong() : snapshot.get("runId").asLong()));
        assertThat(stale).as("documents fixed since the snapshot, still in the quarantine").isEqualTo(
                fixedSince(destination, ids));
    }

    @ParameterizedTest
    @EnumSource(ConvexDestination.class)
    void withoutAQuarantineAValueTheDestinationCannotHoldFailsTheRunNamingTheDocument(ConvexDestination destination)
            throws Exception {
        insertEveryKind();
        Set<String> bad = refused(destination);
        String url = destination.freshUrl(dir);
        Path pipeline = pipeline(url, "sync: changes\n    deletes: hard\n");

        Result run = ferry("run", pipeline.toString());

        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);
        String message = run.out() + run.err();
        System.out.println(destination + " without a quarantine: " + message);
        assertThat(message).contains(TABLE).containsAnyOf(bad.stream().map(id -> "_id=" + id).toArray(String[]::new))
                .containsAnyOf(destination.refusesNul() ? "text" : "f64");
        assertThat(quarantine()).as("nothing is set aside without max_bad_rows").isEmpty();
    }

    /**
     * The table's documents: one field of each type, at their edges. Their names say what they hold;
     * the values are chosen so that each document is refused by some destination or by none.
     */
    private Map<String, String> insertEveryKind() {
        Map<String, String> ids = new LinkedHashMap<>();
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        ids.put("max", fake.insert(TABLE, object("i64", int64(Long.MAX_VALUE), "f64", float64(1.5), "flag", bool(true),
                "text", string("plain"), "data", bytes(everyByte),
                "nested", object("n", int64(-1), "s", string("x"), "deep", object("f", float64(Double.NaN), "b", bytes(new byte[] {1, 2}))),
                "list", array(int64(Long.MIN_VALUE), float64(2.5), string("\u00e9"), bool(false), nullValue(), array()),
                "maybe", string("present"))));
        ids.put("min", fake.insert(TABLE, object("i64", int64(Long.MIN_VALUE), "f64", float64(-0.0), "flag", bool(false),
                "text", string("na\u00efve caf\u00e9 \u6771\u4eac \uD83D\uDE00 \uD834\uDD1E \u202Eright-to-left"),
                "data", bytes(new byte[0]), "nested", object(), "list", array())));
        ids.put("zero", fake.insert(TABLE, document(0, float64(Double.MAX_VALUE), "", "")));
        ids.put("nan", fake.insert(TABLE, document(1, float64(Double.NaN), "not a number", "nan")));
        ids.put("inf", fake.insert(TABLE, document(2, float64(Double.POSITIVE_INFINITY), "infinity", null)));
        ids.put("-inf", fake.insert(TABLE, document(3, float64(Double.NEGATIVE_INFINITY), "minus infinity", null)));
        ids.put("nul", fake.insert(TABLE, document(4, float64(-1e-300), "before\u0000after", "nul")));
        return ids;
    }

    private static ConvexValue.Obj document(long i64, ConvexValue f64, String text, String maybe) {
        Map<String, ConvexValue> fields = new LinkedHashMap<>();
        fields.put("i64", int64(i64));
        fields.put("f64", f64);
        fields.put("flag", bool(i64 % 2 == 0));
        fields.put("text", string(text));
        fields.put("data", bytes(text.getBytes(StandardCharsets.UTF_8)));
        fields.put("nested", object("of", string(text)));
        fields.put("list", array(int64(i64), f64));
        if (maybe != null) {
            fields.put("maybe", string(maybe));
        }
        return object(fields);
    }

    /** The documents the deltas fixed that {@code destination} had refused: the NaN one, the NUL one. */
    private static Set<String> fixedSince(ConvexDestination destination, Map<String, String> ids) {
        Set<String> fixed = new TreeSet<>();
        if (destination.refuses(Double.NaN)) {
            fixed.add(ids.get("nan"));
        }
        if (destination.refusesNul()) {
            fixed.add(ids.get("nul"));
        }
        return fixed;
    }

    /** The ids of the fake's live documents that {@code destination} cannot hold. */
    private Set<String> refused(ConvexDestination destination) {
        Set<String> bad = new TreeSet<>();
        for (StoredDocument document : fake.documents(TABLE)) {
            boolean badFloat = document.field("f64") instanceof ConvexValue.Float64(double value) && destination.refuses(value);
            boolean badText = destination.refusesNul() && document.field("text") instanceof ConvexValue.Str(String text)
                    && text.indexOf('\u0000') >= 0;
            if (badFloat || badText) {
                bad.add(document.id());
            }
        }
        return bad;
    }

    /** Every live document of the fake but {@code bad} is a row, value for value; no other row is there. */
    private void assertDestinationEqualsFake(ConvexDestination destination, String url, Set<String> bad) throws Exception {
        Map<String, List<String>> expected = new TreeMap<>();
        for (StoredDocument document : fake.documents(TABLE)) {
            if (!bad.contains(document.id())) {
                expected.put(document.id(), expectedRow(destination, document));
            }
        }
        assertThat(expected).as("documents every destination can hold").hasSizeGreaterThanOrEqualTo(3);
        Map<String, List<String>> actual = readDestination(destination, url);
        assertThat(actual).as("%s: %s", destination, differences(expected, actual)).isEqualTo(expected);
    }

    /** The differing values only, by {@code _id} and column, so a failure says what changed. */
    private static List<String> differences(Map<String, List<String>> expected, Map<String, List<String>> actual) {
        List<String> names = new ArrayList<>(COLUMNS);
        names.add("_creationTime");
        List<String> found = new ArrayList<>();
        Set<String> ids = new TreeSet<>(expected.keySet());
        ids.addAll(actual.keySet());
        for (String id : ids) {
            List<String> want = expected.get(id);
            List<String> got = actual.get(id);
            if (want == null || got == null) {
                found.add("_id=" + id + (want == null ? " is not in the fake" : " is missing"));
                continue;
            }
            for (int i = 0; i < names.size(); i++) {
                if (!java.util.Objects.equals(want.get(i), got.get(i))) {
                    found.add("_id=" + id + " " + names.get(i) + ": expected " + visible(want.get(i)) + ", found " + visible(got.get(i)));
                }
            }
        }
        return found;
    }

    private static String visible(String text) {
        return text == null ? "NULL" : "'" + text.replace("\u0000", "\\0") + "'";
    }

    /** How each value must read back: numbers and booleans by Java's text, bytes as hex, JSON as stored text. */
    private static List<String> expectedRow(ConvexDestination destination, StoredDocument document) {
        List<String> row = new ArrayList<>();
        for (String column : COLUMNS) {
            ConvexValue value = document.field(column);
            row.add(switch (value) {
                case null -> null;
                case ConvexValue.Int64(long i) -> Long.toString(i);
                case ConvexValue.Float64(double f) -> Double.toString(f == 0 && !destination.holdsNegativeZero() ? 0.0 : f);
                case ConvexValue.Bool(boolean b) -> Boolean.toString(b);
                case ConvexValue.Str(String s) -> s;
                case ConvexValue.Bytes b -> HexFormat.of().formatHex(b.value());
                case ConvexValue.Obj o -> ConvexEncodedJsonFormat.INSTANCE.encode(o).toString();
                case ConvexValue.Array a -> ConvexEncodedJsonFormat.INSTANCE.encode(a).toString();
                default -> throw new IllegalStateException("no such field value in this table: " + value);
            });
        }
        row.add(creationTimeMicros(document.creationTime()));
        return row;
    }

    /** {@code _creationTime} (float milliseconds) rounded half-even to the microsecond, the connector's documented rule. */
    private static String creationTimeMicros(double millis) {
        long micros = new BigDecimal(millis).multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.HALF_EVEN)
                .longValueExact();
        return ConvexDestination.MICROS.format(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L));
    }

    private static Map<String, List<String>> readDestination(ConvexDestination destination, String url) throws Exception {
        StringBuilder sql = new StringBuilder("SELECT ").append(destination.quoted("_id"));
        COLUMNS.forEach(column -> sql.append(", ").append(destination.quoted(column)));
        sql.append(", ").append(destination.creationTimeText()).append(" FROM ").append(TABLE);
        Map<String, List<String>> rows = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql.toString())) {
            while (result.next()) {
                List<String> row = new ArrayList<>();
                long i64 = result.getLong("i64");
                row.add(result.wasNull() ? null : Long.toString(i64));
                double f64 = result.getDouble("f64");
                row.add(result.wasNull() ? null : Double.toString(f64));
                boolean flag = result.getBoolean("flag");
                row.add(result.wasNull() ? null : Boolean.toString(flag));
                row.add(result.getString("text"));
                byte[] data = result.getBytes("data");
                row.add(data == null ? null : HexFormat.of().formatHex(data));
                row.add(result.getString("nested"));
                row.add(result.getString("list"));
                row.add(result.getString("maybe"));
                row.add(destination.creationTime(result.getString(COLUMNS.size() + 2)));
                List<String> earlier = rows.put(result.getString(1), row);
                assertThat(earlier).as("a second row for _id %s", result.getString(1)).isNull();
            }
        }
        return rows;
    }

    /** The JSON columns hold the export's encoding as text, byte for byte: spelled out here once, not derived. */
    private static void assertStoredJsonTextIsTheExportEncoding(String url, String maxId, String minId) throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT nested, list FROM " + TABLE + " WHERE " + "_id IN ('" + maxId
                     + "', '" + minId + "') ORDER BY i64 DESC")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("{\"n\":{\"$integer\":\"//////////8=\"},\"s\":\"x\",\"deep\":"
                    + "{\"f\":{\"$float\":\"AAAAAAAA+H8=\"},\"b\":{\"$bytes\":\"AQI=\"}}}");
            assertThat(result.getString(2)).isEqualTo("[{\"$integer\":\"AAAAAAAAAIA=\"},2.5,\"\u00e9\",false,null,[]]");
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("{}");
            assertThat(result.getString(2)).isEqualTo("[]");
        }
    }

    /** The quarantine holds one entry per refused document, naming the table, its {@code _id} and the column. */
    private void assertQuarantineHoldsExactly(ConvexDestination destination, Set<String> bad) {
        Map<String, QuarantineEntry> entries = quarantine();
        assertThat(entries.keySet()).isEqualTo(bad.stream().map(id -> "_id=" + id).collect(TreeSet::new, Set::add, Set::addAll));
        for (QuarantineEntry entry : entries.values()) {
            System.out.println(destination + " quarantined " + entry.rowKey() + ": " + entry.error());
            assertThat(entry.error()).as("%s", entry).contains(TABLE).contains(entry.rowKey());
            String id = entry.rowKey().substring("_id=".length());
            if (!refused(destination).contains(id)) {
                continue; // fixed since it was set aside: what it was refused for is no longer in the document
            }
            StoredDocument document = fake.store().get(TABLE, id);
            boolean nul = document.field("text") instanceof ConvexValue.Str(String text) && text.indexOf('\u0000') >= 0;
            assertThat(entry.error()).as("%s", entry).contains(nul && destination.refusesNul() ? "text" : "f64");
        }
    }

    private Map<String, QuarantineEntry> quarantine() {
        try (StateStore state = StateStores.open(new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null))) {
            Map<String, QuarantineEntry> byKey = new TreeMap<>();
            for (QuarantineEntry entry : state.quarantined(QuarantineFilter.of(PIPELINE, TABLE, 1000))) {
                assertThat(byKey.put(entry.rowKey(), entry)).as("a second entry for %s", entry.rowKey()).isNull();
            }
            return byKey;
        }
    }

    private Path pipeline(String destinationUrl, String streamSettings) throws Exception {
        return Files.writeString(dir.resolve("pipeline.yml"), """
                pipeline: %s
                connections:
                  app: {url: "%s", type: convex, deploy_key: "${file:key}"}
                  target: {url: "%s"}
                source: app
                destination: target
                state: {url: "jdbc:sqlite:state.db"}
                streams:
                  - table: %s
                    %s""".formatted(PIPELINE, fake.url(), destinationUrl, TABLE, streamSettings));
    }

    private JsonNode runJson(Path pipeline, int exitCode) throws Exception {
        Result result = ferry("run", pipeline.toString(), "--json");
        assertThat(result.code()).as(result.out() + result.err()).isEqualTo(exitCode);
        return JSON.readTree(result.out());
    }

    private record Result(int code, String out, String err) {
    }

    private static Result ferry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ferry.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
