package dev.ferry.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.Ferry;
import dev.ferry.testkit.TestPostgres;
import dev.ferry.testkit.convex.FakeConvex;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.ferry.testkit.convex.ConvexValue.float64;
import static dev.ferry.testkit.convex.ConvexValue.int64;
import static dev.ferry.testkit.convex.ConvexValue.object;
import static dev.ferry.testkit.convex.ConvexValue.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flatten: true} from the fake Convex deployment through {@code ferry run} into PostgreSQL:
 * the snapshot creates one typed column per property of a nested object, in place of the object,
 * and a later run of the change stream carries an update to a nested property, a document that
 * gains its object, and a delete. A second stream selects and renames one flattened column.
 */
class ConvexFlattenEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private FakeConvex fake;
    private String url;

    @BeforeEach
    void start() throws Exception {
        fake = FakeConvex.start();
        Files.writeString(dir.resolve("key"), fake.deployKey());
        url = TestPostgres.freshDatabase("convex_flatten");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void aSnapshotThenChangesKeepTheFlattenedColumnsInStep() throws Exception {
        String ana = fake.insert("people", object("name", string("Ana"),
                "address", object("city", string("Porto"), "zip", int64(4000), "geo", object("lat", float64(41.15)))));
        String bo = fake.insert("people", object("name", string("Bo")));
        String cy = fake.insert("people", object("name", string("Cy"),
                "address", object("city", string("Oslo"), "zip", int64(150), "geo", object("lat", float64(59.9)))));
        Path pipeline = pipeline();

        JsonNode snapshot = run(pipeline);

        assertThat(snapshot.get("streams").get(0).get("read").asLong()).isEqualTo(3);
        assertThat(columnTypes("people")).containsExactly(
                Map.entry("_id", "character varying"), Map.entry("_creationTime", "timestamp with time zone"),
                Map.entry("address_city", "text"), Map.entry("address_zip", "bigint"), Map.entry("address_geo", "json"),
                Map.entry("name", "text"));
        assertThat(rows("people", "address_city", "address_zip", "address_geo::text", "name")).containsOnly(
                Map.entry(ana, List.of("Porto", "4000", "{\"lat\":41.15}", "Ana")),
                Map.entry(bo, listOf(null, null, null, "Bo")),
                Map.entry(cy, List.of("Oslo", "150", "{\"lat\":59.9}", "Cy")));
        assertThat(columnTypes("cities")).containsOnlyKeys("_id", "city");
        assertThat(rows("cities", "city")).containsOnly(Map.entry(ana, List.of("Porto")), Map.entry(bo, listOf((String) null)),
                Map.entry(cy, List.of("Oslo")));

        fake.patch("people", ana, object("address", object("city", string("Lisboa"), "zip", int64(1000),
                "geo", object("lat", float64(38.7)))));
        fake.patch("people", bo, object("address", object("city", string("Faro"), "zip", int64(8000),
                "geo", object("lat", float64(37.0)))));
        fake.delete("people", cy);

        JsonNode changes = run(pipeline);

        JsonNode counts = changes.get("streams").get(0);
        assertThat(counts.get("read").asLong()).as("%s", changes).isEqualTo(3);
        assertThat(counts.get("deleted").asLong()).isEqualTo(1);
        assertThat(rows("people", "address_city", "address_zip", "address_geo::text", "name")).containsOnly(
                Map.entry(ana, List.of("Lisboa", "1000", "{\"lat\":38.7}", "Ana")),
                Map.entry(bo, List.of("Faro", "8000", "{\"lat\":37.0}", "Bo")));
        assertThat(rows("cities", "city")).containsOnly(Map.entry(ana, List.of("Lisboa")), Map.entry(bo, List.of("Faro")));
    }

    private Path pipeline() throws Exception {
        return Files.writeString(dir.resolve("pipeline.yml"), """
                pipeline: convex-flatten
                connections:
                  app: {url: "%s", type: convex, deploy_key: "${file:key}"}
                  target: {url: "%s"}
                source: app
                destination: target
                state: {url: "jdbc:sqlite:state.db"}
                defaults:
                  sync: changes
                  deletes: hard
                streams:
                  - table: people
                    flatten: true
                  - table: people
                    name: cities
                    flatten: true
                    columns: [_id, address_city]
                    rename: {address_city: city}
                """.formatted(fake.url(), url));
    }

    private JsonNode run(Path pipeline) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ferry.execute(new PrintWriter(out, true), new PrintWriter(err, true), "run", pipeline.toString(), "--json");
        assertThat(code).as(out + "\n" + err).isZero();
        return JSON.readTree(out.toString());
    }

    /** Column name → data type, in the table's order. */
    private Map<String, String> columnTypes(String table) throws Exception {
        Map<String, String> types = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT column_name, data_type FROM information_schema.columns "
                     + "WHERE table_name = '" + table + "' ORDER BY ordinal_position")) {
            while (rows.next()) {
                types.put(rows.getString(1), rows.getString(2));
            }
        }
        return types;
    }

    /** {@code _id} → the given expressions' text, by {@code _id}. */
    private Map<String, List<String>> rows(String table, String... expressions) throws Exception {
        Map<String, List<String>> byId = new TreeMap<>();
        List<String> quoted = new ArrayList<>();
        for (String expression : expressions) {
            quoted.add(expression.contains("::") ? "\"" + expression.replace("::", "\"::") : "\"" + expression + "\"");
        }
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT \"_id\", " + String.join(", ", quoted) + " FROM " + table)) {
            while (rows.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < expressions.length; i++) {
                    values.add(rows.getString(i + 2));
                }
                byId.put(rows.getString(1), values);
            }
        }
        return byId;
    }

    private static List<String> listOf(String... values) {
        return java.util.Arrays.asList(values);
    }
}
