package dev.ferry.connectors.jdbc;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Source;
import dev.ferry.api.StreamRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Row estimates for progress come from each engine's statistics, and only tables have them. */
class RowEstimateTest {
    private static final int ROWS = 2_000;

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb", "sqlite"})
    void anAnalyzedTableIsEstimatedNearItsRowCountAndViewsAndQueriesAreNot(String engine) {
        ConnectionSpec spec = TestDatabases.of(engine, directory, "estimates");
        TestDatabases.execute(spec, "CREATE TABLE items (id integer PRIMARY KEY, name varchar(20) NOT NULL)",
                "CREATE INDEX items_name ON items (name)",
                "CREATE VIEW short_items AS SELECT id FROM items WHERE id < 10",
                fill(engine), analyze(engine));

        try (Source source = TestDatabases.FACTORY.openSource(spec)) {
            OptionalLong table = source.estimateRows(StreamRef.ofObject("items", "items"));

            assertThat(table).isPresent();
            assertThat(table.getAsLong()).as("the statistics' count; InnoDB's is sampled").isBetween(ROWS * 3L / 4, ROWS * 5L / 4);
            assertThat(source.estimateRows(StreamRef.ofObject("short_items", "short_items"))).isEmpty();
            assertThat(source.estimateRows(new StreamRef("q", null, "SELECT id FROM items", List.of("id")))).isEmpty();
            assertThat(source.estimateRows(StreamRef.ofObject("gone", "no_such_table"))).isEmpty();
        }
    }

    @Test
    void aSqliteTableNeverAnalyzedHasNoEstimate() {
        ConnectionSpec spec = TestDatabases.sqlite(directory, "fresh");
        TestDatabases.execute(spec, "CREATE TABLE items (id integer PRIMARY KEY, name varchar(20) NOT NULL)", fill("sqlite"));

        try (Source source = TestDatabases.FACTORY.openSource(spec)) {
            assertThat(source.estimateRows(StreamRef.ofObject("items", "items"))).isEmpty();
        }
    }

    @Test
    void aPostgresTableEstimateFollowsRowsAddedSinceItsLastAnalyze() {
        ConnectionSpec spec = TestDatabases.postgres();
        TestDatabases.execute(spec, "CREATE TABLE items (id integer PRIMARY KEY, name varchar(20) NOT NULL)",
                fill("postgresql"), analyze("postgresql"),
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(" + (ROWS + 1) + ", " + (3 * ROWS) + ") g");

        try (Source source = TestDatabases.FACTORY.openSource(spec)) {
            assertThat(source.estimateRows(StreamRef.ofObject("items", "public.items")).orElseThrow())
                    .as("rows per page from ANALYZE times the pages now").isBetween(ROWS * 5L / 2, ROWS * 7L / 2);
        }
    }

    private static String fill(String engine) {
        return switch (engine) {
            case "postgresql" -> "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, " + ROWS + ") g";
            case "mariadb" -> "INSERT INTO items SELECT seq, concat('item ', seq) FROM seq_1_to_" + ROWS;
            case "sqlite" -> "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + ROWS + ") "
                    + "INSERT INTO items SELECT i, 'item ' || i FROM n";
            default -> throw new IllegalArgumentException(engine);
        };
    }

    private static String analyze(String engine) {
        return engine.equals("mariadb") ? "ANALYZE TABLE items" : "ANALYZE";
    }
}
