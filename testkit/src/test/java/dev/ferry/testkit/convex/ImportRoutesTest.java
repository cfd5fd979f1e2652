package dev.ferry.testkit.convex;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.ferry.testkit.convex.ConvexValue.bool;
import static dev.ferry.testkit.convex.ConvexValue.float64;
import static dev.ferry.testkit.convex.ConvexValue.object;
import static dev.ferry.testkit.convex.ConvexValue.string;
import static org.assertj.core.api.Assertions.assertThat;

class ImportRoutesTest {

    private static final String IMPORT = "/api/streaming_import/";
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
    void primaryKeyIndexesAreReadyOnlyAfterAFewPolls() {
        convex.setIndexesNotReadyPolls(2);
        assertThat(http.send("PUT", IMPORT + "add_primary_key_indexes",
                Map.of("indexes", Map.of("poles", List.of(List.of("pole_id"))))).status()).isEqualTo(200);
        Map<String, Object> tables = Map.of("tables", List.of("poles"));
        assertThat(http.send("GET", IMPORT + "primary_key_indexes_ready", tables).body().path("indexesReady").booleanValue()).isFalse();
        assertThat(http.send("GET", IMPORT + "primary_key_indexes_ready", tables).body().path("indexesReady").booleanValue()).isFalse();
        assertThat(http.send("GET", IMPORT + "primary_key_indexes_ready", tables).body().path("indexesReady").booleanValue()).isTrue();
        assertThat(convex.tableNames()).contains("poles");
    }

    @Test
    void importingAnExistingKeyReplacesTheWholeDocument() {
        Map<String, Object> tables = Map.of("poles", Map.of("primaryKey", List.of(List.of("pole_id")), "jsonSchema", Map.of()));
        ConvexHttp.Response first = http.send("POST", IMPORT + "import_airbyte_records", Map.of("tables", tables, "messages", List.of(
                Map.of("tableName", "poles", "data", Map.of("pole_id", "P1", "height", 9.5, "note", "old")),
                Map.of("tableName", "poles", "data", Map.of("pole_id", "P2", "height", 7)))));
        assertThat(first.status()).isEqualTo(200);
        String p1 = convex.store().findBy("poles", List.of("pole_id"), List.of(string("P1"))).id();

        http.send("POST", IMPORT + "import_airbyte_records", Map.of("tables", tables, "messages", List.of(
                Map.of("tableName", "poles", "data", Map.of("pole_id", "P1", "active", true)))));

        assertThat(convex.documents("poles")).hasSize(2);
        StoredDocument replaced = convex.store().get("poles", p1);
        assertThat(replaced.fields()).isEqualTo(object("pole_id", string("P1"), "active", bool(true)));
        StoredDocument other = convex.store().findBy("poles", List.of("pole_id"), List.of(string("P2")));
        assertThat(other.field("height")).isEqualTo(float64(7));
    }

    @Test
    void withoutAPrimaryKeyEveryRecordIsInserted() {
        Map<String, Object> tables = Map.of("log", Map.of("primaryKey", List.of()));
        Map<String, Object> message = Map.of("tableName", "log", "data", Map.of("line", "same"));
        http.send("POST", IMPORT + "import_airbyte_records", Map.of("tables", tables, "messages", List.of(message, message)));
        assertThat(convex.documents("log")).hasSize(2);
    }

    @Test
    void aMessageForAnUndeclaredTableIsRefusedAndNothingIsWritten() {
        ConvexHttp.Response response = http.send("POST", IMPORT + "import_airbyte_records", Map.of("tables", Map.of("a", Map.of()),
                "messages", List.of(Map.of("tableName", "a", "data", Map.of("x", 1)), Map.of("tableName", "b", "data", Map.of()))));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().path("message").asText()).contains("messages[1]").contains("'b'");
        assertThat(convex.documents("a")).isEmpty();
    }

    @Test
    void aBodyOver20MiBAnswersBadJsonBody() {
        StringBuilder big = new StringBuilder("{\"tables\":{\"t\":{}},\"messages\":[");
        String record = "{\"tableName\":\"t\",\"data\":{\"pad\":\"" + "x".repeat(1000) + "\"}}";
        int count = (int) (ImportAirbyteRecordsRoute.BODY_LIMIT / record.length()) + 10;
        for (int i = 0; i < count; i++) {
            big.append(i == 0 ? "" : ",").append(record);
        }
        big.append("]}");
        ConvexHttp.Response response = http.send("POST", IMPORT + "import_airbyte_records", big.toString());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("BadJsonBody");
        assertThat(response.body().path("message").asText()).isEqualTo("Failed to buffer the request body: length limit exceeded");
        assertThat(convex.documents("t")).isEmpty();
    }

    @Test
    void clearTablesEmptiesTablesWithoutDeleteDeltas() {
        convex.insert("t", object("a", string("x")));
        convex.insert("keep", object("a", string("y")));
        long before = convex.store().lastTs();
        assertThat(http.send("PUT", IMPORT + "clear_tables", Map.of("tableNames", List.of("t"))).status()).isEqualTo(200);
        assertThat(convex.documents("t")).isEmpty();
        assertThat(convex.documents("keep")).hasSize(1);
        assertThat(http.get("/api/document_deltas?cursor=" + before).body().path("values").size()).isZero();
        assertThat(http.get("/api/list_snapshot?tableName=t&snapshot=" + before).body().path("values").size()).isEqualTo(1);
    }

    @Test
    void getSchemaDescribesTheTables() {
        convex.insert("t", object("a", string("x")));
        assertThat(http.get(IMPORT + "get_schema").body().path("t").path("properties").path("a").path("type").asText())
                .isEqualTo("string");
    }

    @Test
    void replaceTablesIsNotSupported() {
        ConvexHttp.Response response = http.send("PUT", IMPORT + "replace_tables", Map.of("tableNames", new ArrayList<>()));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("OverwriteNotSupported");
    }
}
