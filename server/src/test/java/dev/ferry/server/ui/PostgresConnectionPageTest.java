package dev.ferry.server.ui;

import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import dev.ferry.server.ui.auth.UserService;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL connection with a stored password on the Connections page: Test and Discover reach
 * the real database, the wizard offers its primary key and an update-time cursor as defaults and
 * previews real rows, and the password shows in none of it.
 */
class PostgresConnectionPageTest {
    private static final String PASSWORD = "pg-Wx41-stored-never-shown";

    @TempDir
    Path folder;

    @Test
    void testDiscoverAndPreviewAPostgresTable() throws Exception {
        String url = TestPostgres.freshDatabase("ferry_ui_conn");
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id integer PRIMARY KEY, total numeric(10, 2) NOT NULL, "
                    + "updated_at timestamp NOT NULL)");
            statement.execute("INSERT INTO orders SELECT i, i * 1.5, timestamp '2026-01-01' + i * interval '1 hour' "
                    + "FROM generate_series(1, 30) i");
        }
        try (TestServer server = TestServer.start(folder)) {
            new UserService(server.server().parts().sql(), Clock.systemUTC()).create("admin", Role.ADMIN, "admin password 0451", false);
            FormClient admin = new FormClient(server.server().url()).signIn("admin", "admin password 0451");
            // Local test servers trust their clients, so the stored password is sent and not needed.
            assertThat(admin.form("/connections", List.of(Map.entry("editing", "false"), Map.entry("name", "erp"),
                    Map.entry("url", url), Map.entry("password", PASSWORD), Map.entry("properties", "ApplicationName=ferry-ui")))
                    .status()).isEqualTo(303);
            assertThat(admin.form("/connections", List.of(Map.entry("editing", "false"), Map.entry("name", "copy"),
                    Map.entry("url", "jdbc:sqlite:" + folder.resolve("copy.db")))).status()).isEqualTo(303);

            FormClient.Page check = admin.htmx("/connections/erp/check", List.of());
            assertThat(check.body()).contains("reachable").contains("erp answers as a source");
            FormClient.Page discovered = admin.htmx("/connections/erp/discover", List.of());
            assertThat(discovered.body()).contains("orders").contains("key id").contains("updated_at").contains("decimal(10, 2)");

            FormClient.Page tables = admin.get("/build/tables?pipeline=erp-orders&source=erp&destination=copy");
            List<Map.Entry<String, String>> fields = BrowserForm.fields(tables.body(), "wizard");
            int orders = fields.stream().filter(field -> field.getKey().startsWith("object.") && field.getValue().endsWith("orders"))
                    .map(field -> Integer.parseInt(field.getKey().substring("object.".length()))).findFirst().orElseThrow();
            assertThat(fields).contains(Map.entry("sync." + orders, "incremental"), Map.entry("cursor." + orders, "updated_at"),
                    Map.entry("key." + orders, "id"));
            List<Map.Entry<String, String>> withPreview = new java.util.ArrayList<>(fields);
            withPreview.add(Map.entry("preview", String.valueOf(orders)));
            FormClient.Page preview = admin.htmx("/build/preview", withPreview);
            assertThat(preview.body()).contains("<th scope=\"col\">total</th>").contains("<td>1.50</td>")
                    .contains("<td>15.00</td>").doesNotContain("<td>16.50</td>");

            for (String page : List.of(admin.get("/connections").body(), admin.get("/connections/erp/edit").body(),
                    admin.get("/status").body(), tables.body(), preview.body(), check.body(), discovered.body())) {
                assertThat(page).doesNotContain(PASSWORD);
            }
            assertThat(admin.get("/connections").body()).contains("<code>ApplicationName=ferry-ui</code>");
        }
    }
}
