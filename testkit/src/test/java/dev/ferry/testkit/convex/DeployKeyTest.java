package dev.ferry.testkit.convex;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeployKeyTest {

    private static FakeConvex convex;

    @BeforeAll
    static void start() {
        convex = FakeConvex.start();
        convex.addDeployKey("export-only", Permission.DATA_VIEW);
        convex.addDeployKey("import-only", Permission.BACKUPS_IMPORT);
    }

    @AfterAll
    static void stop() {
        convex.close();
    }

    @Test
    void aMissingKeyAnswers403BadDeployKey() {
        ConvexHttp.Response response = new ConvexHttp(convex.url(), null).get("/api/json_schemas");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("BadDeployKey");
        assertThat(response.body().path("message").asText()).isNotEmpty();
    }

    @Test
    void aWrongKeyAnswers401BadAdminKey() {
        ConvexHttp.Response response = new ConvexHttp(convex.url(), "prod:someone-else|123").get("/api/list_snapshot");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.code()).isEqualTo("BadAdminKey");
    }

    @Test
    void exportNeedsDataViewAndImportNeedsBackupsImport() {
        ConvexHttp exportOnly = new ConvexHttp(convex.url(), "export-only");
        ConvexHttp importOnly = new ConvexHttp(convex.url(), "import-only");
        assertThat(exportOnly.get("/api/test_streaming_export_connection").status()).isEqualTo(200);
        assertThat(importOnly.get("/api/test_streaming_export_connection").status()).isEqualTo(403);
        assertThat(importOnly.get("/api/test_streaming_export_connection").code()).isEqualTo("InsufficientPermissions");

        Map<String, Object> body = Map.of("tableNames", java.util.List.of());
        assertThat(importOnly.send("PUT", "/api/streaming_import/clear_tables", body).status()).isEqualTo(200);
        assertThat(exportOnly.send("PUT", "/api/streaming_import/clear_tables", body).status()).isEqualTo(403);
    }

    @Test
    void functionsTakeNoDeployKey() {
        ConvexHttp.Response response = new ConvexHttp(convex.url(), null).send("POST", "/api/mutation",
                Map.of("path", "sync:deleteBatch", "args", Map.of("authKey", convex.mutationAuthKey(), "table", "t",
                        "keyField", "k", "keys", java.util.List.of())));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("status").asText()).isEqualTo("success");
    }

    @Test
    void unknownRoutesAndWrongMethodsAreRefusedWithJsonErrors() {
        ConvexHttp http = new ConvexHttp(convex.url(), convex.deployKey());
        assertThat(http.get("/api/nothing_here").status()).isEqualTo(404);
        ConvexHttp.Response wrongMethod = http.send("DELETE", "/api/json_schemas", null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.code()).isEqualTo("MethodNotAllowed");
    }
}
