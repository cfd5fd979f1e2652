package dev.ferry.engine.config.loader;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.SyncMode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
