package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.StreamRef;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Full PostgreSQL reads decode binary COPY themselves; the JDBC driver's reading is the reference. */
class PostgresCopyReadTest {

    @Test
    void decodedValuesEqualWhatTheDriverReads() throws Exception {
        ConnectionSpec spec = TestDatabases.postgres();
        TestDatabases.execute(spec,
                "CREATE TABLE edge (id int PRIMARY KEY, amount numeric, money numeric(12,4), at timestamp, "
                        + "at_tz timestamptz, day date, span interval, tags text[], doc jsonb)",
                "INSERT INTO edge VALUES "
                        + "(1, 0, 0.0000, '2000-01-01 00:00:00', '2000-01-01 00:00:00+00', '2000-01-01', '1 day', '{a,b}', '{\"b\": 1, \"a\": [1, 2]}'),"
                        + "(2, -0.0001, -12.3400, '1969-12-31 23:59:59.999999', '1900-06-30 12:00:00.5+05:30', '1899-12-31', '-3 hours', '{}', 'null'),"
                        + "(3, 12345678901234567890.123456789, 99999999.9999, '2262-04-11 23:47:16.854775', '2038-01-19 03:14:08+00', '9999-12-31', '1 mon 2 days 03:04:05.6', NULL, '\"text\"'),"
                        + "(4, 1e20, 1, '0044-03-15 12:00:00 BC', NULL, '0044-03-15 BC', NULL, '{\"with space\"}', '[]'),"
                        + "(5, -5, NULL, NULL, '2024-02-29 23:59:59.999999-08', NULL, '0', '{NULL}', '{}'),"
                        + "(6, 10000, 0.5, 'infinity', '-infinity', 'infinity', NULL, NULL, NULL)");

        StreamRef query = new StreamRef("edge", null, "SELECT * FROM edge ORDER BY id", List.of("id"));
        List<Object[]> copied = TestDatabases.readAll(spec, TestDatabases.request(query, 2)).stream()
                .map(ChangeRecord::values).toList();

        List<Object[]> expected = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(spec.url());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM edge ORDER BY id")) {
            while (rows.next()) {
                expected.add(new Object[] {rows.getInt(1), rows.getBigDecimal(2), rows.getBigDecimal(3),
                        rows.getObject(4, LocalDateTime.class), rows.getObject(5, OffsetDateTime.class),
                        rows.getObject(6, LocalDate.class), rows.getString(7), rows.getString(8), rows.getString(9)});
            }
        }
        assertThat(copied).hasSize(6);
        for (int row = 0; row < expected.size(); row++) {
            for (int column = 0; column < expected.get(row).length; column++) {
                Object want = expected.get(row)[column];
                Object got = copied.get(row)[column];
                if (want instanceof BigDecimal decimal) {
                    // equal value and equal scale: 0.0000 stays 0.0000
                    assertThat(got).as("row %d column %d", row + 1, column + 1).isEqualTo(decimal);
                } else {
                    assertThat(got).as("row %d column %d", row + 1, column + 1).isEqualTo(want);
                }
            }
        }
    }
}
