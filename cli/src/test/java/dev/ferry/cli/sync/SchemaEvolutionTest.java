package dev.ferry.cli.sync;

import dev.ferry.engine.state.RunStatus;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source table that gains a column, widens one and drops one, synced to each destination engine
 * under each {@code schema_changes} policy: propagate adds and widens, ignore leaves the table as it
 * is, fail refuses; none of them drops a destination column or its data, and each change is logged.
 */
class SchemaEvolutionTest {
    private static final String STREAM = "- table: people";
    private static final String LONG_NAME = "n".repeat(150);

    @TempDir
    Path dir;

    private SyncFixture synced(String destination, String policy) throws Exception {
        SyncFixture sync = new SyncFixture(dir, destination, "evolution");
        sync.source("CREATE TABLE people (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, amount NUMERIC(6,2),"
                        + " fax VARCHAR(20))",
                "INSERT INTO people VALUES (1, 'Ana', 10.50, '555-1'), (2, 'Bo', NULL, '555-2')");
        assertThat(sync.run(sync.pipeline("schema_changes: " + policy, STREAM)).exitCode()).isZero();
        return sync;
    }

    /** The source after the change: name widened to 200 characters, amount to 12 digits, email added, fax dropped. */
    private static void changeSource(SyncFixture sync) throws SQLException {
        sync.source("CREATE TABLE people_new (id INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL, amount NUMERIC(12,2),"
                        + " email VARCHAR(80))",
                "INSERT INTO people_new SELECT id, name, amount, NULL FROM people",
                "DROP TABLE people", "ALTER TABLE people_new RENAME TO people",
                "INSERT INTO people VALUES (3, '" + LONG_NAME + "', 1234567890.25, 'c@example.org')",
                "UPDATE people SET email = 'a@example.org' WHERE id = 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb", "sqlite"})
    void propagateAddsAndWidensColumnsAndKeepsDroppedOnes(String destination) throws Exception {
        SyncFixture sync = synced(destination, "propagate");
        changeSource(sync);

        SyncFixture.Outcome outcome = sync.run(sync.pipeline("schema_changes: propagate", STREAM));

        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        // SQLite keeps decimals as its own numbers, so the trailing zero is gone there (a documented loss).
        String amount = destination.equals("sqlite") ? "10.5" : "10.50";
        assertThat(sync.destinationRows("SELECT id, name, amount, email, fax FROM people ORDER BY id")).containsExactly(
                Arrays.asList("1", "Ana", amount, "a@example.org", "555-1"),
                Arrays.asList("2", "Bo", null, null, "555-2"),
                Arrays.asList("3", LONG_NAME, "1234567890.25", "c@example.org", null));
        List<String> log = sync.lastRunLog();
        assertThat(log).anyMatch(line -> line.startsWith("INFO schema: added column email"));
        assertThat(log).anyMatch(line -> line.startsWith("INFO schema: columns only at the destination, kept and never"
                + " written: [fax]"));
        if (!destination.equals("sqlite")) {
            assertThat(log).anyMatch(line -> line.startsWith("INFO schema: widened column name from"));
            assertThat(log).anyMatch(line -> line.startsWith("INFO schema: widened column amount from"));
            assertThat(sync.destinationColumnType("people", "name")).contains("200");
            assertThat(sync.destinationColumnType("people", "amount")).contains("12,2");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb", "sqlite"})
    void ignoreLeavesTheTableAsItIs(String destination) throws Exception {
        SyncFixture sync = synced(destination, "ignore");
        sync.source("ALTER TABLE people ADD COLUMN email VARCHAR(80)", "UPDATE people SET email = 'x', name = 'Ana2' WHERE id = 1");

        SyncFixture.Outcome outcome = sync.run(sync.pipeline("schema_changes: ignore", STREAM));

        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        assertThat(sync.destinationColumnType("people", "email")).isNull();
        assertThat(sync.destinationRows("SELECT name FROM people WHERE id = 1")).containsExactly(List.of("Ana2"));
        assertThat(sync.lastRunLog()).contains("INFO schema: new source column email is not written (schema_changes: ignore)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb", "sqlite"})
    void failRefusesToWriteAndChangesNothing(String destination) throws Exception {
        SyncFixture sync = synced(destination, "fail");
        sync.source("ALTER TABLE people ADD COLUMN email VARCHAR(80)", "UPDATE people SET name = 'Ana2' WHERE id = 1");

        SyncFixture.Outcome outcome = sync.run(sync.pipeline("schema_changes: fail", STREAM));

        assertThat(outcome.exitCode()).isNotZero();
        assertThat(sync.lastRun().status()).isEqualTo(RunStatus.FAILED);
        assertThat(sync.lastRun().error()).contains("differs from the source and schema_changes is fail: new column email");
        assertThat(sync.destinationColumnType("people", "email")).isNull();
        assertThat(sync.destinationRows("SELECT name FROM people WHERE id = 1")).containsExactly(List.of("Ana"));
    }
}
