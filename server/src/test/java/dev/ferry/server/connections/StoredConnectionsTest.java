package dev.ferry.server.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.server.ApiClient;
import dev.ferry.server.TestServer;
import dev.ferry.server.audit.AuditEntry;
import dev.ferry.server.auth.Role;
import dev.ferry.server.secrets.KeyRotation;
import dev.ferry.engine.secrets.KeysetSource;
import dev.ferry.server.store.ServerDatabase;
import dev.ferry.server.store.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Stored connections on the embedded SQLite store, over real HTTP: secrets sealed, never shown, never in the files. */
class StoredConnectionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "pw-Zq7!unique-4417";
    private static final String API_KEY = "ak-Yx9-unique-8823";

    @TempDir
    Path folder;

    @Test
    void aStoredPasswordIsShownAsSetAndIsNeverInAResponseTheAuditLogTheLogOrTheStoreFiles() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(originalErr, log), true, StandardCharsets.UTF_8));
        List<String> bodies = new ArrayList<>();
        try (TestServer server = start()) {
            ApiClient.Response created = server.as(Role.ADMIN).put("/api/connections/erp", body(PASSWORD, API_KEY));
            bodies.add(created.body());
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            JsonNode view = created.json();
            assertThat(view.get("passwordSet").asBoolean()).isTrue();
            assertThat(view.get("secretProperties")).isEqualTo(JSON.readTree("{\"apiKey\": \"set\"}"));
            assertThat(view.get("properties")).isEqualTo(JSON.readTree("{\"sslmode\": \"disable\", \"token\": \"${env:ERP_TOKEN}\"}"));
            assertThat(view.get("options").get("connect_timeout").asText()).isEqualTo("5");
            assertThat(view.get("updatedBy").asText()).isEqualTo("test-admin");

            ApiClient viewer = server.as(Role.VIEWER);
            ApiClient.Response one = viewer.get("/api/connections/erp");
            ApiClient.Response all = viewer.get("/api/connections");
            bodies.add(one.body());
            bodies.add(all.body());
            assertThat(one.status()).isEqualTo(200);
            assertThat(one.json().get("passwordSet").asBoolean()).isTrue();
            assertThat(all.json()).hasSize(1);
            assertThat(all.json().get(0).get("name").asText()).isEqualTo("erp");
            // the stored value is the one sent: decrypted, it is what a driver would get
            assertThat(server.server().parts().connections().resolve("erp").orElseThrow().password().reveal()).isEqualTo(PASSWORD);
            assertThat(server.server().parts().connections().resolve("erp").orElseThrow().properties())
                    .containsEntry("apiKey", API_KEY).containsEntry("token", "token-from-env");

            Path keyset = folder.resolve("data").resolve(KeysetSource.DEFAULT_FILE_NAME);
            assertThat(Files.getPosixFilePermissions(keyset)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

            List<AuditEntry> audit = server.server().parts().audit().recent(10, 0);
            assertThat(audit).anySatisfy(entry -> {
                assertThat(entry.action()).isEqualTo("connection.put");
                assertThat(entry.target()).isEqualTo("erp");
                assertThat(entry.outcome()).isEqualTo("ok");
                assertThat(entry.detail()).contains("created", "password set", "secret property apiKey set");
            });
            audit.forEach(entry -> bodies.add(entry.toString()));
            // two sealed values are in the store: the scan below looks for their clear text
            assertThat(server.server().parts().sql().query("count sealed", "SELECT count(*) FROM ferry_connection_secret",
                    row -> row.getLong(1))).containsExactly(2L);
        } finally {
            System.setErr(originalErr);
        }
        for (String body : bodies) {
            assertThat(body).doesNotContain(PASSWORD).doesNotContain(API_KEY);
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("Created the keyset").doesNotContain(PASSWORD).doesNotContain(API_KEY);
        List<Path> storeFiles = filesUnder(folder);
        assertThat(storeFiles).anyMatch(file -> file.getFileName().toString().equals("state.db"));
        for (Path file : storeFiles) {
            byte[] bytes = Files.readAllBytes(file);
            assertThat(contains(bytes, PASSWORD.getBytes(StandardCharsets.UTF_8))).as(file + " holds the password").isFalse();
            assertThat(contains(bytes, API_KEY.getBytes(StandardCharsets.UTF_8))).as(file + " holds the api key").isFalse();
        }
    }

    @Test
    void aClientThatWritesBackWhatItReadKeepsTheSecretsAndNullClearsThem() throws Exception {
        try (TestServer server = start()) {
            ApiClient admin = server.as(Role.ADMIN);
            assertThat(admin.put("/api/connections/erp", body(PASSWORD, API_KEY)).status()).isEqualTo(201);

            JsonNode read = admin.get("/api/connections/erp").json();
            ObjectNode writeBack = JSON.createObjectNode();
            for (String field : List.of("type", "url", "user", "properties", "options")) {
                writeBack.set(field, read.get(field));
            }
            ApiClient.Response replaced = admin.put("/api/connections/erp", writeBack.toString());
            assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
            assertThat(replaced.json().get("passwordSet").asBoolean()).isTrue();
            assertThat(replaced.json().get("secretProperties").get("apiKey").asText()).isEqualTo("set");
            assertThat(server.server().parts().connections().resolve("erp").orElseThrow().password().reveal()).isEqualTo(PASSWORD);

            ApiClient.Response cleared = admin.put("/api/connections/erp",
                    "{\"url\": \"jdbc:postgresql://127.0.0.1:5432/erp\", \"password\": null, \"properties\": {\"apiKey\": null}}");
            assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
            assertThat(cleared.json().get("passwordSet").asBoolean()).isFalse();
            assertThat(cleared.json().get("secretProperties").isEmpty()).isTrue();
            // the secret-named reference was not mentioned, so it is kept like a sealed one would be
            assertThat(cleared.json().get("properties").get("token").asText()).isEqualTo("${env:ERP_TOKEN}");
            assertThat(server.server().parts().sql().query("count sealed", "SELECT count(*) FROM ferry_connection_secret",
                    row -> row.getLong(1))).containsExactly(0L);
            assertThat(server.server().parts().audit().recent(1, 0).get(0).detail())
                    .contains("replaced", "password cleared", "secret property apiKey cleared");

            ApiClient.Response reference = admin.put("/api/connections/erp",
                    "{\"url\": \"jdbc:postgresql://127.0.0.1:5432/erp\", \"password\": \"${env:ERP_PASSWORD}\"}");
            assertThat(reference.json().get("passwordSet").asBoolean()).isTrue();
            assertThat(reference.json().get("passwordReference").asText()).isEqualTo("${env:ERP_PASSWORD}");
            // resolved when used: the variable is not set where this server runs, and the view says so
            assertThat(reference.json().get("problem").asText()).contains("ERP_PASSWORD", "is not set");

            Path secretFile = folder.resolve("erp-password.txt");
            Files.writeString(secretFile, "from-a-file\n");
            ApiClient.Response fromFile = admin.put("/api/connections/erp", "{\"url\": \"jdbc:postgresql://127.0.0.1:5432/erp\", "
                    + "\"password\": \"${file:" + secretFile + "}\"}");
            assertThat(fromFile.json().get("passwordReference").asText()).isEqualTo("${file:" + secretFile + "}");
            assertThat(server.server().parts().connections().resolve("erp").orElseThrow().password().reveal()).isEqualTo("from-a-file");
            assertThat(server.server().parts().sql().query("count sealed", "SELECT count(*) FROM ferry_connection_secret",
                    row -> row.getLong(1))).as("a reference is not a secret and is not sealed").containsExactly(0L);
        }
    }

    @Test
    void badBodiesAreRefusedNamingTheFieldAndNeverEchoAPassword() {
        try (TestServer server = start()) {
            ApiClient admin = server.as(Role.ADMIN);
            ApiClient.Response unknown = admin.put("/api/connections/erp", "{\"url\": \"jdbc:sqlite:/tmp/x.db\", \"pasword\": \"x\"}");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.json().get("error").get("code").asText()).isEqualTo("unknown_field");
            assertThat(unknown.json().get("error").get("message").asText()).contains("'pasword'", "password");

            for (String url : List.of("jdbc:postgresql://db:5432/erp?user=app&password=hunter2",
                    "jdbc:postgresql://app:hunter2@db:5432/erp")) {
                ApiClient.Response refused = admin.put("/api/connections/erp", "{\"url\": \"" + url + "\"}");
                assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
                assertThat(refused.json().get("error").get("code").asText()).isEqualTo("invalid_connection");
                assertThat(refused.body()).contains("url holds a password written").doesNotContain("hunter2");
            }
            // a reference in its place is fine
            assertThat(admin.put("/api/connections/erp",
                    "{\"url\": \"jdbc:postgresql://db:5432/erp?password=${env:ERP_PASSWORD}\"}").status()).isEqualTo(201);

            ApiClient.Response option = admin.put("/api/connections/erp",
                    "{\"url\": \"jdbc:mariadb://db/erp\", \"options\": {\"zero_dates\": \"maybe\"}}");
            assertThat(option.status()).isEqualTo(400);
            assertThat(option.body()).contains("options.zero_dates must be fail, null, or a date");
            assertThat(admin.put("/api/connections/erp", "{\"user\": \"app\"}").body()).contains("url is required");
            assertThat(admin.put("/api/connections/bad%20name", "{\"url\": \"jdbc:sqlite:/tmp/x.db\"}").body())
                    .contains("a connection name is 1 to 64 letters");
            assertThat(admin.put("/api/connections/erp", "{\"url\": \"jdbc:nothing:x\"}").body()).contains("no connector recognises");
            assertThat(admin.put("/api/connections/erp", "{\"url\": \"jdbc:sqlite:/tmp/x.db\", \"password\": \"\"}").body())
                    .contains("password must not be empty");
        }
    }

    @Test
    void viewersReadOperatorsCheckAdminsChangeAndEveryChangeIsAudited() {
        Path source = folder.resolve("source.db");
        dev.ferry.server.SqlitePipelines.sourceWithItems(source, 3);
        try (TestServer server = start()) {
            String json = "{\"url\": \"jdbc:sqlite:" + source + "\"}";
            assertThat(server.anonymous().get("/api/connections").status()).isEqualTo(401);
            ApiClient.Response viewerPut = server.as(Role.VIEWER).put("/api/connections/local", json);
            assertThat(viewerPut.status()).isEqualTo(403);
            assertThat(viewerPut.json().get("error").get("message").asText()).contains("admin");
            assertThat(server.as(Role.OPERATOR).put("/api/connections/local", json).status()).isEqualTo(403);
            assertThat(server.as(Role.ADMIN).put("/api/connections/local", json).status()).isEqualTo(201);
            assertThat(server.as(Role.VIEWER).get("/api/connections/local").status()).isEqualTo(200);
            assertThat(server.as(Role.VIEWER).post("/api/connections/local/check", "{}").status()).isEqualTo(403);

            ApiClient.Response check = server.as(Role.OPERATOR).post("/api/connections/local/check", "");
            assertThat(check.status()).as(check.toString()).isEqualTo(200);
            assertThat(check.json().get("ok").asBoolean()).isTrue();
            assertThat(check.json().get("role").asText()).isEqualTo("source");
            ApiClient.Response discover = server.as(Role.OPERATOR).post("/api/connections/local/discover", "");
            assertThat(discover.json().get("ok").asBoolean()).isTrue();
            assertThat(discover.json().get("streams")).anySatisfy(stream -> {
                assertThat(stream.get("object").asText()).isEqualTo("items");
                assertThat(stream.get("key").get(0).asText()).isEqualTo("id");
                assertThat(stream.get("columns")).extracting(column -> column.get("name").asText()).containsExactly("id", "name");
            });
            assertThat(server.as(Role.OPERATOR).post("/api/connections/nothing/check", "").status()).isEqualTo(404);
            assertThat(server.as(Role.OPERATOR).post("/api/connections/local/check", "{\"as\": \"sink\"}").status()).isEqualTo(400);

            assertThat(server.as(Role.ADMIN).delete("/api/connections/local").status()).isEqualTo(204);
            assertThat(server.as(Role.VIEWER).get("/api/connections/local").status()).isEqualTo(404);
            assertThat(server.as(Role.ADMIN).delete("/api/connections/local").status()).isEqualTo(404);

            assertThat(server.server().parts().audit().recent(20, 0)).extracting(AuditEntry::action, AuditEntry::outcome)
                    .containsSubsequence(
                            org.assertj.core.groups.Tuple.tuple("connection.delete", "refused"),
                            org.assertj.core.groups.Tuple.tuple("connection.delete", "ok"),
                            org.assertj.core.groups.Tuple.tuple("connection.discover", "ok"),
                            org.assertj.core.groups.Tuple.tuple("connection.check", "ok"),
                            org.assertj.core.groups.Tuple.tuple("connection.put", "ok"));
        }
    }

    @Test
    void aWrongOrMissingKeysetNamesTheConnectionAndWhatToDoAndTheServerStillStarts() throws Exception {
        Path source = folder.resolve("source.db");
        Path destination = folder.resolve("destination.db");
        dev.ferry.server.SqlitePipelines.sourceWithItems(source, 3);
        try (TestServer server = start()) {
            assertThat(server.as(Role.ADMIN).put("/api/connections/erp",
                    "{\"url\": \"jdbc:sqlite:" + source + "\", \"password\": \"" + PASSWORD + "\"}").status()).isEqualTo(201);
        }
        Path keyset = folder.resolve("data").resolve(KeysetSource.DEFAULT_FILE_NAME);
        Files.writeString(keyset, TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get()));
        Files.writeString(folder.resolve("pipelines").resolve("copy.yml"), """
                pipeline: copy
                connections:
                  dst: {url: "jdbc:sqlite:%s"}
                source: erp
                destination: dst
                streams: [{table: items}]
                """.formatted(destination));

        try (TestServer server = start()) {
            String problem = server.as(Role.VIEWER).get("/api/connections/erp").json().get("problem").asText();
            assertThat(problem).contains("its password cannot be read", "keyset", "not the keyset the secret was stored with",
                    "PUT /api/connections/erp");
            JsonNode check = server.as(Role.OPERATOR).post("/api/connections/erp/check", "").json();
            assertThat(check.get("ok").asBoolean()).isFalse();
            assertThat(check.get("error").asText()).startsWith("Connection erp: its password cannot be read");
            JsonNode pipeline = server.as(Role.VIEWER).get("/api/pipelines/copy").json();
            assertThat(pipeline.get("valid").asBoolean()).isFalse();
            assertThat(pipeline.get("problems").get(0).get("field").asText()).isEqualTo("source");
            assertThat(pipeline.get("problems").get(0).get("line").asInt()).isEqualTo(4);
            assertThat(pipeline.get("problems").get(0).get("message").asText())
                    .contains("'erp' is stored on the server but cannot be used", "keyset");
        }

        Files.delete(keyset);
        try (TestServer server = start()) {
            assertThat(server.as(Role.VIEWER).get("/api/connections/erp").json().get("problem").asText())
                    .contains("is missing, but connections erp have secrets sealed with a keyset", "Restore that keyset");
            assertThat(keyset).as("a new keyset is not made over secrets it could not open").doesNotExist();
            ApiClient.Response refused = server.as(Role.ADMIN).put("/api/connections/other",
                    "{\"url\": \"jdbc:sqlite:" + source + "\", \"password\": \"x\"}");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().get("error").get("code").asText()).isEqualTo("secrets_unavailable");

            // the keyset is lost for good: once the connections sealed with it are gone, a new one is made
            assertThat(server.as(Role.ADMIN).delete("/api/connections/erp").status()).isEqualTo(204);
            assertThat(server.as(Role.ADMIN).put("/api/connections/erp",
                    "{\"url\": \"jdbc:sqlite:" + source + "\", \"password\": \"" + PASSWORD + "\"}").status()).isEqualTo(201);
            assertThat(keyset).exists();
            assertThat(Files.getPosixFilePermissions(keyset)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(server.as(Role.VIEWER).get("/api/pipelines/copy").json().get("valid").asBoolean()).isTrue();
        }
    }

    @Test
    void aKeysetThatIsNotAKeysetIsReportedAndAKeysetGivenByVariableIsUsedWithoutAFile() throws Exception {
        Path keyset = folder.resolve("data").resolve(KeysetSource.DEFAULT_FILE_NAME);
        Files.createDirectories(keyset.getParent());
        Files.writeString(keyset, "not a keyset");
        try (TestServer server = start()) {
            ApiClient.Response refused = server.as(Role.ADMIN).put("/api/connections/erp", body(PASSWORD, API_KEY));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().get("error").get("message").asText())
                    .contains("Connection erp cannot be stored", "is not a valid Tink keyset", KeysetSource.KEYSET_FILE_VARIABLE);
            // connections without secrets still work
            assertThat(server.as(Role.ADMIN).put("/api/connections/plain", "{\"url\": \"jdbc:postgresql://db/p\"}").status())
                    .isEqualTo(201);
        }

        String inline = TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
        Files.delete(keyset);
        java.util.function.UnaryOperator<dev.ferry.server.ServerSettings> withInline = settings -> settings.withEnvironment(
                Map.of("ERP_TOKEN", "t", KeysetSource.KEYSET_VARIABLE, inline));
        try (TestServer server = TestServer.start(folder, withInline)) {
            assertThat(server.as(Role.ADMIN).put("/api/connections/erp", body(PASSWORD, API_KEY)).status()).isEqualTo(201);
        }
        assertThat(keyset).as("the keyset came from the variable").doesNotExist();
        try (TestServer server = TestServer.start(folder, withInline)) {
            assertThat(server.server().parts().connections().resolve("erp").orElseThrow().password().reveal()).isEqualTo(PASSWORD);
        }
    }

    @Test
    void aCiphertextMovedToAnotherConnectionDoesNotDecrypt() {
        try (TestServer server = start()) {
            ApiClient admin = server.as(Role.ADMIN);
            admin.put("/api/connections/a", "{\"url\": \"jdbc:postgresql://db/a\", \"password\": \"" + PASSWORD + "\"}");
            admin.put("/api/connections/b", "{\"url\": \"jdbc:postgresql://db/b\", \"password\": \"other\"}");
            Sql sql = server.server().parts().sql();
            sql.update("move a ciphertext", "UPDATE ferry_connection_secret SET sealed = "
                    + "(SELECT sealed FROM ferry_connection_secret WHERE connection = 'a') WHERE connection = 'b'");

            assertThat(admin.get("/api/connections/a").json().get("problem").isNull()).isTrue();
            assertThat(admin.get("/api/connections/b").json().get("problem").asText())
                    .contains("its password cannot be read", "the value was not stored for this connection and field");
        }
    }

    @Test
    void rotatingTheKeyReEncryptsEverySecretAndTheConnectionsStillWorkAfterARestart() throws Exception {
        try (TestServer server = start()) {
            assertThat(server.as(Role.ADMIN).put("/api/connections/erp", body(PASSWORD, API_KEY)).status()).isEqualTo(201);
        }
        StateConfig state = new StateConfig("jdbc:sqlite:" + folder.resolve("state.db"), null, null);
        KeysetSource keyset = KeysetSource.of(Map.of(), folder.resolve("data"));
        List<String> before = sealedValues(state);

        KeyRotation.Result rotated;
        try (ServerDatabase database = ServerDatabase.open(state)) {
            rotated = KeyRotation.rotate(new Sql(database), keyset, false);
        }
        assertThat(rotated.resealed()).isEqualTo(2);
        assertThat(rotated.keys()).hasSize(2).contains(rotated.newPrimary());
        List<String> after = sealedValues(state);
        assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
        assertThat(keyIds(state)).containsOnly(rotated.newPrimary());
        assertThat(Files.getPosixFilePermissions(keyset.file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        try (TestServer server = start()) {
            assertThat(server.as(Role.VIEWER).get("/api/connections/erp").json().get("problem").isNull()).isTrue();
            assertThat(server.server().parts().connections().resolve("erp").orElseThrow().password().reveal()).isEqualTo(PASSWORD);
        }

        try (ServerDatabase database = ServerDatabase.open(state)) {
            rotated = KeyRotation.rotate(new Sql(database), keyset, true);
        }
        assertThat(rotated.keys()).containsExactly(rotated.newPrimary());
        assertThat(rotated.keptBecause()).isNull();
        try (TestServer server = start()) {
            assertThat(server.server().parts().connections().resolve("erp").orElseThrow().properties().get("apiKey")).isEqualTo(API_KEY);
        }
    }

    @Test
    void aRunningServerReadsTheKeysetAgainWhenARotationDroppedTheKeyItHad() throws Exception {
        try (TestServer server = start()) {
            assertThat(server.as(Role.ADMIN).put("/api/connections/erp", body(PASSWORD, API_KEY)).status()).isEqualTo(201);
            KeyRotation.Result rotated = KeyRotation.rotate(server.server().parts().sql(),
                    KeysetSource.of(Map.of(), folder.resolve("data")), true);
            assertThat(rotated.keys()).containsExactly(rotated.newPrimary());

            assertThat(server.as(Role.VIEWER).get("/api/connections/erp").json().get("problem").isNull()).isTrue();
            assertThat(server.server().parts().connections().resolve("erp").orElseThrow().password().reveal()).isEqualTo(PASSWORD);
            // what it seals now is under the new key
            server.as(Role.ADMIN).put("/api/connections/other", "{\"url\": \"jdbc:postgresql://db/o\", \"password\": \"x\"}");
            assertThat(server.server().parts().sql().query("key of other", "SELECT key_id FROM ferry_connection_secret "
                    + "WHERE connection = 'other'", row -> row.getLong(1))).containsExactly(rotated.newPrimary());
        }
    }

    @Test
    void aRotationThatCannotDecryptASecretChangesNothingInTheStore() throws Exception {
        try (TestServer server = start()) {
            server.as(Role.ADMIN).put("/api/connections/erp", body(PASSWORD, API_KEY));
        }
        StateConfig state = new StateConfig("jdbc:sqlite:" + folder.resolve("state.db"), null, null);
        List<String> before = sealedValues(state);
        Path other = folder.resolve("other.keyset.json");
        Files.writeString(other, TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get()));
        KeysetSource wrong = KeysetSource.of(Map.of(KeysetSource.KEYSET_FILE_VARIABLE, other.toString()), folder);

        try (ServerDatabase database = ServerDatabase.open(state)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeyRotation.rotate(new Sql(database), wrong, true))
                    .hasMessageContaining("of connection erp cannot be decrypted")
                    .hasMessageContaining("nothing was re-encrypted");
        }
        assertThat(sealedValues(state)).isEqualTo(before);
        assertThat(TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(other), InsecureSecretKeyAccess.get()).size())
                .as("the keyset file is left as it was").isEqualTo(1);

        KeysetSource inline = KeysetSource.of(Map.of(KeysetSource.KEYSET_VARIABLE, Files.readString(other)), folder);
        try (ServerDatabase database = ServerDatabase.open(state)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeyRotation.rotate(new Sql(database), inline, false))
                    .hasMessageContaining("which Ferry cannot change").hasMessageContaining(KeysetSource.KEYSET_FILE_VARIABLE);
        }
    }

    /** A server on the test's folder, where ERP_TOKEN is set. */
    private TestServer start() {
        return TestServer.start(folder, settings -> settings.withEnvironment(Map.of("ERP_TOKEN", "token-from-env")));
    }

    static String body(String password, String apiKey) {
        ObjectNode body = JSON.createObjectNode();
        body.put("url", "jdbc:postgresql://127.0.0.1:5432/erp");
        body.put("user", "app");
        body.put("password", password);
        ObjectNode properties = body.putObject("properties");
        properties.put("sslmode", "disable");
        properties.put("apiKey", apiKey);
        properties.put("token", "${env:ERP_TOKEN}");
        body.putObject("options").put("connect_timeout", "5s");
        return body.toString();
    }

    private static List<String> sealedValues(StateConfig state) {
        try (ServerDatabase database = ServerDatabase.open(state)) {
            return new Sql(database).query("read sealed", "SELECT sealed FROM ferry_connection_secret ORDER BY field",
                    row -> row.getString(1));
        }
    }

    private static List<Long> keyIds(StateConfig state) {
        try (ServerDatabase database = ServerDatabase.open(state)) {
            return new Sql(database).query("read key ids", "SELECT key_id FROM ferry_connection_secret", row -> row.getLong(1));
        }
    }

    static List<Path> filesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Writes to two streams: what the server logs still reaches the console while the test reads it. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
