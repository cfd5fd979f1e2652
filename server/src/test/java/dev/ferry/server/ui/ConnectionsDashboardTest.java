package dev.ferry.server.ui;

import dev.ferry.server.ApiClient;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import dev.ferry.server.ui.auth.UserService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Connections page, the pipeline wizard, Settings and Health, over HTTP against a real server. */
class ConnectionsDashboardTest {
    private static final String ADMIN_PASSWORD = "admin password 0451";
    private static final String VIEWER_PASSWORD = "viewer password 0451";
    private static final String DB_PASSWORD = "pw-Zq8vR3-never-shown";
    private static final String PROPERTY_SECRET = "key-Hf72Lp-never-shown";

    @TempDir
    Path folder;

    @Test
    void aConnectionsPasswordAndSecretPropertiesAppearInNoPage() {
        try (TestServer server = TestServer.start(folder)) {
            FormClient admin = signedIn(server, "admin", Role.ADMIN, ADMIN_PASSWORD);
            FormClient.Page created = admin.form("/connections", List.of(Map.entry("editing", "false"),
                    Map.entry("name", "vault"), Map.entry("type", ""), Map.entry("url", "jdbc:postgresql://127.0.0.1:1/none"),
                    Map.entry("user", "reader"), Map.entry("password", DB_PASSWORD),
                    Map.entry("properties", "api_key=" + PROPERTY_SECRET + "\nsslmode=disable"), Map.entry("options", "")));
            assertThat(created.status()).as(created.body()).isEqualTo(303);

            String list = admin.get("/connections").body();
            assertThat(list).contains("vault").contains("jdbc:postgresql://127.0.0.1:1/none").contains("reader")
                    .contains("<code>sslmode=disable</code>").contains("<code>api_key</code> set");
            assertThat(list).containsPattern("<dt>Password</dt><dd>set</dd>");

            // Editing with a blank password keeps the stored one.
            FormClient.Page edited = admin.form("/connections", List.of(Map.entry("editing", "true"),
                    Map.entry("name", "vault"), Map.entry("type", ""), Map.entry("url", "jdbc:postgresql://127.0.0.1:2/none"),
                    Map.entry("user", "reader"), Map.entry("password", ""), Map.entry("properties", "sslmode=require"),
                    Map.entry("options", "connect_timeout=2s")));
            assertThat(edited.status()).as(edited.body()).isEqualTo(303);
            assertThat(server.server().parts().connections().find("vault").orElseThrow().passwordSet()).isTrue();
            assertThat(server.server().parts().connections().find("vault").orElseThrow().sealedProperties()).containsExactly("api_key");

            List<String> pages = new ArrayList<>();
            for (String path : List.of("/connections", "/connections/vault/edit", "/connections/new", "/settings", "/status",
                    "/build", "/build/tables?pipeline=p&source=vault&destination=vault")) {
                pages.add(path + "\n" + admin.get(path).body());
            }
            pages.add(admin.htmx("/connections/vault/check", List.of()).body());
            pages.add(admin.htmx("/connections/vault/discover", List.of()).body());
            pages.add(admin.get("/status").body());
            for (String page : pages) {
                assertThat(page).doesNotContain(DB_PASSWORD).doesNotContain(PROPERTY_SECRET);
            }
            assertThat(admin.get("/status").body()).contains("vault").contains("failed");
        }
    }

    @Test
    void testAndDiscoverASqliteConnection() {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 5);
        try (TestServer server = TestServer.start(folder)) {
            FormClient admin = signedIn(server, "admin", Role.ADMIN, ADMIN_PASSWORD);
            createSqlite(admin, "shop", source);

            FormClient.Page check = admin.htmx("/connections/shop/check", List.of());
            assertThat(check.status()).isEqualTo(200);
            assertThat(check.body()).contains("reachable").contains("shop answers as a source").doesNotContain("<html");
            FormClient.Page discovered = admin.htmx("/connections/shop/discover", List.of());
            assertThat(discovered.body()).contains("<code>items</code>").contains("key id")
                    .contains("<th scope=\"row\">name</th>");
            assertThat(admin.get("/connections").body()).contains("reachable")
                    .contains("hx-vals='{\"as\": \"destination\"}'");
            assertThat(admin.htmx("/connections/shop/check", List.of(Map.entry("as", "destination"))).body())
                    .contains("shop answers as a destination");
            assertThat(admin.get("/status").body()).contains("shop").contains("reachable");

            FormClient.Page missing = admin.htmx("/connections/nope/check", List.of());
            assertThat(missing.status()).isEqualTo(404);
        }
    }

    @Test
    void healthChecksStoredConnectionsAndThoseAPipelineFileDeclares() {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 3);
        try (TestServer server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "from-file", source, folder.resolve("copy.db"), "");
            return settings;
        })) {
            FormClient admin = signedIn(server, "admin", Role.ADMIN, ADMIN_PASSWORD);
            createSqlite(admin, "shop", source);
            String before = admin.get("/status").body();
            assertThat(before).contains("from-file/src").contains("from-file/dst").contains("shop")
                    .contains("not checked yet").contains("<span class=\"badge succeeded\">up</span>");
            FormClient.Page checked = admin.form("/status/check", List.of());
            assertThat(checked.status()).isEqualTo(303);
            String after = admin.get("/status").body();
            assertThat(after).doesNotContain("not checked yet").contains("reachable");
            assertThat(admin.get("/status?action=connection.check").body()).contains("from-file/dst").contains("as destination");
        }
    }

    @Test
    void theWizardBuildsAPipelineWithARenameAndAPreviewAndItRuns() {
        Path source = folder.resolve("source.db");
        Path destination = folder.resolve("destination.db");
        SqlitePipelines.sourceWithItems(source, 25);
        try (TestServer server = TestServer.start(folder)) {
            FormClient admin = signedIn(server, "admin", Role.ADMIN, ADMIN_PASSWORD);
            createSqlite(admin, "shop", source);
            createSqlite(admin, "warehouse", destination);

            FormClient.Page tables = admin.get("/build/tables?pipeline=shop-copy&source=shop&destination=warehouse");
            assertThat(tables.status()).as(tables.body()).isEqualTo(200);
            assertThat(tables.body()).contains("name=\"object.0\" value=\"items\"").contains("name=\"key.0\" value=\"id\"");

            List<Map.Entry<String, String>> choices = choices("full_refresh", "");
            FormClient.Page preview = admin.htmx("/build/preview", with(choices, Map.entry("preview", "0")));
            assertThat(preview.status()).as(preview.body()).isEqualTo(200);
            assertThat(preview.body()).contains("item 1<").contains("item 10<").doesNotContain("item 11<")
                    .contains("the first 10 rows");

            FormClient.Page yaml = admin.htmx("/build/yaml", choices);
            assertThat(yaml.body()).contains("valid").contains("destination_table: \"goods\"")
                    .contains("every: \"1h\"");

            FormClient.Page invalid = admin.form("/build", choices("incremental", ""));
            assertThat(invalid.status()).isEqualTo(422);
            assertThat(invalid.body()).contains("class=\"problem\"").contains("cursor");
            assertThat(server.server().parts().pipelines().find("shop-copy")).isEmpty();

            FormClient.Page created = admin.form("/build", choices);
            assertThat(created.status()).as(created.body()).isEqualTo(303);
            assertThat(created.location()).isEqualTo("/pipelines/shop-copy");
            assertThat(server.server().parts().pipelines().find("shop-copy").orElseThrow().isValid()).isTrue();

            FormClient.Page sync = admin.form("/pipelines/shop-copy/sync", List.of());
            assertThat(sync.status()).isEqualTo(303);
            long runId = Long.parseLong(sync.location().substring("/runs/".length()));
            ApiClient api = server.as(Role.VIEWER);
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/runs/" + runId).json(),
                    body -> !body.get("status").asText().equals("RUNNING"));
            assertThat(api.get("/api/runs/" + runId).json().get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(SqlitePipelines.count(destination, "goods")).isEqualTo(25);

            String health = admin.get("/status?action=pipeline.create").body();
            assertThat(health).contains("pipeline.create").contains("shop-copy").contains("ui:admin")
                    .doesNotContain("connection.put");
        }
    }

    @Test
    void aTokenIsShownOnceAndUsersAreCreatedAndDeleted() {
        try (TestServer server = TestServer.start(folder)) {
            FormClient admin = signedIn(server, "admin", Role.ADMIN, ADMIN_PASSWORD);
            FormClient.Page created = admin.form("/settings/tokens", List.of(Map.entry("name", "ci"),
                    Map.entry("role", "operator")));
            assertThat(created.status()).isEqualTo(201);
            Matcher value = Pattern.compile("id=\"created-value\" readonly value=\"([^\"]+)\"").matcher(created.body());
            assertThat(value.find()).isTrue();
            String token = value.group(1);
            assertThat(new ApiClient(server.server().url(), token).get("/api/pipelines").status()).isEqualTo(200);
            assertThat(admin.get("/settings").body()).contains("ci").doesNotContain(token);

            FormClient.Page user = admin.form("/settings/users", List.of(Map.entry("name", "bob"),
                    Map.entry("role", "viewer"), Map.entry("password", "bob's long password")));
            assertThat(user.status()).isEqualTo(303);
            FormClient bob = new FormClient(server.server().url()).signIn("bob", "bob's long password");
            assertThat(bob.get("/settings").status()).isEqualTo(200);
            FormClient.Page shortPassword = admin.form("/settings/users", List.of(Map.entry("name", "eve"),
                    Map.entry("role", "viewer"), Map.entry("password", "short")));
            assertThat(shortPassword.status()).isEqualTo(400);
            assertThat(shortPassword.body()).contains("at least 12 characters");

            assertThat(admin.form("/settings/users/bob/delete", List.of()).status()).isEqualTo(303);
            assertThat(bob.get("/settings").status()).isEqualTo(302);
            assertThat(admin.get("/settings").body()).doesNotContain("<th scope=\"row\">bob</th>");

            assertThat(admin.form("/settings/tokens/ci/revoke", List.of()).status()).isEqualTo(303);
            assertThat(new ApiClient(server.server().url(), token).get("/api/pipelines").status()).isEqualTo(401);

            String audit = admin.get("/status").body();
            assertThat(audit).contains("token.create").contains("user.create").contains("user.delete").contains("token.revoke");
        }
    }

    @Test
    void aViewerReadsButChangesNothing() {
        Path source = folder.resolve("source.db");
        SqlitePipelines.sourceWithItems(source, 3);
        try (TestServer server = TestServer.start(folder)) {
            FormClient admin = signedIn(server, "admin", Role.ADMIN, ADMIN_PASSWORD);
            createSqlite(admin, "shop", source);
            FormClient viewer = signedIn(server, "val", Role.VIEWER, VIEWER_PASSWORD);

            String list = viewer.get("/connections").body();
            assertThat(list).contains("shop").doesNotContain("Edit").doesNotContain(">Test<").doesNotContain("New connection");
            assertThat(viewer.get("/settings").body()).contains("for admins").doesNotContain("Create token");
            assertThat(viewer.get("/status").body()).contains("The audit log is for admins");

            assertThat(viewer.get("/connections/new").status()).isEqualTo(403);
            assertThat(viewer.get("/connections/shop/edit").status()).isEqualTo(403);
            assertThat(viewer.get("/build").status()).isEqualTo(403);
            assertThat(viewer.form("/connections", List.of(Map.entry("name", "x"), Map.entry("url", "jdbc:sqlite:x.db"))).status())
                    .isEqualTo(403);
            assertThat(viewer.form("/connections/shop/delete", List.of()).status()).isEqualTo(403);
            assertThat(viewer.htmx("/connections/shop/check", List.of()).status()).isEqualTo(403);
            assertThat(viewer.form("/build", choices("full_refresh", "")).status()).isEqualTo(403);
            assertThat(viewer.form("/settings/tokens", List.of(Map.entry("name", "t"), Map.entry("role", "admin"))).status())
                    .isEqualTo(403);
            assertThat(viewer.form("/settings/users", List.of(Map.entry("name", "u"), Map.entry("role", "admin"),
                    Map.entry("password", "a long enough password"))).status()).isEqualTo(403);
            assertThat(viewer.form("/settings/notifications", List.of(Map.entry("emails", "x@example.com"))).status())
                    .isEqualTo(403);
            assertThat(viewer.form("/status/check", List.of()).status()).isEqualTo(403);
            assertThat(server.server().parts().connections().find("shop")).isPresent();
            assertThat(server.server().parts().tokens().find("t")).isEmpty();
        }
    }

    @Test
    void notificationSettingsAreSavedAndATestIsSent() {
        try (TestServer server = TestServer.start(folder)) {
            FormClient admin = signedIn(server, "admin", Role.ADMIN, ADMIN_PASSWORD);
            FormClient.Page saved = admin.form("/settings/notifications", List.of(
                    Map.entry("emails", "ops@example.com\n"), Map.entry("webhooks", "http://127.0.0.1:1/hook")));
            assertThat(saved.status()).as(saved.body()).isEqualTo(303);
            assertThat(server.as(Role.ADMIN).get("/api/settings/notifications").body()).contains("ops@example.com")
                    .contains("http://127.0.0.1:1/hook");
            FormClient.Page test = admin.htmx("/settings/notifications/test", List.of());
            assertThat(test.status()).isEqualTo(200);
            assertThat(test.body()).contains("email ops@example.com: no SMTP server is set").contains("webhook http://127.0.0.1:1/");
            FormClient.Page wrong = admin.form("/settings/notifications", List.of(Map.entry("emails", "not an address")));
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(admin.get("/status").body()).contains("settings.notifications.test");
        }
    }

    private static FormClient signedIn(TestServer server, String name, Role role, String password) {
        new UserService(server.server().parts().sql(), Clock.systemUTC()).create(name, role, password, false);
        return new FormClient(server.server().url()).signIn(name, password);
    }

    private static void createSqlite(FormClient admin, String name, Path file) {
        FormClient.Page created = admin.form("/connections", List.of(Map.entry("editing", "false"),
                Map.entry("name", name), Map.entry("type", ""), Map.entry("url", "jdbc:sqlite:" + file),
                Map.entry("user", ""), Map.entry("password", ""), Map.entry("properties", ""), Map.entry("options", "")));
        assertThat(created.status()).as(created.body()).isEqualTo(303);
    }

    /** The wizard's form for shop-copy: items renamed to goods, every hour. */
    private static List<Map.Entry<String, String>> choices(String sync, String cursor) {
        return List.of(Map.entry("pipeline", "shop-copy"), Map.entry("source", "shop"), Map.entry("destination", "warehouse"),
                Map.entry("tables", "1"), Map.entry("object.0", "items"), Map.entry("columns.0", "id"),
                Map.entry("columns.0", "name"), Map.entry("primary.0", "id"), Map.entry("include.0", "on"),
                Map.entry("dest.0", "goods"), Map.entry("sync.0", sync), Map.entry("key.0", "id"),
                Map.entry("cursor.0", cursor), Map.entry("naming", "as_is"), Map.entry("schedule", "every"),
                Map.entry("every", "1h"), Map.entry("cron", ""), Map.entry("timezone", ""));
    }

    @SafeVarargs
    private static List<Map.Entry<String, String>> with(List<Map.Entry<String, String>> fields, Map.Entry<String, String>... more) {
        List<Map.Entry<String, String>> all = new ArrayList<>(fields);
        all.addAll(List.of(more));
        return all;
    }
}
