package dev.ferry.engine.state;

import dev.ferry.engine.config.StateConfig;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link StateStores#openIfExists} finds a store a run made, and creates none, for commands that only look. */
class StateStoreLookOnlyTest {

    @TempDir
    Path dir;

    @Test
    void aSqliteStoreThatNoRunMadeIsAbsentAndStaysSo() throws Exception {
        StateConfig config = new StateConfig("jdbc:sqlite:" + dir.resolve("nested/state.db"), null, null);

        Optional<StateStore> before = StateStores.openIfExists(config);

        assertThat(before).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("neither the file nor its folder").isEmpty();
        }
        StateStores.open(config).close();
        Optional<StateStore> after = StateStores.openIfExists(config);
        assertThat(after).isPresent();
        after.get().close();
    }

    @Test
    void aPostgresStoreWithoutFerrysTablesIsAbsentAndGetsNone() throws Exception {
        String url = TestPostgres.freshDatabase("look_only");
        StateConfig config = new StateConfig(url, null, null);

        Optional<StateStore> before = StateStores.openIfExists(config);

        assertThat(before).isEmpty();
        assertThat(tables(url)).as("no table was created").isZero();
        StateStores.open(config).close();
        Optional<StateStore> after = StateStores.openIfExists(config);
        assertThat(after).isPresent();
        after.get().close();
        assertThat(tables(url)).isPositive();
    }

    private static int tables(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery(
                     "select count(*) from information_schema.tables where table_schema = current_schema()")) {
            count.next();
            return count.getInt(1);
        }
    }
}
