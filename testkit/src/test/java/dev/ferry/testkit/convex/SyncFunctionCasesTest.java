package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the cases the shipped TypeScript functions are tested with
 * ({@code connectors/convex/functions/test/cases.json}, on Convex's mock backend) against the
 * fake's built-in {@code sync:*} mutations over {@code /api/mutation}, so the fake and the
 * functions users deploy are proven to behave alike.
 */
class SyncFunctionCasesTest {

    private static final Path CASES = Path.of("..", "connectors", "convex", "functions", "test", "cases.json");
    private static final String AUTH_KEY_VARIABLE = "FERRY_SYNC_AUTH_KEY";

    @TestFactory
    Stream<DynamicTest> casesAgreeWithTheShippedFunctions() throws IOException {
        JsonNode file = ConvexHttp.JSON.readTree(Files.readString(CASES));
        JsonNode defaultEnv = file.path("defaultEnv");
        List<DynamicTest> tests = new ArrayList<>();
        file.path("cases").forEach(testCase -> tests.add(DynamicTest.dynamicTest(testCase.path("name").asText(),
                () -> run(testCase, testCase.has("env") ? testCase.get("env") : defaultEnv))));
        assertThat(tests).as("cases in %s", CASES).isNotEmpty();
        return tests.stream();
    }

    private static void run(JsonNode testCase, JsonNode env) {
        try (FakeConvex convex = FakeConvex.start()) {
            // The fake's mutation auth key stands for the deployment's FERRY_SYNC_AUTH_KEY; null: unset.
            convex.setMutationAuthKey(env.hasNonNull(AUTH_KEY_VARIABLE) ? env.get(AUTH_KEY_VARIABLE).asText() : null);
            testCase.path("tables").properties().forEach(table -> table.getValue().forEach(
                    document -> convex.insert(table.getKey(), (ConvexValue.Obj) decode(document))));
            ConvexHttp http = new ConvexHttp(convex.url(), null);
            int index = 0;
            for (JsonNode call : testCase.path("calls")) {
                check(http, call, "call " + index++ + " (" + call.path("function").asText() + ")");
            }
            for (Map.Entry<String, JsonNode> table : testCase.path("expected").properties()) {
                List<ConvexValue> actual = convex.documents(table.getKey()).stream()
                        .map(document -> (ConvexValue) document.fields()).toList();
                List<ConvexValue> expected = new ArrayList<>();
                table.getValue().forEach(document -> expected.add(decode(document)));
                assertThat(actual).as("table %s", table.getKey()).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    private static void check(ConvexHttp http, JsonNode call, String where) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("path", call.path("function").asText());
        body.set("args", call.get("args"));
        body.put("format", "json");
        ConvexHttp.Response response = http.send("POST", "/api/mutation", body.toString());
        assertThat(response.status()).as(where).isEqualTo(200);
        if (call.has("error")) {
            assertThat(response.body().path("status").asText()).as(where + ": " + response.body()).isEqualTo("error");
            assertThat(response.body().path("errorMessage").asText()).as(where).contains(call.get("error").asText());
        } else {
            assertThat(response.body().path("status").asText()).as(where + ": " + response.body()).isEqualTo("success");
            assertThat(decode(response.body().get("value"))).as(where).isEqualTo(decode(call.get("returns")));
        }
    }

    private static ConvexValue decode(JsonNode json) {
        return ConvexEncodedJsonFormat.INSTANCE.decode(json);
    }
}
