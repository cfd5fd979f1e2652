package dev.ferry.engine.config.loader;

import dev.ferry.api.DeletePolicy;
import dev.ferry.api.WriteMode;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.ScheduleConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.SyncMode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipelines in examples/ stay valid as the configuration evolves. */
class ExamplePipelinesTest {

    private static Path examples() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples");
            if (Files.isDirectory(candidate.resolve("erp-planning"))) {
                return candidate;
            }
        }
        throw new AssertionError("examples/ not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void erpPlanningMirrorsTheViewIncrementallyByItsKey() {
        PipelineConfig pipeline = PipelineLoader.load(examples().resolve("erp-planning/pipeline.yml"),
                Map.of("ERP_PASSWORD", "not-a-real-password", "WAREHOUSE_PASSWORD", "not-a-real-password"));

        assertThat(pipeline.connections().get("erp").url()).startsWith("jdbc:sqlserver:");
        StreamConfig conduces = pipeline.streams().getFirst();
        assertThat(conduces.sync()).isEqualTo(SyncMode.INCREMENTAL);
        assertThat(conduces.key()).containsExactly("CONDUCE");
        assertThat(conduces.cursor()).isEqualTo("ULTIMA_MODIFICACION");
        assertThat(conduces.destinationTable()).isEqualTo("conduces");
        assertThat(conduces.destinationColumn("CONDUCE")).isEqualTo("conduce");
    }

    /** Team 3: each Convex app a file of its own, with its own deploy key, selected tables, a rename and a schedule. */
    @Test
    void convexAppsExportSelectedTablesIntoSqlServerOnSchedules() throws Exception {
        Map<String, String> environment = Map.of("CRM_CONVEX_DEPLOY_KEY", "prod:crm|not-a-real-key",
                "BOOKINGS_CONVEX_DEPLOY_KEY", "prod:bookings|not-a-real-key", "SQLSERVER_PASSWORD", "not-a-real-password");
        Path folder = examples().resolve("convex-to-sqlserver");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yml")))
                    .containsExactlyInAnyOrder("app-crm.yml", "app-bookings.yml");
        }
        PipelineConfig crm = PipelineLoader.load(folder.resolve("app-crm.yml"), environment);
        PipelineConfig bookings = PipelineLoader.load(folder.resolve("app-bookings.yml"), environment);

        assertThat(crm.connections().get(crm.source()).type()).isEqualTo("convex");
        assertThat(crm.connections().get(crm.source()).url()).endsWith(".convex.cloud");
        assertThat(crm.connections().get(crm.destination()).url()).startsWith("jdbc:sqlserver:");
        assertThat(crm.connections().get(crm.source()).password().reveal()).isEqualTo("prod:crm|not-a-real-key");
        assertThat(bookings.connections().get(bookings.source()).password().reveal()).isEqualTo("prod:bookings|not-a-real-key");
        assertThat(crm.connections().get(crm.source()).url()).isNotEqualTo(bookings.connections().get(bookings.source()).url());

        assertThat(crm.streams()).extracting(StreamConfig::table).containsExactly("users", "companies", "deals");
        assertThat(bookings.streams()).extracting(StreamConfig::table).containsExactly("users", "bookings", "rooms");
        for (PipelineConfig pipeline : List.of(crm, bookings)) {
            assertThat(pipeline.streams()).extracting(StreamConfig::sync).containsOnly(SyncMode.CHANGES);
            StreamConfig users = pipeline.streams().getFirst();
            assertThat(users.destinationTable()).isEqualTo("tbl_users");
            assertThat(users.deletes().policy()).isEqualTo(DeletePolicy.HARD);
        }
        assertThat(crm.streams().get(2).deletes().policy()).as("deals are kept as history").isEqualTo(DeletePolicy.NONE);
        assertThat(bookings.streams().get(2).deletes().policy()).as("rooms stay for old bookings").isEqualTo(DeletePolicy.NONE);

        assertThat(crm.schedule().every()).isEqualTo(Duration.ofMinutes(30));
        assertThat(bookings.schedule().cron()).isEqualTo("5 7-20 * * MON-SAT");
        assertThat(bookings.schedule().timezone()).isEqualTo(ZoneId.of("Europe/Rome"));
        assertThat(List.of(crm.schedule(), bookings.schedule())).extracting(ScheduleConfig::retries).containsOnly(3);
        assertThat(crm.notifications().emails()).containsExactly("data-team@example.com");
    }

    /** Team 2: seven tables, one at a time, through the team's own mutations, started by the upstream job. */
    @Test
    void postgresToConvexMirrorsSevenTablesOneAtATimeThroughTheTeamsMutations() {
        PipelineConfig pipeline = PipelineLoader.load(examples().resolve("postgres-to-convex/pipeline.yml"),
                Map.of("FIELDOPS_PASSWORD", "not-a-real-password", "CONVEX_DEPLOY_KEY", "prod:not-a-real|key",
                        "CONVEX_SYNC_AUTH_KEY", "not-a-real-auth-key"));

        assertThat(pipeline.name()).isEqualTo("postgres-to-convex");
        assertThat(pipeline.parallelism()).isEqualTo(1);
        assertThat(pipeline.connections().get("fieldops").url()).startsWith("jdbc:postgresql:");
        assertThat(pipeline.connections().get(pipeline.destination()).url()).endsWith(".convex.cloud");
        assertThat(pipeline.connections().get(pipeline.destination()).properties()).containsEntry("write", "mutation")
                .containsEntry("auth_key", "not-a-real-auth-key");
        assertThat(pipeline.streams()).extracting(StreamConfig::name).containsExactly("sow_poles", "sow_drops",
                "nokia_exports", "onemap_installations", "onemap_poles", "lawley_activations", "mohadin_activations");
        assertThat(pipeline.streams()).allSatisfy(stream -> {
            assertThat(stream.sync()).isEqualTo(SyncMode.HASH);
            assertThat(stream.write()).isEqualTo(WriteMode.UPSERT);
            assertThat(stream.deletes().policy()).isEqualTo(DeletePolicy.HARD);
            assertThat(stream.destinationTable()).isEqualTo(stream.name());
        });
        assertThat(pipeline.schedule().every()).isEqualTo(Duration.ofHours(4));
        assertThat(pipeline.schedule().after()).as("the upstream job is no Ferry pipeline: it calls the trigger").isEmpty();
    }
}
