package dev.ferry.cli.e2e;

import dev.ferry.cli.Ferry;
import dev.ferry.testkit.TestMariaDb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MariaDB source's choices as a user writes them in a pipeline file ({@code zero_dates:},
 * {@code tinyint1:}), run by {@code ferry run} into SQLite: without them a legacy table's zero
 * date and out-of-range TINYINT(1) fail the run naming table, column and key; with them the
 * same rows arrive as chosen.
 */
class MySqlChoicesTest {
    @TempDir
    Path work;

    private String sourceUrl;

    /** A table as a server without strict mode keeps it: a zero date, and a TINYINT(1) flag of 2. */
    @BeforeEach
    void legacyTable() throws SQLException {
        sourceUrl = TestMariaDb.freshDatabase("choices");
        try (Connection connection = DriverManager.getConnection(sourceUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION sql_mode = ''");
            statement.execute("CREATE TABLE legacy (id int PRIMARY KEY, born date NOT NULL, flag tinyint(1) NOT NULL)");
            statement.execute("INSERT INTO legacy VALUES (1, '2000-01-31', 1), (2, '0000-00-00', 2), (3, '2020-05-00', 0)");
        }
    }

    @Test
    void byDefaultTheRunFailsNamingTheTableColumnAndKeyOfTheZeroDate() throws Exception {
        Outcome outcome = run(pipeline(""));

        assertThat(outcome.exitCode()).as(outcome.output()).isNotZero();
        assertThat(outcome.output()).contains("table legacy, column born, row id=2: zero date '0000-00-00'")
                .contains("zero_dates");
    }

    @Test
    void withOnlyZeroDatesChosenTheFlagOfTwoFailsTheRunNamingIt() throws Exception {
        Outcome outcome = run(pipeline("zero_dates: \"1970-01-01\""));

        assertThat(outcome.exitCode()).as(outcome.output()).isNotZero();
        assertThat(outcome.output()).contains("table legacy, column flag, row id=2: TINYINT(1) value 2 is not a boolean")
                .contains("tinyint1: integer");
    }

    @Test
    void theChoicesLetTheSameRowsArriveAsChosen() throws Exception {
        Outcome outcome = run(pipeline("zero_dates: \"1970-01-01\"\n    tinyint1: integer"));

        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        assertThat(QueryRows.of("jdbc:sqlite:" + work.resolve("copy.db"), "SELECT id, born, flag FROM legacy ORDER BY id"))
                .containsExactly(List.of("1", "2000-01-31", "1"), List.of("2", "1970-01-01", "2"),
                        List.of("3", "1970-01-01", "0"));
    }

    /** The pipeline, with {@code choices} as further keys of the source connection. */
    private Path pipeline(String choices) throws Exception {
        Path file = work.resolve("pipeline.yml");
        Files.writeString(file, """
                pipeline: legacy
                connections:
                  shop:
                    url: "%s"
                    %s
                  copy:
                    url: jdbc:sqlite:copy.db
                source: shop
                destination: copy
                state:
                  url: jdbc:sqlite:state.db
                streams:
                  - table: legacy
                """.formatted(sourceUrl, choices));
        return file;
    }

    private record Outcome(int exitCode, String output) {
    }

    private static Outcome run(Path pipeline) {
        StringWriter output = new StringWriter();
        int exitCode;
        try (PrintWriter out = new PrintWriter(output, true)) {
            exitCode = Ferry.execute(out, out, "run", pipeline.toString());
        }
        return new Outcome(exitCode, output.toString());
    }

}
