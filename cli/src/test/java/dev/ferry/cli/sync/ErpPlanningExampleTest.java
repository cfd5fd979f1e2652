package dev.ferry.cli.sync;

import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code examples/erp-planning} pipeline as shipped, with only its connections pointed at test
 * databases: a PostgreSQL view stands in for the SQL Server view (none can run here). People's
 * planning fields, in the companion table and in a column added to the mirror by hand, survive
 * every sync, and a note deleted at the source is marked while its plan keeps its reference.
 */
class ErpPlanningExampleTest {
    @TempDir
    Path dir;

    @Test
    void planningFieldsSurviveSyncsAndDeletedNotesKeepTheirPlans() throws Exception {
        String sourceUrl = TestPostgres.freshDatabase("erp_src");
        String warehouseUrl = TestPostgres.freshDatabase("erp_wh");
        SyncFixture.execute(sourceUrl,
                "CREATE SCHEMA dbo",
                "CREATE TABLE dbo.conduces (\"CONDUCE\" bigint PRIMARY KEY, \"CLIENTE\" varchar(60) NOT NULL,"
                        + " \"MONTO\" numeric(14,2) NOT NULL, \"ULTIMA_MODIFICACION\" timestamp NOT NULL)",
                "CREATE VIEW dbo.\"VW_CONDUCES\" AS SELECT * FROM dbo.conduces",
                "INSERT INTO dbo.conduces SELECT i, 'cliente ' || i, i * 10.25, TIMESTAMP '2026-11-01 08:00' + i * INTERVAL '1 minute'"
                        + " FROM generate_series(1, 50) i");
        Path pipeline = examplePointedAt(sourceUrl, warehouseUrl);
        SyncFixture sync = new SyncFixture(dir, "postgresql", "unused");

        SyncFixture.Outcome first = sync.run(pipeline);
        assertThat(first.exitCode()).as(first.output()).isZero();
        String companion = Files.readString(examples().resolve("erp-planning/companion.sql"));
        SyncFixture.execute(warehouseUrl, "ALTER TABLE conduces ADD COLUMN prioridad int", companion,
                "INSERT INTO conduce_planning (conduce, nota, ruta, hecho) VALUES (3, 'llamar antes', 'norte', true),"
                        + " (7, 'frágil', 'sur', false)",
                "UPDATE conduces SET prioridad = 1 WHERE conduce IN (3, 8)");

        SyncFixture.execute(sourceUrl,
                "UPDATE dbo.conduces SET \"CLIENTE\" = 'nuevo', \"MONTO\" = 1, \"ULTIMA_MODIFICACION\" = '2026-11-02 09:00'"
                        + " WHERE \"CONDUCE\" IN (3, 8)",
                "DELETE FROM dbo.conduces WHERE \"CONDUCE\" = 7");
        SyncFixture.Outcome second = sync.run(pipeline, "--reconcile-deletes");
        assertThat(second.exitCode()).as(second.output()).isZero();

        assertThat(SyncFixture.rows(warehouseUrl, "SELECT conduce, cliente, monto, prioridad, nota, ruta, hecho,"
                + " _ferry_deleted_at IS NOT NULL FROM conduces_con_plan WHERE conduce IN (3, 7, 8) ORDER BY conduce"))
                .containsExactly(
                        Arrays.asList("3", "nuevo", "1.00", "1", "llamar antes", "norte", "t", "f"),
                        Arrays.asList("7", "cliente 7", "71.75", null, "frágil", "sur", "f", "t"),
                        Arrays.asList("8", "nuevo", "1.00", "1", null, null, null, "f"));
        assertThat(SyncFixture.rows(warehouseUrl, "SELECT COUNT(*), COUNT(_ferry_deleted_at) FROM conduces"))
                .containsExactly(List.of("50", "1"));
    }

    /** The example's file with its connections and state moved to test databases; every other line as shipped. */
    private Path examplePointedAt(String sourceUrl, String warehouseUrl) throws Exception {
        String yaml = Files.readString(examples().resolve("erp-planning/pipeline.yml"));
        String pointed = yaml
                .replaceAll("(?m)^    url: jdbc:postgresql:.*$", "    url: " + warehouseUrl)
                .replaceAll("(?m)^    url: jdbc:sqlserver:.*$", "    url: " + sourceUrl)
                .replaceAll("(?m)^    (user|password): .*\\R", "")
                .replaceAll("(?m)^  url: jdbc:sqlite:.*$", "  url: jdbc:sqlite:" + dir.resolve("state.db"));
        assertThat(pointed).doesNotContain("sqlserver", "password", "erp.internal");
        Path file = dir.resolve("pipeline.yml");
        Files.writeString(file, pointed);
        return file;
    }

    private static Path examples() {
        for (Path candidate = Path.of("").toAbsolutePath(); candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("examples/erp-planning"))) {
                return candidate.resolve("examples");
            }
        }
        throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
    }
}
