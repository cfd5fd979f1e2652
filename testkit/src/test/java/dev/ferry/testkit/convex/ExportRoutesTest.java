package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.ferry.testkit.convex.ConvexValue.float64;
import static dev.ferry.testkit.convex.ConvexValue.int64;
import static dev.ferry.testkit.convex.ConvexValue.object;
import static dev.ferry.testkit.convex.ConvexValue.string;
import static org.assertj.core.api.Assertions.assertThat;

class ExportRoutesTest {

    private FakeConvex convex;
    private ConvexHttp http;

    @BeforeEach
    void start() {
        convex = FakeConvex.start();
        http = new ConvexHttp(convex.url(), convex.deployKey());
    }

    @AfterEach
    void stop() {
        convex.close();
    }

    @Test
    void connectionTestAnswersOk() {
        ConvexHttp.Response response = http.get("/api/test_streaming_export_connection");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("deploymentName").asText()).isEqualTo("fake-convex");
    }

    @Test
    void jsonSchemasInferTypesOptionalFieldsAndDeltaFields() {
        convex.insert("users", object("name", string("Ana"), "age", int64(30)));
        convex.insert("users", object("name", string("Bo"), "score", float64(1.5)));
        convex.createTable("empty");

        JsonNode schemas = http.get("/api/json_schemas?format=json").body();
        assertThat(schemas.fieldNames()).toIterable().containsExactly("empty", "users");
        JsonNode users = schemas.get("users");
        assertThat(users.path("properties").path("name").path("type").asText()).isEqualTo("string");
        assertThat(users.path("properties").path("age").path("type").asText()).isEqualTo("integer");
        assertThat(users.path("properties").path("score").path("type").asText()).isEqualTo("number");
        assertThat(users.path("required").toString()).isEqualTo("[\"_id\",\"_creationTime\",\"name\"]");
        assertThat(users.path("properties").has("_ts")).isFalse();

        JsonNode delta = http.get("/api/json_schemas?deltaSchema=true&format=json").body().get("users");
        assertThat(delta.path("properties").path("_ts").path("type").asText()).isEqualTo("integer");
        assertThat(delta.path("properties").path("_deleted").path("type").asText()).isEqualTo("boolean");
        assertThat(delta.path("properties").path("_table").path("type").asText()).isEqualTo("string");
    }

    @Test
    void aFieldWhoseTypeVariesGetsAnyOf() {
        convex.insert("mixed", object("v", int64(1)));
        convex.insert("mixed", object("v", string("one")));
        JsonNode v = http.get("/api/json_schemas").body().path("mixed").path("properties").path("v");
        assertThat(v.path("anyOf").size()).isEqualTo(2);
    }

    @Test
    void tableColumnNamesListSystemColumnsThenFieldsByName() {
        convex.insert("users", object("name", string("Ana")));
        convex.insert("users", object("email", string("b@x"), "name", string("Bo")));
        JsonNode columns = http.get("/api/get_table_column_names").body().path("by_table").path("users");
        assertThat(columns.toString()).isEqualTo("[\"_id\",\"_creationTime\",\"email\",\"name\"]");
    }

    @Test
    void listSnapshotPagesBy1024UntilHasMoreIsFalse() {
        Set<String> inserted = insertNumbered("big", 2500);
        List<Integer> pageSizes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        Long snapshot = null;
        boolean hasMore = true;
        while (hasMore) {
            JsonNode page = http.get("/api/list_snapshot?tableName=big" + (snapshot == null ? "" : "&snapshot=" + snapshot)
                    + (cursor == null ? "" : "&cursor=" + cursor)).body();
            pageSizes.add(page.get("values").size());
            page.get("values").forEach(value -> seen.add(value.get("_id").textValue()));
            snapshot = page.get("snapshot").longValue();
            cursor = page.get("cursor").textValue();
            hasMore = page.get("hasMore").booleanValue();
        }
        assertThat(pageSizes).containsExactly(1024, 1024, 452);
        assertThat(seen).isEqualTo(inserted);
    }

    @Test
    void listSnapshotWithoutTableNameReadsEveryTable() {
        convex.insert("a", object("x", int64(1)));
        convex.insert("b", object("x", int64(2)));
        JsonNode page = http.get("/api/list_snapshot").body();
        assertThat(page.get("values").findValuesAsText("_table")).containsExactly("a", "b");
        assertThat(page.get("hasMore").booleanValue()).isFalse();
    }

    @Test
    void laterSnapshotPagesShowTheDataAsOfTheFirstPageWhileDocumentsChange() {
        insertNumbered("t", 2000);
        JsonNode first = http.get("/api/list_snapshot?tableName=t").body();
        long snapshot = first.get("snapshot").longValue();
        Map<String, Long> original = new HashMap<>();
        convex.documents("t").forEach(document -> original.put(document.id(), ((ConvexValue.Int64) document.field("n")).value()));

        // Between pages: update every document, delete some, insert new ones.
        List<StoredDocument> current = convex.documents("t");
        for (int i = 0; i < current.size(); i++) {
            StoredDocument document = current.get(i);
            if (i % 10 == 0) {
                convex.delete("t", document.id());
            } else {
                convex.replace("t", document.id(), object("n", int64(-1)));
            }
        }
        insertNumbered("t", 100);

        Map<String, Long> read = new HashMap<>();
        collect(first, read);
        JsonNode page = first;
        while (page.get("hasMore").booleanValue()) {
            page = http.get("/api/list_snapshot?tableName=t&snapshot=" + snapshot + "&cursor=" + page.get("cursor").textValue()).body();
            assertThat(page.get("snapshot").longValue()).isEqualTo(snapshot);
            collect(page, read);
        }
        assertThat(read).isEqualTo(original);
    }

    @Test
    void documentDeltasRequireACursor() {
        ConvexHttp.Response response = http.get("/api/document_deltas");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("DocumentDeltasCursorRequired");
    }

    @Test
    void deltasAfterTheSnapshotHoldUpdatesAndDeletesInTimestampOrder() {
        String kept = convex.insert("t", object("n", int64(1)));
        String removed = convex.insert("t", object("n", int64(2)));
        long snapshot = http.get("/api/list_snapshot?tableName=t").body().get("snapshot").longValue();

        convex.replace("t", kept, object("n", int64(10)));
        convex.delete("t", removed);
        String added = convex.insert("t", object("n", int64(3)));
        convex.insert("other", object("n", int64(4)));

        JsonNode page = http.get("/api/document_deltas?cursor=" + snapshot + "&tableName=t&format=convex_encoded_json").body();
        JsonNode values = page.get("values");
        assertThat(values.size()).isEqualTo(3);
        assertThat(values.get(0).get("_id").textValue()).isEqualTo(kept);
        assertThat(ConvexEncodedJsonFormat.INSTANCE.decode(values.get(0).get("n"))).isEqualTo(int64(10));
        assertThat(values.get(1).toString()).isEqualTo("{\"_id\":\"" + removed + "\",\"_ts\":" + values.get(1).get("_ts").longValue()
                + ",\"_table\":\"t\",\"_deleted\":true}");
        assertThat(values.get(2).get("_id").textValue()).isEqualTo(added);
        long previous = snapshot;
        for (JsonNode value : values) {
            assertThat(value.get("_ts").longValue()).isGreaterThan(previous);
            previous = value.get("_ts").longValue();
        }
        assertThat(page.get("hasMore").booleanValue()).isFalse();
        assertThat(page.get("cursor").longValue()).isEqualTo(convex.store().lastTs());

        JsonNode all = http.get("/api/document_deltas?cursor=" + snapshot).body();
        assertThat(all.get("values").size()).isEqualTo(4);
        JsonNode none = http.get("/api/document_deltas?cursor=" + page.get("cursor").longValue()).body();
        assertThat(none.get("values").size()).isZero();
    }

    @Test
    void deltasPageBy128AndTheCursorResumesWithoutGapsOrRepeats() {
        long start = convex.store().lastTs();
        Set<String> inserted = insertNumbered("t", 300);
        List<Integer> pageSizes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        long cursor = start;
        boolean hasMore = true;
        while (hasMore) {
            JsonNode page = http.send("POST", "/api/document_deltas", Map.of("cursor", cursor, "format", "json")).body();
            pageSizes.add(page.get("values").size());
            page.get("values").forEach(value -> seen.add(value.get("_id").textValue()));
            cursor = page.get("cursor").longValue();
            hasMore = page.get("hasMore").booleanValue();
        }
        assertThat(pageSizes).containsExactly(128, 128, 44);
        assertThat(seen).hasSize(300).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(inserted);
    }

    @Test
    void aDeltaPageNeverSplitsACommit() {
        long start = convex.store().lastTs();
        convex.registerMutation("bulk:insert", (args, tx) -> {
            for (int i = 0; i < 200; i++) {
                tx.insert("t", object("n", int64(i)));
            }
            return null;
        });
        ConvexHttp.Response call = http.send("POST", "/api/mutation", Map.of("path", "bulk:insert", "args", Map.of()));
        assertThat(call.body().path("status").asText()).isEqualTo("success");
        JsonNode page = http.get("/api/document_deltas?cursor=" + start).body();
        assertThat(page.get("values").size()).isEqualTo(200);
        assertThat(page.get("hasMore").booleanValue()).isFalse();
    }

    private Set<String> insertNumbered(String table, int count) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            ids.add(convex.insert(table, object("n", int64(i))));
        }
        return ids;
    }

    private static void collect(JsonNode page, Map<String, Long> into) {
        page.get("values").forEach(value -> {
            Long previous = into.put(value.get("_id").textValue(), Long.parseLong(value.get("n").textValue()));
            assertThat(previous).as("document %s read twice", value.get("_id")).isNull();
        });
    }
}
