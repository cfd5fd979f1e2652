package dev.ferry.testkit.convex;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.ferry.testkit.convex.ConvexValue.float64;
import static dev.ferry.testkit.convex.ConvexValue.int64;
import static dev.ferry.testkit.convex.ConvexValue.object;
import static dev.ferry.testkit.convex.ConvexValue.string;
import static org.assertj.core.api.Assertions.assertThat;

class FunctionsTest {

    private FakeConvex convex;
    private ConvexHttp http;

    @BeforeEach
    void start() {
        convex = FakeConvex.start();
        http = new ConvexHttp(convex.url(), null);
    }

    @AfterEach
    void stop() {
        convex.close();
    }

    private ConvexHttp.Response mutation(String path, Map<String, Object> args) {
        return http.send("POST", "/api/mutation", Map.of("path", path, "args", args, "format", "json"));
    }

    private Map<String, Object> upsertArgs(List<?> records) {
        return Map.of("authKey", convex.mutationAuthKey(), "table", "sow_poles", "keyField", "pole", "records", records);
    }

    @Test
    void upsertBatchInsertsThenReplacesByKey() {
        ConvexHttp.Response first = mutation("sync:upsertBatch", upsertArgs(List.of(
                Map.of("pole", "A", "h", 1, "note", "x"), Map.of("pole", "B", "h", 2))));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("status").asText()).isEqualTo("success");
        assertThat(first.body().path("value").path("inserted").asInt()).isEqualTo(2);
        assertThat(first.body().path("logLines").isArray()).isTrue();

        ConvexHttp.Response second = mutation("sync:upsertBatch", upsertArgs(List.of(Map.of("pole", "A", "h", 3))));
        assertThat(second.body().path("value").path("updated").asInt()).isEqualTo(1);
        assertThat(convex.documents("sow_poles")).hasSize(2);
        StoredDocument a = convex.store().findBy("sow_poles", List.of("pole"), List.of(string("A")));
        assertThat(a.fields()).isEqualTo(object("pole", string("A"), "h", float64(3)));
    }

    @Test
    void aKeyRepeatedInOneBatchLandsOnOneDocumentWithTheLastRecord() {
        ConvexHttp.Response response = mutation("sync:upsertBatch", upsertArgs(List.of(
                Map.of("pole", "A", "h", 1), Map.of("pole", "B", "h", 2), Map.of("pole", "A", "h", 3))));
        assertThat(response.body().path("value").path("inserted").asInt()).isEqualTo(2);
        assertThat(response.body().path("value").path("updated").asInt()).isEqualTo(1);
        assertThat(convex.documents("sow_poles")).hasSize(2);
        assertThat(convex.store().findBy("sow_poles", List.of("pole"), List.of(string("A"))).field("h")).isEqualTo(float64(3));
    }

    @Test
    void aKeyChangedInTheSameTransactionIsNoLongerFoundByItsOldValue() {
        String id = convex.insert("t", object("k", string("old")));
        convex.registerMutation("m:rekey", (args, tx) -> {
            tx.replace("t", id, object("k", string("new")));
            return object("old", string(String.valueOf(tx.findIdBy("t", "k", string("old")))),
                    "new", string(String.valueOf(tx.findIdBy("t", "k", string("new")))));
        });
        ConvexHttp.Response response = mutation("m:rekey", Map.of());
        assertThat(response.body().path("value").path("old").asText()).isEqualTo("null");
        assertThat(response.body().path("value").path("new").asText()).isEqualTo(id);
    }

    @Test
    void deleteBatchDeletesByKeyAndIgnoresUnknownKeys() {
        mutation("sync:upsertBatch", upsertArgs(List.of(Map.of("pole", "A"), Map.of("pole", "B"))));
        ConvexHttp.Response response = mutation("sync:deleteBatch", Map.of("authKey", convex.mutationAuthKey(),
                "table", "sow_poles", "keyField", "pole", "keys", List.of("A", "missing")));
        assertThat(response.body().path("value").path("deleted").asInt()).isEqualTo(1);
        assertThat(convex.documents("sow_poles")).extracting(document -> document.field("pole")).containsExactly(string("B"));
    }

    @Test
    void aWrongAuthKeyIsAFunctionErrorWithStatus200() {
        ConvexHttp.Response response = mutation("sync:upsertBatch", Map.of("authKey", "nope", "table", "t", "keyField", "k",
                "records", List.of(Map.of("k", 1))));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("status").asText()).isEqualTo("error");
        assertThat(response.body().path("errorMessage").asText()).isEqualTo("Unauthorized: invalid authKey");
        assertThat(convex.documents("t")).isEmpty();
    }

    @Test
    void moreThan16000WritesFailWithConvexTextAndCommitNothing() {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 8_192; i++) {
            records.add(Map.of("pole", "P" + i));
        }
        convex.registerMutation("sync:twice", (args, tx) -> {
            for (int round = 0; round < 2; round++) {
                for (ConvexValue record : ((ConvexValue.Array) args.get("records")).elements()) {
                    tx.insert("t", (ConvexValue.Obj) record);
                }
            }
            return null;
        });
        ConvexHttp.Response response = mutation("sync:twice", Map.of("records", records));
        assertThat(response.body().path("status").asText()).isEqualTo("error");
        assertThat(response.body().path("errorMessage").asText())
                .isEqualTo("Too many writes in a single function execution (limit: 16000)");
        assertThat(convex.documents("t")).isEmpty();

        List<Map<String, Object>> half = records.subList(0, 8_000);
        assertThat(mutation("sync:twice", Map.of("records", half)).body().path("status").asText()).isEqualTo("success");
        assertThat(convex.documents("t")).hasSize(16_000);
    }

    @Test
    void arraysOver8192ElementsAreRefused() {
        List<Map<String, Object>> records = Collections.nCopies(8_193, Map.of("pole", "same"));
        ConvexHttp.Response response = mutation("sync:upsertBatch", upsertArgs(records));
        assertThat(response.body().path("status").asText()).isEqualTo("error");
        assertThat(response.body().path("errorMessage").asText()).contains("8193 > maximum length 8192");
        assertThat(convex.documents("sow_poles")).isEmpty();
    }

    @Test
    void documentsOver1MiBAreRefused() {
        ConvexHttp.Response response = mutation("sync:upsertBatch",
                upsertArgs(List.of(Map.of("pole", "big", "pad", "x".repeat(1024 * 1024)))));
        assertThat(response.body().path("status").asText()).isEqualTo("error");
        assertThat(response.body().path("errorMessage").asText()).contains("too large for table sow_poles");
        assertThat(convex.documents("sow_poles")).isEmpty();
    }

    @Test
    void argumentsOver16MiBAnswerBadJsonBody() {
        List<String> pads = Collections.nCopies(17, "x".repeat(1024 * 1024));
        ConvexHttp.Response response = mutation("sync:upsertBatch", upsertArgs(List.of(Map.of("pole", "a", "pads", pads))));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("BadJsonBody");
    }

    @Test
    void registeredQueriesRunThroughApiQueryAndApiRunWithEncodedValues() {
        convex.insert("t", object("n", int64(41)));
        convex.registerQuery("stats:next", (args, tx) -> {
            long n = ((ConvexValue.Int64) tx.documents("t").getFirst().get("n")).value();
            long step = ((ConvexValue.Int64) args.get("step")).value();
            return int64(n + step);
        });
        Map<String, Object> step = Map.of("$integer", "AQAAAAAAAAA="); // int64 1, little-endian
        ConvexHttp.Response viaQuery = http.send("POST", "/api/query", Map.of("path", "stats:next", "args", Map.of("step", step)));
        assertThat(viaQuery.body().path("value").path("$integer").asText()).isEqualTo("KgAAAAAAAAA="); // 42
        ConvexHttp.Response viaRun = http.send("POST", "/api/run/stats/next", Map.of("args", Map.of("step", step)));
        assertThat(viaRun.body().path("value")).isEqualTo(viaQuery.body().path("value"));
    }

    @Test
    void aQueryDoesNotRunAsAMutationAndUnknownFunctionsAreErrors() {
        convex.registerQuery("q:get", (args, tx) -> string("ok"));
        assertThat(mutation("q:get", Map.of()).body().path("errorMessage").asText()).contains("as MUTATION");
        assertThat(mutation("nope:nothing", Map.of()).body().path("errorMessage").asText())
                .isEqualTo("Could not find public function for 'nope:nothing'");
    }

    @Test
    void aHandlerBugIsReportedAsAnUncaughtErrorAndRollsBack() {
        convex.registerMutation("m:bug", (args, tx) -> {
            tx.insert("t", object("n", int64(1)));
            throw new IllegalStateException("boom");
        });
        ConvexHttp.Response response = mutation("m:bug", Map.of());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("errorMessage").asText()).isEqualTo("Uncaught java.lang.IllegalStateException: boom");
        assertThat(convex.documents("t")).isEmpty();
    }

    @Test
    void aHandlerErrorCarriesErrorDataAndRollsBack() {
        convex.registerMutation("m:fail", (args, tx) -> {
            tx.insert("t", object("n", int64(1)));
            throw new ConvexFunctionError("refused", object("reason", string("test")));
        });
        ConvexHttp.Response response = mutation("m:fail", Map.of());
        assertThat(response.body().path("status").asText()).isEqualTo("error");
        assertThat(response.body().path("errorData").path("reason").asText()).isEqualTo("test");
        assertThat(convex.documents("t")).isEmpty();
    }
}
