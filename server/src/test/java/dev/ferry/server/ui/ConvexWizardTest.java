package dev.ferry.server.ui;

import dev.ferry.server.ApiClient;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import dev.ferry.server.ui.auth.UserService;
import dev.ferry.testkit.convex.FakeConvex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.ferry.testkit.convex.ConvexValue.bool;
import static dev.ferry.testkit.convex.ConvexValue.object;
import static dev.ferry.testkit.convex.ConvexValue.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Team 3's flow in the dashboard: a Convex deployment stored as a connection (its deploy key
 * encrypted), its tables discovered, one renamed, previewed and exported into a SQL database by a
 * pipeline the wizard builds from the defaults the page offers, as a browser would send them.
 */
class ConvexWizardTest {
    @TempDir
    Path folder;

    @Test
    void aConvexDeploymentIsASourceLikeADatabase() {
        Path destination = folder.resolve("export.db");
        try (FakeConvex crm = FakeConvex.start(); TestServer server = TestServer.start(folder)) {
            crm.insert("users", object("name", string("Ada Rossi"), "email", string("ada@crm.example"), "active", bool(true)));
            crm.insert("users", object("name", string("Bruno Bianchi"), "email", string("bruno@crm.example"), "active", bool(false)));
            crm.insert("companies", object("name", string("Acme"), "country", string("IT")));
            new UserService(server.server().parts().sql(), Clock.systemUTC()).create("admin", Role.ADMIN, "admin password 0451", false);
            FormClient admin = new FormClient(server.server().url()).signIn("admin", "admin password 0451");

            assertThat(admin.form("/connections", List.of(Map.entry("editing", "false"), Map.entry("name", "crm"),
                    Map.entry("type", "convex"), Map.entry("url", crm.url()), Map.entry("user", ""), Map.entry("password", crm.deployKey()),
                    Map.entry("properties", ""), Map.entry("options", ""))).status()).isEqualTo(303);
            assertThat(admin.form("/connections", List.of(Map.entry("editing", "false"), Map.entry("name", "warehouse"),
                    Map.entry("url", "jdbc:sqlite:" + destination))).status()).isEqualTo(303);
            assertThat(admin.get("/connections").body()).contains("<dt>Password</dt><dd>set</dd>").doesNotContain(crm.deployKey());
            assertThat(admin.htmx("/connections/crm/check", List.of()).body()).contains("reachable");

            FormClient.Page page = admin.get("/build/tables?pipeline=crm-export&source=crm&destination=warehouse");
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.body()).doesNotContain(crm.deployKey());
            List<Map.Entry<String, String>> fields = BrowserForm.fields(page.body(), "wizard");
            int users = indexOf(fields, "users");
            assertThat(fields).contains(Map.entry("sync." + users, "changes"));
            fields = BrowserForm.set(fields, "dest." + users, "tbl_users");
            fields = BrowserForm.set(fields, "deletes." + users, "hard");
            int companies = indexOf(fields, "companies");
            fields = fields.stream().filter(field -> !field.getKey().equals("include." + companies)).toList();

            FormClient.Page preview = admin.htmx("/build/preview", with(fields, "preview", String.valueOf(users)));
            assertThat(preview.body()).contains("Ada Rossi").contains("bruno@crm.example").contains("the first 2 rows");

            FormClient.Page created = admin.form("/build", fields);
            assertThat(created.status()).as(created.body()).isEqualTo(303);
            String yaml = server.as(Role.VIEWER).get("/api/pipelines/crm-export/yaml").body();
            assertThat(yaml).contains("source: \"crm\"").contains("destination_table: \"tbl_users\"").contains("sync: changes")
                    .contains("deletes: hard").doesNotContain("companies").doesNotContain(crm.deployKey());

            FormClient.Page sync = admin.form("/pipelines/crm-export/sync", List.of());
            long runId = Long.parseLong(sync.location().substring("/runs/".length()));
            ApiClient api = server.as(Role.VIEWER);
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/runs/" + runId).json(),
                    body -> !body.get("status").asText().equals("RUNNING"));
            assertThat(api.get("/api/runs/" + runId).json().get("status").asText()).as(api.get("/api/runs/" + runId).body())
                    .isEqualTo("SUCCEEDED");
            assertThat(SqlitePipelines.count(destination, "tbl_users")).isEqualTo(2);
        }
    }

    private static int indexOf(List<Map.Entry<String, String>> fields, String table) {
        return fields.stream().filter(field -> field.getKey().startsWith("object.") && field.getValue().equals(table))
                .map(field -> Integer.parseInt(field.getKey().substring("object.".length()))).findFirst()
                .orElseThrow(() -> new AssertionError("no table " + table + " in " + fields));
    }

    private static List<Map.Entry<String, String>> with(List<Map.Entry<String, String>> fields, String name, String value) {
        List<Map.Entry<String, String>> all = new java.util.ArrayList<>(fields);
        all.add(Map.entry(name, value));
        return all;
    }
}
