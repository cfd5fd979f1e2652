package dev.ferry.server.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.server.ApiClient;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import dev.ferry.server.secrets.KeyRotation;
import dev.ferry.engine.secrets.KeysetSource;
import dev.ferry.server.store.ServerDatabase;
import dev.ferry.server.store.Sql;
import dev.ferry.testkit.TestMariaDb;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stored connections against real servers: a PostgreSQL database owned by a role with a password, the
 * server's own store on PostgreSQL too; and MariaDB, which checks passwords (the local PostgreSQL
 * trusts 127.0.0.1), to show that the decrypted password is what reaches the driver.
 */
class StoredConnectionsOnServersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String role = "ferry_erp_" + suffix;
    private final String password = "Pg-pass-" + suffix + "-Ω";
    private final List<Runnable> cleanUp = new ArrayList<>();

    @TempDir
    Path folder;

    @AfterEach
    void dropRolesAndUsers() {
        cleanUp.forEach(Runnable::run);
    }

    @Test
    void checkDiscoverAndSyncNowThroughAStoredPostgresConnectionAlsoAfterTheKeyIsRotated() throws Exception {
        String erpUrl = TestPostgres.freshDatabase("erp");
        String storeUrl = TestPostgres.freshDatabase("store");
        createOwnedTables(erpUrl);
        Path destination = folder.resolve("destination.db");
        Files.createDirectories(folder.resolve("pipelines"));
        Files.writeString(folder.resolve("pipelines").resolve("erp-copy.yml"), """
                pipeline: erp-copy
                connections:
                  dst: {url: "jdbc:sqlite:%s"}
                source: erp
                destination: dst
                streams:
                  - table: public.ventas
                  - view: public.whoami
                    key: [id]
                """.formatted(destination));
        StateConfig store = new StateConfig(storeUrl, null, null);

        List<String> bodies = new ArrayList<>();
        try (TestServer server = TestServer.start(folder, settings -> settings.withState(store))) {
            // before the connection is stored, the pipeline says which stored connections exist
            JsonNode missing = server.as(Role.VIEWER).get("/api/pipelines/erp-copy").json();
            assertThat(missing.get("valid").asBoolean()).isFalse();
            assertThat(missing.get("problems").get(0).get("message").asText())
                    .contains("no connection is named 'erp'", "no connection is stored on the server");

            ObjectNode body = JSON.createObjectNode();
            body.put("url", withoutQuery(erpUrl));
            body.put("user", role);
            body.put("password", password);
            ApiClient.Response put = server.as(Role.ADMIN).put("/api/connections/erp", body.toString());
            assertThat(put.status()).as(put.toString()).isEqualTo(201);
            bodies.add(put.body());

            ApiClient operator = server.as(Role.OPERATOR);
            ApiClient.Response check = operator.post("/api/connections/erp/check", "{\"as\": \"source\"}");
            bodies.add(check.body());
            assertThat(check.json().get("ok").asBoolean()).as(check.toString()).isTrue();
            assertThat(check.json().get("connection").asText()).isEqualTo("erp");

            ApiClient.Response discover = operator.post("/api/connections/erp/discover", "");
            bodies.add(discover.body());
            assertThat(discover.json().get("ok").asBoolean()).as(discover.toString()).isTrue();
            JsonNode ventas = stream(discover.json(), "ventas");
            assertThat(ventas.get("kind").asText()).isEqualTo("table");
            assertThat(ventas.get("key").get(0).asText()).isEqualTo("conduce");
            JsonNode monto = column(ventas, "monto");
            assertThat(monto.get("type").asText()).isEqualTo("decimal");
            assertThat(monto.get("precision").asInt()).isEqualTo(14);
            assertThat(monto.get("scale").asInt()).isEqualTo(2);
            assertThat(column(ventas, "cliente").get("nullable").asBoolean()).isFalse();
            assertThat(stream(discover.json(), "whoami").get("kind").asText()).isEqualTo("view");

            // storing the connection read the pipeline again: it now runs through Sync now
            assertThat(server.as(Role.VIEWER).get("/api/pipelines/erp-copy").json().get("valid").asBoolean()).isTrue();
            assertThat(syncNow(operator)).isEqualTo("SUCCEEDED");
            assertThat(SqlitePipelines.count(destination, "ventas")).isEqualTo(300);
            assertThat(whoRead(destination)).as("the stored user is the one that reached the database").isEqualTo(role);
        }
        try (ServerDatabase database = ServerDatabase.open(store)) {
            Sql sql = new Sql(database);
            assertThat(sql.query("count sealed", "SELECT count(*) FROM ferry_connection_secret", row -> row.getLong(1)))
                    .containsExactly(1L);
            assertThat(sql.query("read sealed", "SELECT sealed FROM ferry_connection_secret", row -> row.getString(1)).get(0))
                    .doesNotContain(password);
            KeyRotation.Result rotated = KeyRotation.rotate(sql, KeysetSource.of(Map.of(), folder.resolve("data")), true);
            assertThat(rotated.resealed()).isEqualTo(1);
            assertThat(rotated.keys()).containsExactly(rotated.newPrimary());
        }

        try (TestServer server = TestServer.start(folder, settings -> settings.withState(store))) {
            ApiClient operator = server.as(Role.OPERATOR);
            ApiClient.Response check = operator.post("/api/connections/erp/check", "");
            bodies.add(check.body());
            assertThat(check.json().get("ok").asBoolean()).as(check.toString()).isTrue();
            try (Connection connection = DriverManager.getConnection(erpUrl); Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO ventas SELECT i, 'Cliente ' || i, i * 1.25 FROM generate_series(301, 320) i");
            }
            assertThat(syncNow(operator)).isEqualTo("SUCCEEDED");
            assertThat(SqlitePipelines.count(destination, "ventas")).isEqualTo(320);
        }
        bodies.forEach(text -> assertThat(text).doesNotContain(password));
    }

    @Test
    void theDecryptedPasswordIsWhatReachesTheDriver() throws Exception {
        String database = TestMariaDb.freshDatabase("stored");
        String name = database.substring(database.lastIndexOf('/') + 1).split("\\?")[0];
        String user = "ferry_u_" + suffix;
        String right = "Maria-pass-" + suffix;
        try (Connection admin = DriverManager.getConnection(database); Statement statement = admin.createStatement()) {
            for (String host : List.of("%", "localhost", "127.0.0.1")) {
                statement.execute("CREATE USER '" + user + "'@'" + host + "' IDENTIFIED BY '" + right + "'");
                statement.execute("GRANT ALL ON `" + name + "`.* TO '" + user + "'@'" + host + "'");
            }
            statement.execute("CREATE TABLE items (id INT PRIMARY KEY, label VARCHAR(20) NOT NULL)");
        }
        cleanUp.add(() -> {
            try (Connection admin = DriverManager.getConnection(database); Statement statement = admin.createStatement()) {
                for (String host : List.of("%", "localhost", "127.0.0.1")) {
                    statement.execute("DROP USER IF EXISTS '" + user + "'@'" + host + "'");
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        try (TestServer server = TestServer.start(folder)) {
            ApiClient admin = server.as(Role.ADMIN);
            ApiClient operator = server.as(Role.OPERATOR);
            String url = withoutQuery(database);
            assertThat(admin.put("/api/connections/shop", connection(url, user, right)).status()).isEqualTo(201);
            ApiClient.Response good = operator.post("/api/connections/shop/check", "");
            assertThat(good.json().get("ok").asBoolean()).as(good.toString()).isTrue();
            ApiClient.Response discover = operator.post("/api/connections/shop/discover", "");
            assertThat(stream(discover.json(), "items").get("columns")).hasSize(2);

            String wrong = "Wrong-pass-" + suffix;
            assertThat(admin.put("/api/connections/shop", connection(url, user, wrong)).status()).isEqualTo(200);
            ApiClient.Response bad = operator.post("/api/connections/shop/check", "");
            assertThat(bad.json().get("ok").asBoolean()).isFalse();
            assertThat(bad.json().get("error").asText()).contains("Access denied").doesNotContain(wrong);
            assertThat(server.server().parts().audit().recent(1, 0).get(0).detail()).contains("Access denied").doesNotContain(wrong);

            // a PUT without the password keeps the stored (wrong) one; putting the right one back makes it pass again
            assertThat(admin.put("/api/connections/shop", "{\"url\": \"" + url + "\", \"user\": \"" + user + "\"}").status())
                    .isEqualTo(200);
            assertThat(operator.post("/api/connections/shop/check", "").json().get("ok").asBoolean()).isFalse();
            admin.put("/api/connections/shop", connection(url, user, right));
            assertThat(operator.post("/api/connections/shop/check", "").json().get("ok").asBoolean()).isTrue();
        }
    }

    private void createOwnedTables(String erpUrl) throws SQLException {
        String admin = TestPostgres.adminUrl();
        try (Connection connection = DriverManager.getConnection(admin); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
        }
        cleanUp.add(() -> {
            try (Connection connection = DriverManager.getConnection(erpUrl); Statement statement = connection.createStatement()) {
                statement.execute("DROP OWNED BY " + role);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            try (Connection connection = DriverManager.getConnection(admin); Statement statement = connection.createStatement()) {
                statement.execute("DROP ROLE IF EXISTS " + role);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try (Connection connection = DriverManager.getConnection(erpUrl); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE ventas (conduce bigint PRIMARY KEY, cliente text NOT NULL, monto numeric(14,2) NOT NULL)");
            statement.execute("INSERT INTO ventas SELECT i, 'Cliente ' || i, i * 1.25 FROM generate_series(1, 300) i");
            statement.execute("CREATE VIEW whoami AS SELECT 1 AS id, current_user::text AS who");
            statement.execute("ALTER TABLE ventas OWNER TO " + role);
            statement.execute("ALTER VIEW whoami OWNER TO " + role);
            statement.execute("REVOKE ALL ON ventas FROM PUBLIC");
        }
    }

    private static String syncNow(ApiClient operator) {
        ApiClient.Response started = operator.post("/api/pipelines/erp-copy/runs", "{}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        long runId = started.json().get("runId").asLong();
        JsonNode run = await().atMost(Duration.ofSeconds(60)).until(() -> operator.get("/api/runs/" + runId).json(),
                body -> !body.get("status").asText().equals("RUNNING"));
        assertThat(run.path("error").isMissingNode() || run.get("error").isNull()).as(run.toString()).isTrue();
        return run.get("status").asText();
    }

    private static String whoRead(Path destination) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + destination);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT who FROM whoami")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String connection(String url, String user, String password) {
        ObjectNode body = JSON.createObjectNode();
        body.put("url", url);
        body.put("user", user);
        body.put("password", password);
        return body.toString();
    }

    private static JsonNode stream(JsonNode discovery, String table) {
        for (JsonNode stream : discovery.get("streams")) {
            String object = stream.get("object").asText();
            if (object.equals(table) || object.endsWith("." + table)) {
                return stream;
            }
        }
        throw new AssertionError("No stream " + table + " in " + discovery);
    }

    private static JsonNode column(JsonNode stream, String name) {
        for (JsonNode column : stream.get("columns")) {
            if (column.get("name").asText().equals(name)) {
                return column;
            }
        }
        throw new AssertionError("No column " + name + " in " + stream);
    }

    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
