package dev.ferry.engine.config.loader;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Secret;
import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StreamConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code ${env:NAME}} and {@code ${file:PATH}} in every text value: URLs (shown with their secrets
 * masked), table and column names, numbers and choices; where they are refused, and the state-only
 * load that {@code ferry status} uses.
 */
class ConfigReferencesTest {

    private static final String HOST_SECRET = "h0st-" + System.nanoTime();
    private static final String SSL_SECRET = "ssl-S3cret-" + System.nanoTime();
    private static final String URL_SECRET = "url-S3cret-" + System.nanoTime();

    @TempDir
    Path dir;

    @Test
    void aUrlTakesReferencesAndIsShownAsWrittenNeverWithTheirValues() throws Exception {
        Files.writeString(dir.resolve("ssl"), SSL_SECRET + "\n");
        PipelineConfig config = load("""
                pipeline: p
                connections:
                  pg: {url: "jdbc:postgresql://${env:PG_HOST}:5432/wh?sslpassword=${file:ssl}"}
                  whole: {url: "${env:DATABASE_URL}"}
                  lite: {url: "jdbc:sqlite:${env:DB_FILE}"}
                source: pg
                destination: whole
                streams: [{table: t}]
                """, Map.of("PG_HOST", HOST_SECRET, "DATABASE_URL",
                "jdbc:postgresql://db:5432/app?user=app&password=" + URL_SECRET, "DB_FILE", "data/app.db"));

        ConnectionConfig pg = config.connections().get("pg");
        assertThat(pg.url()).isEqualTo("jdbc:postgresql://" + HOST_SECRET + ":5432/wh?sslpassword=" + SSL_SECRET);
        assertThat(pg.shownUrl()).isEqualTo("jdbc:postgresql://${env:PG_HOST}:5432/wh?sslpassword=${file:ssl}");
        ConnectionConfig whole = config.connections().get("whole");
        assertThat(whole.url()).endsWith("password=" + URL_SECRET);
        assertThat(whole.shownUrl()).isEqualTo("${env:DATABASE_URL}");
        assertThat(config.connections().get("lite").url())
                .as("a relative SQLite path from a reference is still taken from the file's folder")
                .isEqualTo("jdbc:sqlite:" + dir.toAbsolutePath().normalize().resolve("data/app.db"));

        ConnectionSpec spec = whole.toSpec("postgresql");
        String shown = spec + " " + pg + " " + whole + " " + pg.toSpec("postgresql")
                + " " + spec.mask("driver said: cannot open " + whole.url() + " with " + URL_SECRET);
        assertThat(shown).doesNotContain(URL_SECRET).doesNotContain(SSL_SECRET).doesNotContain(HOST_SECRET)
                .contains("cannot open ${env:DATABASE_URL} with ****");
    }

    @Test
    void tableColumnAndKeyNamesTakeReferences() throws Exception {
        PipelineConfig config = load("""
                pipeline: ${env:PIPELINE}
                connections:
                  db: {url: "jdbc:sqlite:app.db"}
                source: db
                destination: db
                streams:
                  - table: sales.${env:TABLE}
                    key: ${env:KEY}
                    sync: incremental
                    cursor: ${env:CURSOR}_at
                    columns: ["${env:KEY}", total, updated_at]
                """,
                Map.of("PIPELINE", "nightly", "TABLE", "orders_2024", "KEY", "id", "CURSOR", "updated"));

        assertThat(config.name()).isEqualTo("nightly");
        StreamConfig stream = config.streams().getFirst();
        assertThat(stream.table()).isEqualTo("sales.orders_2024");
        assertThat(stream.name()).as("named after the resolved table").isEqualTo("orders_2024");
        assertThat(stream.key()).containsExactly("id");
        assertThat(stream.cursor()).isEqualTo("updated_at");
    }

    @Test
    void numbersAndChoicesTakeReferencesAndAreCheckedAfterResolvingWithoutQuotingTheValue() throws Exception {
        PipelineConfig config = load("""
                pipeline: p
                connections:
                  db: {url: "jdbc:sqlite:app.db", connect_timeout: "${env:TIMEOUT}"}
                source: db
                destination: db
                batch_size: ${env:BATCH}
                streams: [{table: t, sync: "${env:SYNC}"}]
                """, Map.of("BATCH", "500", "SYNC", "hash", "TIMEOUT", "3s"));
        assertThat(config.batchSize()).isEqualTo(500);
        assertThat(config.streams().getFirst().sync().name()).isEqualTo("HASH");
        assertThat(config.connections().get("db").options()).containsEntry(ConnectionSpec.CONNECT_TIMEOUT, "3");

        ConfigException error = problems("""
                pipeline: p
                connections:
                  db: {url: "jdbc:sqlite:app.db"}
                source: db
                destination: db
                batch_size: ${env:BATCH}
                streams: [{table: t, sync: "${env:SYNC}"}]
                """, Map.of("BATCH", "lots-" + URL_SECRET, "SYNC", "mirror-" + URL_SECRET));
        assertThat(error.getMessage().lines()).containsExactly(
                file() + ":6:13: batch_size: must be a whole number from 1 to 1000000, not the value of ${env:BATCH}",
                file() + ":7:28: streams[0].sync: must be one of full_refresh, incremental, hash, changes, not the value of ${env:SYNC}");
        assertThat(error.getMessage()).doesNotContain(URL_SECRET);
    }

    @Test
    void aDoubledDollarIsALiteralAndBrokenReferencesAreLocated() throws Exception {
        PipelineConfig config = load("""
                pipeline: p
                connections:
                  db: {url: "jdbc:sqlite:app.db"}
                source: db
                destination: db
                streams:
                  - name: priced
                    query: "select id, '$${price}' as label from t"
                    key: [id]
                """, Map.of());
        assertThat(config.streams().getFirst().query()).isEqualTo("select id, '${price}' as label from t");

        ConfigException error = problems("""
                pipeline: p
                connections:
                  db: {url: "jdbc:sqlite:app.db"}
                source: db
                destination: db
                streams:
                  - table: ${env:TABLE
                    rename: {"${env:OLD}": new}
                  - table: ${env:MISSING}
                """, Map.of());
        assertThat(error.getMessage().lines()).containsExactly(
                file() + ":7:12: streams[0].table: '${' has no closing '}'; a reference is ${env:NAME} or ${file:PATH}, "
                        + "and $${ stands for a literal ${",
                file() + ":8:14: streams[0].rename.${env:OLD}: a key cannot hold a ${...} reference: keys name fields, "
                        + "connections and columns and are read as written; put the reference in the value",
                file() + ":9:12: streams[1].table: environment variable MISSING is not set");
    }

    @Test
    void aPasswordIsOneWholeReference() throws Exception {
        ConfigException error = problems("""
                pipeline: p
                connections:
                  db: {url: "jdbc:postgresql://db/app", password: "pre-${env:PW}"}
                source: db
                destination: db
                streams: [{table: t}]
                """, Map.of("PW", "secret"));
        assertThat(error.getMessage()).isEqualTo(file() + ":3:51: connections.db.password: must be one whole reference, "
                + "${env:NAME} or ${file:PATH}, with nothing around it: a password is kept apart from the text of the file");
    }

    @Test
    void aPasswordStaysASecretWhateverItsConnectionIsCalled() throws Exception {
        PipelineConfig config = load("""
                pipeline: p
                connections:
                  "erp.eu": {url: "jdbc:postgresql://db/app", password: "${env:PW}"}
                source: erp.eu
                destination: erp.eu
                streams: [{table: t}]
                """, Map.of("PW", "secret"));
        assertThat(config.connections().get("erp.eu").password()).isEqualTo(Secret.of("secret"));
    }

    @Test
    void connectTimeoutTakesADurationOfWholeSeconds() throws Exception {
        PipelineConfig config = load("""
                pipeline: p
                connections:
                  a: {url: "jdbc:sqlite:a.db", connect_timeout: 2m}
                  b: {url: "jdbc:sqlite:b.db", connect_timeout: 15}
                  c: {url: "jdbc:sqlite:c.db"}
                source: a
                destination: b
                streams: [{table: t}]
                """, Map.of());
        assertThat(config.connections().get("a").toSpec("sqlite").connectTimeoutSeconds()).isEqualTo(120);
        assertThat(config.connections().get("b").toSpec("sqlite").connectTimeoutSeconds()).isEqualTo(15);
        assertThat(config.connections().get("c").toSpec("sqlite").connectTimeoutSeconds())
                .isEqualTo(ConnectionSpec.DEFAULT_CONNECT_TIMEOUT_SECONDS);

        ConfigException error = problems("""
                pipeline: p
                connections:
                  a: {url: "jdbc:sqlite:a.db", connect_timeout: soon}
                  b: {url: "jdbc:sqlite:b.db", connect_timeout: 500ms}
                source: a
                destination: b
                streams: [{table: t}]
                """, Map.of());
        assertThat(error.getMessage().lines()).containsExactly(
                file() + ":3:49: connections.a.connect_timeout: must be a duration from 1s to 1h, such as 10s, 30s or 2m, "
                        + "not 'soon'",
                file() + ":4:49: connections.b.connect_timeout: must be a duration from 1s to 1h, such as 10s, 30s or 2m, "
                        + "not '500ms'");
    }

    @Test
    void aViewNeedsAKeyForAnUpsertLikeAQuery() throws Exception {
        ConfigException error = problems("""
                pipeline: p
                connections:
                  db: {url: "jdbc:sqlite:app.db"}
                source: db
                destination: db
                streams:
                  - view: open_orders
                  - view: closed_orders
                    write: overwrite
                """, Map.of());
        assertThat(error.getMessage().lines()).containsExactly(
                file() + ":7:5: streams[0].key: is required when a stream reads a view with sync: full_refresh and "
                        + "write: upsert; a view has no primary key to take it from");
    }

    @Test
    void theStateOnlyLoadNeedsNoConnectionSecretsButTheStateStoresOwn() throws Exception {
        String yaml = """
                pipeline: p
                connections:
                  erp:
                    url: "jdbc:postgresql://${env:ERP_HOST}:5432/erp"
                    user: ${env:ERP_USER}
                    password: ${env:ERP_PASSWORD}
                    properties: {sslpassword: "${file:absent}"}
                  wh: {url: "jdbc:sqlite:wh.db", connect_timeout: "${env:TIMEOUT}"}
                source: erp
                destination: wh
                batch_size: ${env:BATCH}
                state:
                  url: jdbc:postgresql://state:5432/ferry
                  password: ${env:STATE_PASSWORD}
                streams: [{table: "${env:TABLE}", sync: "${env:SYNC}"}]
                """;
        Files.writeString(file(), yaml);

        PipelineConfig config = PipelineLoader.loadForState(file(), Map.of("STATE_PASSWORD", "state-secret"));

        assertThat(config.name()).isEqualTo("p");
        assertThat(config.state().password()).isEqualTo(Secret.of("state-secret"));
        assertThat(config.connections().get("erp").password()).isNull();
        ConfigException strict = catchThrowableOfType(ConfigException.class, () -> PipelineLoader.load(file(), Map.of()));
        assertThat(strict.problems()).extracting(ConfigProblem::field).contains("connections.erp.password",
                "connections.erp.url", "batch_size", "state.password", "streams[0].table");
        ConfigException stateMissing = catchThrowableOfType(ConfigException.class,
                () -> PipelineLoader.loadForState(file(), Map.of()));
        assertThat(stateMissing.problems()).extracting(ConfigProblem::format).containsExactly(
                file() + ":14:13: state.password: environment variable STATE_PASSWORD is not set");
    }

    private PipelineConfig load(String yaml, Map<String, String> environment) throws Exception {
        Files.writeString(file(), yaml);
        return PipelineLoader.load(file(), environment);
    }

    private ConfigException problems(String yaml, Map<String, String> environment) throws Exception {
        Files.writeString(file(), yaml);
        return catchThrowableOfType(ConfigException.class, () -> PipelineLoader.load(file(), environment));
    }

    private Path file() {
        return dir.resolve("pipeline.yml");
    }
}
