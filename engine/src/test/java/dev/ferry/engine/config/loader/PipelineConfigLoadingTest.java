package dev.ferry.engine.config.loader;

import dev.ferry.api.DeletePolicy;
import dev.ferry.api.Lookback;
import dev.ferry.api.Secret;
import dev.ferry.api.WriteMode;
import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.DeleteSettings;
import dev.ferry.engine.config.Naming;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.SyncMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineConfigLoadingTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("ERP_PASSWORD", "erp-secret-value", "WH_USER", "loader");

    @TempDir
    Path dir;

    @Test
    void readsEveryFieldOfAFullFile() throws Exception {
        Path file = resource("/config/full-pipeline.yaml");
        Path folder = file.getParent().toAbsolutePath().normalize();

        PipelineConfig config = PipelineLoader.load(file, ENVIRONMENT);

        assertThat(config.name()).isEqualTo("sales-mirror");
        assertThat(config.file()).isEqualTo(file);
        assertThat(config.source()).isEqualTo("erp");
        assertThat(config.destination()).isEqualTo("warehouse");
        assertThat(config.batchSize()).isEqualTo(5_000);
        assertThat(config.commitEvery()).isEqualTo(50_000);
        assertThat(config.state()).isEqualTo(new StateConfig("jdbc:sqlite:" + folder.resolve(".ferry/state.db"), null, null));

        ConnectionConfig erp = config.connections().get("erp");
        assertThat(erp).isEqualTo(new ConnectionConfig("erp", "sqlite", "jdbc:sqlite:" + folder.resolve("data/source.db"),
                "app", Secret.of("erp-secret-value"), Map.of("sslmode", "require", "sslpassword", "ssl-secret-value")));
        ConnectionConfig warehouse = config.connections().get("warehouse");
        assertThat(warehouse).isEqualTo(new ConnectionConfig("warehouse", null, "jdbc:postgresql://localhost:5432/wh",
                "loader", Secret.of("wh-secret-value"), Map.of()));
        assertThat(config.connections()).hasSize(2);

        assertThat(config.streams()).containsExactly(
                new StreamConfig("ventas", "dbo.ventas", null, "ventas_copia", List.of("conduce"),
                        List.of("conduce", "monto", "ultima_modificacion"), Map.of("conduce", "id_conduce"),
                        Naming.SNAKE_CASE, SyncMode.INCREMENTAL, WriteMode.UPSERT, "ultima_modificacion",
                        new Lookback.Time(Duration.ofMinutes(90))),
                new StreamConfig("InvoiceLine", "dbo.InvoiceLine", null, "invoice_line", List.of("InvoiceLineId"),
                        List.of(), Map.of(), Naming.SNAKE_CASE, SyncMode.INCREMENTAL, WriteMode.UPSERT, "InvoiceLineId",
                        new Lookback.Amount(new BigDecimal("100"))),
                new StreamConfig("open_orders", null, "select id, total from orders where open", "open_orders",
                        List.of("id"), List.of(), Map.of(), Naming.LOWER_CASE, SyncMode.HASH, WriteMode.UPSERT, null,
                        Lookback.NONE),
                new StreamConfig("Customers", "Customers", null, "Customers", List.of(), List.of(), Map.of(),
                        Naming.AS_IS, SyncMode.FULL_REFRESH, WriteMode.OVERWRITE, null, Lookback.NONE));
    }

    @Test
    void appliesDefaultsToAMinimalFile() throws Exception {
        Path file = write("""
                pipeline: p1
                connections:
                  src: {url: "jdbc:sqlite::memory:"}
                  dst: {url: jdbc:postgresql://localhost/db}
                source: src
                destination: dst
                streams:
                  - table: orders
                """);

        PipelineConfig config = PipelineLoader.load(file, Map.of());

        assertThat(config.batchSize()).isEqualTo(PipelineConfig.DEFAULT_BATCH_SIZE);
        assertThat(config.commitEvery()).isEqualTo(PipelineConfig.DEFAULT_COMMIT_EVERY);
        assertThat(config.state()).isEqualTo(StateConfig.embeddedDefault());
        assertThat(config.sourceConnection().url()).isEqualTo("jdbc:sqlite::memory:");
        assertThat(config.sourceConnection().user()).isNull();
        assertThat(config.sourceConnection().password()).isNull();
        assertThat(config.streams()).containsExactly(new StreamConfig("orders", "orders", null, "orders", List.of(),
                List.of(), Map.of(), Naming.AS_IS, SyncMode.FULL_REFRESH, WriteMode.UPSERT, null, Lookback.NONE));
    }

    @Test
    void readsDeleteSettingsAndTheSchemaChangePolicy() throws Exception {
        Path file = write("""
                pipeline: p1
                connections:
                  src: {url: "jdbc:sqlite::memory:"}
                source: src
                destination: src
                schema_changes: ignore
                defaults:
                  deletes: soft
                streams:
                  - table: orders
                    sync: incremental
                    cursor: updated_at
                    reconcile_every: 12
                  - table: items
                    sync: hash
                    deletes: hard
                    allow_empty_source: true
                  - table: notes
                """);

        PipelineConfig config = PipelineLoader.load(file, Map.of());

        assertThat(config.schemaChanges()).isEqualTo(dev.ferry.api.SchemaChangePolicy.IGNORE);
        assertThat(config.streams()).extracting(StreamConfig::deletes).containsExactly(
                new DeleteSettings(DeletePolicy.SOFT, false, 12),
                new DeleteSettings(DeletePolicy.HARD, true, 0),
                new DeleteSettings(DeletePolicy.SOFT, false, 0));
    }

    @Test
    void readsFlattenAndPassesItToTheSourceWithTheStream() throws Exception {
        Path file = write("""
                pipeline: p1
                connections:
                  src: {url: "jdbc:sqlite::memory:"}
                source: src
                destination: src
                streams:
                  - table: orders
                    flatten: true
                  - table: items
                    flatten: false
                  - table: notes
                """);

        PipelineConfig config = PipelineLoader.load(file, Map.of());

        assertThat(config.streams()).extracting(StreamConfig::flattenObjects).containsExactly(true, false, false);
        assertThat(config.streams()).extracting(stream -> stream.toRef().flattenObjects()).containsExactly(true, false, false);
        assertThat(config.streams().getFirst().withBadRows(dev.ferry.engine.config.BadRowLimits.UNLIMITED).flattenObjects())
                .isTrue();
    }

    @Test
    void sourceAndDestinationMayBeTheSameConnection() throws Exception {
        Path file = write("""
                pipeline: copy
                connections:
                  db: {url: "jdbc:sqlite:copy.db?journal_mode=WAL"}
                source: db
                destination: db
                batch_size: 500000
                streams:
                  - {table: main.a, destination_table: b}
                """);

        PipelineConfig config = PipelineLoader.load(file, Map.of());

        assertThat(config.sourceConnection()).isSameAs(config.destinationConnection());
        assertThat(config.sourceConnection().url())
                .isEqualTo("jdbc:sqlite:" + dir.toAbsolutePath().normalize().resolve("copy.db") + "?journal_mode=WAL");
        assertThat(config.streams().getFirst().name()).isEqualTo("a");
        // Without commit_every, a batch larger than the default commit interval raises it.
        assertThat(config.commitEvery()).isEqualTo(500_000);
    }

    @Test
    void keepsAbsoluteSqlitePathsAndOtherUrls() throws Exception {
        Path absolute = dir.resolve("abs.db").toAbsolutePath();
        Path file = write("""
                pipeline: p
                connections:
                  a: {url: "jdbc:sqlite:%s"}
                  b: {url: "jdbc:sqlite:file:rel.db?mode=ro"}
                source: a
                destination: b
                state: {url: "jdbc:postgresql://localhost/state", user: ferry}
                streams: [{table: t}]
                """.formatted(absolute));

        PipelineConfig config = PipelineLoader.load(file, Map.of());

        assertThat(config.connections().get("a").url()).isEqualTo("jdbc:sqlite:" + absolute);
        assertThat(config.connections().get("b").url()).isEqualTo("jdbc:sqlite:file:rel.db?mode=ro");
        assertThat(config.state()).isEqualTo(new StateConfig("jdbc:postgresql://localhost/state", "ferry", null));
    }

    @Test
    void readsLookbackForms() throws Exception {
        assertThat(lookbackOf("30s")).isEqualTo(new Lookback.Time(Duration.ofSeconds(30)));
        assertThat(lookbackOf("2h")).isEqualTo(new Lookback.Time(Duration.ofHours(2)));
        assertThat(lookbackOf("1d")).isEqualTo(new Lookback.Time(Duration.ofDays(1)));
        assertThat(lookbackOf("PT5M")).isEqualTo(new Lookback.Time(Duration.ofMinutes(5)));
        assertThat(lookbackOf("2.5")).isEqualTo(new Lookback.Amount(new BigDecimal("2.5")));
        assertThat(lookbackOf("0")).isEqualTo(Lookback.NONE);
        assertThat(lookbackOf("0s")).isEqualTo(Lookback.NONE);
    }

    private Lookback lookbackOf(String lookback) throws Exception {
        Path file = write("""
                pipeline: p
                connections: {db: {url: "jdbc:sqlite::memory:"}}
                source: db
                destination: db
                streams:
                  - {table: t, sync: incremental, cursor: c, lookback: %s}
                """.formatted(lookback));
        return PipelineLoader.load(file, Map.of()).streams().getFirst().lookback();
    }

    @Test
    void secretsNeverAppearInToString() throws Exception {
        Path file = resource("/config/full-pipeline.yaml");

        PipelineConfig config = PipelineLoader.load(file, ENVIRONMENT);

        String shown = config.state() + " " + config.connections().get("erp").password() + " "
                + config.connections().get("warehouse") + " " + config.connections().get("erp").toSpec("sqlite");
        assertThat(shown).doesNotContain("erp-secret-value").doesNotContain("wh-secret-value").contains("****");
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(PipelineConfigLoadingTest.class.getResource(name).toURI());
    }
}
