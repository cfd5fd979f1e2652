package dev.ferry.cli.e2e;

import dev.ferry.cli.Ferry;
import dev.ferry.cli.e2e.AllKindsSource.WritePath;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.state.QuarantineEntry;
import dev.ferry.engine.state.QuarantineFilter;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.testkit.TestPostgres;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static dev.ferry.testkit.convex.ConvexValue.bool;
import static dev.ferry.testkit.convex.ConvexValue.bytes;
import static dev.ferry.testkit.convex.ConvexValue.float64;
import static dev.ferry.testkit.convex.ConvexValue.int64;
import static dev.ferry.testkit.convex.ConvexValue.nullValue;
import static dev.ferry.testkit.convex.ConvexValue.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL table with a column of every type Ferry maps ({@link AllKindsSource}) copied into
 * Convex (the fake) through each write path, the documents checked at the fake, then read back from
 * Convex into another PostgreSQL database and compared value by value with what the documented
 * transformations make of the original. The streaming import cannot carry an integer beyond 2^53,
 * NaN or an infinity: each such row fails its run naming the table, the column and the row's key,
 * and nothing of it reaches Convex; the mutation path with {@code integers: int64} carries them all.
 */
class PostgresToConvexRoundTripTest {
    @TempDir
    Path dir;

    private FakeConvex fake;
    private String source;

    @BeforeEach
    void start() throws Exception {
        fake = FakeConvex.start();
        Files.writeString(dir.resolve("deploy.key"), fake.deployKey());
        Files.writeString(dir.resolve("auth.key"), fake.mutationAuthKey());
        source = TestPostgres.freshDatabase("convex_rt_src");
        AllKindsSource.create(source);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @ParameterizedTest
    @EnumSource(WritePath.class)
    void everyTypeGoesToConvexAndComesBackAsDocumented(WritePath path) throws Exception {
        List<String> carried = path == WritePath.IMPORT ? AllKindsSource.importable()
                : List.copyOf(AllKindsSource.rows().keySet());
        Path toConvex = toConvex(path, path == WritePath.IMPORT ? "!(label in ['bigmax', 'bigmin', 'nan', 'inf', 'neginf'])"
                : null);

        Result first = ferry("run", toConvex.toString());

        assertThat(first.code()).as(first.all()).isZero();
        int all = AllKindsSource.rows().size();
        assertThat(first.out()).as("rows the filter leaves out count as unchanged").contains(all + " read")
                .contains(carried.size() + " inserted").contains((all - carried.size()) + " unchanged");
        assertThat(fake.documents(AllKindsSource.TABLE)).hasSize(carried.size());
        assertDocumentsAtTheFake(path);

        Result again = ferry("run", toConvex.toString());

        assertThat(again.code()).as(again.all()).isZero();
        assertThat(fake.documents(AllKindsSource.TABLE)).as("a second run replaces by key, it adds nothing")
                .hasSize(carried.size());
        assertDocumentsAtTheFake(path);

        String back = TestPostgres.freshDatabase("convex_rt_back");
        Result read = ferry("run", fromConvex(back).toString());

        assertThat(read.code()).as(read.all()).isZero();
        Map<String, Map<String, String>> expected = AllKindsSource.expected(path, carried);
        Map<String, Map<String, String>> actual = AllKindsSource.readBack(back);
        assertThat(actual).as("%s: %s", path, differences(expected, actual)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(WritePath.class)
    void aValueTheImportCannotCarryFailsItsRunNamingTableColumnAndKeyWhileTheMutationPathCarriesIt(WritePath path)
            throws Exception {
        Map<String, Map<String, Object>> rows = AllKindsSource.rows();
        for (Map.Entry<String, String> refused : AllKindsSource.IMPORT_REFUSES.entrySet()) {
            String label = refused.getKey();
            Result run = ferry("run", toConvex(path, "label == '" + label + "'").toString());

            if (path == WritePath.IMPORT) {
                assertThat(run.code()).as(run.all()).isEqualTo(1);
                assertThat(run.all()).as(label).contains("kinds").contains(refused.getValue())
                        .contains("id=" + rows.get(label).get("id"))
                        .containsAnyOf("beyond 2^53", "no NaN or infinity")
                        .doesNotContain(fake.deployKey());
                assertThat(fake.documents(AllKindsSource.TABLE)).as("nothing of the refused row was imported").isEmpty();
            } else {
                assertThat(run.code()).as(run.all()).isZero();
            }
        }
        if (path == WritePath.MUTATION) {
            assertThat(fake.documents(AllKindsSource.TABLE)).hasSize(AllKindsSource.IMPORT_REFUSES.size());
            assertThat(document("bigmax").field("big")).isEqualTo(int64(Long.MAX_VALUE));
            assertThat(document("bigmin").field("big")).isEqualTo(int64(Long.MIN_VALUE));
            assertThat(document("nan").field("dbl")).isEqualTo(float64(Double.NaN));
            assertThat(document("inf").field("dbl")).isEqualTo(float64(Double.POSITIVE_INFINITY));
            assertThat(document("neginf").field("single")).isEqualTo(float64(Double.NEGATIVE_INFINITY));
        }
    }

    /**
     * The mutation path's documents read back into MariaDB and SQLite: equal to the original as
     * documented, except what the database cannot hold, never changed silently. -0.0 reads back as 0
     * (neither keeps the sign of zero); a NaN (both) or an infinity (MariaDB) is set aside in the
     * quarantine naming the table, the document and the column.
     */
    @ParameterizedTest
    @EnumSource(value = ConvexDestination.class, names = {"MARIADB", "SQLITE"})
    void theMutationPathReadsBackIntoMariaDbAndSqlite(ConvexDestination destination) throws Exception {
        Result copy = ferry("run", toConvex(WritePath.MUTATION, null).toString());
        assertThat(copy.code()).as(copy.all()).isZero();
        Map<String, Map<String, Object>> rows = AllKindsSource.rows();
        Map<String, List<String>> refused = new TreeMap<>();
        for (Map.Entry<String, Map<String, Object>> row : rows.entrySet()) {
            List<String> columns = new java.util.ArrayList<>();
            if (row.getValue().get("single") instanceof Float single && destination.refuses(single)) {
                columns.add("single");
            }
            if (row.getValue().get("dbl") instanceof Double dbl && destination.refuses(dbl)) {
                columns.add("dbl");
            }
            if (!columns.isEmpty()) {
                refused.put(row.getKey(), columns);
            }
        }
        assertThat(refused).as("the test's rows hold values %s cannot", destination).isNotEmpty();

        String back = destination.freshUrl(dir);
        Result read = ferry("run", fromConvex(back, "    max_bad_rows: 10\n").toString());

        assertThat(read.code()).as(read.all()).isZero();
        List<String> held = rows.keySet().stream().filter(label -> !refused.containsKey(label)).toList();
        Map<String, Map<String, String>> expected = AllKindsSource.expected(WritePath.MUTATION, held);
        expected.values().forEach(row -> row.replaceAll((column, value) -> "double:-0.0".equals(value)
                && !destination.holdsNegativeZero() ? "double:0.0" : value));
        Map<String, Map<String, String>> actual = AllKindsSource.readBackAs(back, expected);
        assertThat(actual).as("%s: %s", destination, differences(expected, actual)).isEqualTo(expected);

        Map<String, String> quarantined = new TreeMap<>();
        try (StateStore state = StateStores.open(new StateConfig("jdbc:sqlite:" + dir.resolve("from-convex-state.db"),
                null, null))) {
            for (QuarantineEntry entry : state.quarantined(QuarantineFilter.of("convex-to-pg", "kinds", 100))) {
                String label = ((ConvexValue.Str) fake.store().get("kinds", entry.rowKey().substring("_id=".length()))
                        .field("label")).value();
                assertThat(entry.error()).as("%s", entry).contains("kinds").contains(entry.rowKey());
                quarantined.put(label, entry.error());
            }
        }
        assertThat(quarantined.keySet()).as("the documents set aside").isEqualTo(refused.keySet());
        // A document with two such values is refused at the first the writer meets; either is named.
        quarantined.forEach((label, error) -> assertThat(error).as(label)
                .containsAnyOf(refused.get(label).toArray(String[]::new)));
    }

    /** The documents hold the Convex value types each path documents. */
    private void assertDocumentsAtTheFake(WritePath path) {
        StoredDocument max = document("max");
        StoredDocument min = document("min");
        StoredDocument plain = document("plain");
        StoredDocument negzero = document("negzero");
        StoredDocument nulls = document("nulls");
        if (path == WritePath.IMPORT) {
            assertThat(max.field("id")).isEqualTo(float64(1));
            assertThat(max.field("small")).isEqualTo(float64(32767));
            assertThat(max.field("big")).as("2^53 is still exact as a float64").isEqualTo(float64(AllKindsSource.TWO_TO_53));
            assertThat(min.field("big")).isEqualTo(float64(-AllKindsSource.TWO_TO_53));
            assertThat(max.field("blob")).as("bytes as a base64 string")
                    .isEqualTo(string(Base64.getEncoder().encodeToString(AllKindsSource.EVERY_BYTE)));
            assertThat(min.field("blob")).isEqualTo(string(""));
        } else {
            assertThat(max.field("id")).isEqualTo(int64(1));
            assertThat(max.field("small")).isEqualTo(int64(32767));
            assertThat(max.field("whole")).isEqualTo(int64(Integer.MAX_VALUE));
            assertThat(max.field("big")).isEqualTo(int64(AllKindsSource.TWO_TO_53));
            assertThat(document("bigmax").field("big")).isEqualTo(int64(Long.MAX_VALUE));
            assertThat(document("bigmin").field("big")).isEqualTo(int64(Long.MIN_VALUE));
            assertThat(max.field("blob")).isEqualTo(bytes(AllKindsSource.EVERY_BYTE));
            assertThat(min.field("blob")).isEqualTo(bytes(new byte[0]));
            assertThat(document("nan").field("dbl")).isEqualTo(float64(Double.NaN));
            assertThat(document("inf").field("dbl")).isEqualTo(float64(Double.POSITIVE_INFINITY));
            assertThat(document("neginf").field("single")).isEqualTo(float64(Double.NEGATIVE_INFINITY));
        }
        assertThat(negzero.field("dbl")).as("the sign of zero kept").isEqualTo(float64(-0.0));
        assertThat(negzero.field("single")).isEqualTo(float64(-0.0));
        assertThat(min.field("single")).as("a real widens exactly").isEqualTo(float64(Float.MIN_VALUE));
        assertThat(plain.field("single")).isEqualTo(float64(0.1f));
        assertThat(max.field("exact")).as("a decimal keeps its digits as a string")
                .isEqualTo(string("123456789012345678901234567890.123456789012345678901234567890"));
        assertThat(plain.field("money")).as("and its scale").isEqualTo(string("12.50"));
        assertThat(max.field("flag")).isEqualTo(bool(true));
        assertThat(max.field("day")).isEqualTo(string("9999-12-31"));
        assertThat(plain.field("clock")).isEqualTo(string("10:15:30.5"));
        assertThat(plain.field("stamp")).isEqualTo(string("2024-02-29T10:15:30.123456"));
        assertThat(plain.field("moment")).as("a time with zone in UTC").isEqualTo(string("2024-01-31T08:15:30.5Z"));
        assertThat(max.field("ident")).isEqualTo(string("ffffffff-ffff-ffff-ffff-ffffffffffff"));
        assertThat(max.field("body")).isEqualTo(string((String) AllKindsSource.rows().get("max").get("body")));
        assertThat(max.field("doc")).as("JSON as its value").isInstanceOf(ConvexValue.Obj.class);
        ConvexValue.Obj doc = (ConvexValue.Obj) max.field("doc");
        assertThat(doc.get("n")).as("a JSON number is a float64").isEqualTo(float64(1));
        assertThat(doc.get("list")).isInstanceOf(ConvexValue.Array.class);
        assertThat(min.field("doc")).isEqualTo(ConvexValue.array());
        for (String column : AllKindsSource.COLUMNS) {
            if (!column.equals("id") && !column.equals("label")) {
                assertThat(nulls.field(column)).as("NULL in %s", column).isEqualTo(nullValue());
            }
        }
    }

    private StoredDocument document(String label) {
        return fake.documents(AllKindsSource.TABLE).stream().filter(d -> string(label).equals(d.field("label"))).findFirst()
                .orElseThrow(() -> new AssertionError("no document with label " + label));
    }

    /** The differing values only, by label and column, so a failure says what changed. */
    private static String differences(Map<String, Map<String, String>> expected, Map<String, Map<String, String>> actual) {
        Map<String, String> found = new TreeMap<>();
        for (String label : expected.keySet()) {
            Map<String, String> want = expected.get(label);
            Map<String, String> got = actual.get(label);
            if (got == null) {
                found.put(label, "missing");
                continue;
            }
            String changed = want.keySet().stream().filter(c -> !java.util.Objects.equals(want.get(c), got.get(c)))
                    .map(c -> c + ": expected " + want.get(c) + ", found " + got.get(c)).collect(Collectors.joining("; "));
            if (!changed.isEmpty()) {
                found.put(label, changed);
            }
        }
        actual.keySet().stream().filter(label -> !expected.containsKey(label)).forEach(label -> found.put(label, "unexpected"));
        return found.toString();
    }

    private Path toConvex(WritePath path, String filter) throws Exception {
        String properties = path == WritePath.MUTATION
                ? "    properties: {write: mutation, auth_key: \"${file:auth.key}\", integers: int64}\n" : "";
        String transforms = filter == null ? "" : "    transforms:\n      - filter: \"" + filter.replace("\"", "\\\"") + "\"\n";
        return Files.writeString(dir.resolve("to-convex.yml"), """
                pipeline: pg-to-convex
                connections:
                  pg: {url: "%s"}
                  convex:
                    url: "%s"
                    type: convex
                    deploy_key: "${file:deploy.key}"
                %ssource: pg
                destination: convex
                state: {url: "jdbc:sqlite:to-convex-state.db"}
                streams:
                  - table: kinds
                    write: upsert
                %s""".formatted(source, fake.url(), properties, transforms));
    }

    private Path fromConvex(String destination) throws Exception {
        return fromConvex(destination, "");
    }

    private Path fromConvex(String destination, String streamSettings) throws Exception {
        return Files.writeString(dir.resolve("from-convex.yml"), """
                pipeline: convex-to-pg
                connections:
                  convex: {url: "%s", type: convex, deploy_key: "${file:deploy.key}"}
                  back: {url: "%s"}
                source: convex
                destination: back
                state: {url: "jdbc:sqlite:from-convex-state.db"}
                streams:
                  - table: kinds
                    sync: full_refresh
                %s""".formatted(fake.url(), destination, streamSettings));
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
