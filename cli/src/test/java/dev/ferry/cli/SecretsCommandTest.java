package dev.ferry.cli;

import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.server.audit.AuditEntry;
import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.connections.ConnectionInput;
import dev.ferry.server.connections.ConnectionService;
import dev.ferry.engine.secrets.KeysetSource;
import dev.ferry.server.store.ServerDatabase;
import dev.ferry.server.store.Sql;
import dev.ferry.engine.secrets.SecretKeys;
import dev.ferry.engine.secrets.StoredCredentials;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ferry secrets rotate-key} on a store holding a sealed password. */
class SecretsCommandTest {
    private static final String PASSWORD = "cli-pass-5521";

    @TempDir
    Path dir;

    @Test
    void rotateKeyReEncryptsTheStoredSecretsWhichStillOpenAfterwards() throws Exception {
        StateConfig state = new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null);
        Path data = dir.resolve("data");
        try (ServerDatabase database = ServerDatabase.open(state)) {
            service(database, data).put("erp", new ConnectionInput(null, "jdbc:postgresql://db:5432/erp", "app", PASSWORD,
                    true, Map.of(), Map.of()), "test");
        }
        String before = Files.readString(data.resolve(KeysetSource.DEFAULT_FILE_NAME));

        Result rotated = ferry("secrets", "rotate-key", "--state", state.url(), "--data", data.toString());

        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("1 stored secrets re-encrypted", "the old ones still open backups");
        assertThat(Files.readString(data.resolve(KeysetSource.DEFAULT_FILE_NAME))).isNotEqualTo(before);
        try (ServerDatabase database = ServerDatabase.open(state)) {
            assertThat(service(database, data).resolve("erp").orElseThrow().password().reveal()).isEqualTo(PASSWORD);
            List<AuditEntry> audit = new AuditLog(new Sql(database), Clock.systemUTC()).recent(1, 0);
            assertThat(audit.get(0).action()).isEqualTo("secrets.rotate-key");
            assertThat(audit.get(0).outcome()).isEqualTo("ok");
        }

        Result dropped = ferry("secrets", "rotate-key", "--state", state.url(), "--data", data.toString(), "--drop-old-keys");
        assertThat(dropped.exitCode()).as(dropped.err()).isZero();
        assertThat(dropped.out()).doesNotContain("old ones still open").doesNotContain(PASSWORD);
        try (ServerDatabase database = ServerDatabase.open(state)) {
            assertThat(service(database, data).resolve("erp").orElseThrow().password().reveal()).isEqualTo(PASSWORD);
        }
    }

    @Test
    void rotateKeyReEncryptsTheCredentialsRunsSavedTooWhichStillOpenOnlyForTheirConnection() throws Exception {
        StateConfig state = new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null);
        Path data = dir.resolve("data");
        Supplier<SecretKeys> keys = StoredCredentials.lazily(() -> SecretKeys.open(KeysetSource.of(Map.of(), data), List::of));
        try (StateStore store = StateStores.open(state)) {
            new StoredCredentials(store, keys, "team4", "hubspot").save("refresh_token", "rt-rotated-77");
            String sealed = store.sealedCredential("team4", "hubspot", "refresh_token").orElseThrow();
            assertThat(sealed).doesNotContain("rt-rotated-77");
            // The sealed value copied to another connection does not open there.
            store.saveSealedCredential("team4", "other", "refresh_token", sealed, 0);
            assertThatThrownBy(() -> new StoredCredentials(store, keys, "team4", "other").load("refresh_token"))
                    .isInstanceOf(dev.ferry.api.FerryException.class);
            store.saveSealedCredential("team4", "other", "refresh_token",
                    keys.get().seal("rt-other", StoredCredentials.associatedData("team4", "other", "refresh_token")).text(), 0);
        }

        Result rotated = ferry("secrets", "rotate-key", "--state", state.url(), "--data", data.toString(), "--drop-old-keys");

        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("2 stored secrets re-encrypted").doesNotContain("rt-rotated-77");
        Supplier<SecretKeys> after = StoredCredentials.lazily(() -> SecretKeys.open(KeysetSource.of(Map.of(), data), List::of));
        try (StateStore store = StateStores.open(state)) {
            assertThat(new StoredCredentials(store, after, "team4", "hubspot").load("refresh_token")).isEqualTo("rt-rotated-77");
            assertThat(new StoredCredentials(store, after, "team4", "other").load("refresh_token")).isEqualTo("rt-other");
        }
    }

    @Test
    void rotateKeyWithoutAKeysetSaysSoAndFails() {
        Result result = ferry("secrets", "rotate-key", "--state", "jdbc:sqlite:" + dir.resolve("state.db"),
                "--data", dir.resolve("nothing").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(result.err()).contains("There is no keyset at file", "the server creates one when it first starts");
    }

    private static ConnectionService service(ServerDatabase database, Path data) {
        return ConnectionService.open(new Sql(database), KeysetSource.of(Map.of(), data), ConnectorRegistry.load(), Map.of(),
                data, Clock.systemUTC());
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static Result ferry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Ferry.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
