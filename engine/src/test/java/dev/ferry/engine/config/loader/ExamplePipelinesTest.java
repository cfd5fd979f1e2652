package dev.ferry.engine.config.loader;

import dev.ferry.api.DeletePolicy;
import dev.ferry.api.WriteMode;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.SyncMode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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
