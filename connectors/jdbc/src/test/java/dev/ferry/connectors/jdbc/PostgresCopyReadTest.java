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

    @Test
    void binaryWritesStoreExactlyWhatTheRecordsHold() throws Exception {
        ConnectionSpec spec = TestDatabases.postgres();
        dev.ferry.api.StreamSchema schema = new dev.ferry.api.StreamSchema("exact", List.of(
                new dev.ferry.api.Column("id", dev.ferry.api.ColumnType.INTEGER, false, 0, 0),
                dev.ferry.api.Column.of("amount", dev.ferry.api.ColumnType.DECIMAL),
                dev.ferry.api.Column.of("at", dev.ferry.api.ColumnType.TIMESTAMP),
                dev.ferry.api.Column.of("day", dev.ferry.api.ColumnType.DATE)), List.of("id"));
        String[] amounts = {"0", "0.0000", "-0.0001", "12345678901234567890.123456789", "1E+20", "10000", "0.5",
                "99999999.9999", "-5", "123456789012345678901234567890", "0.000000001", "-9999.99990"};
        LocalDateTime[] times = {LocalDateTime.of(2000, 1, 1, 0, 0), LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000),
                LocalDateTime.of(-43, 3, 15, 12, 0), LocalDateTime.of(2262, 4, 11, 23, 47, 16, 854_775_000),
                LocalDateTime.MAX, LocalDateTime.MIN, LocalDateTime.of(1999, 12, 31, 23, 59, 59, 1_000),
                LocalDateTime.of(2024, 2, 29, 12, 0), LocalDateTime.of(1900, 1, 1, 0, 0), LocalDateTime.of(1, 1, 1, 0, 0),
                LocalDateTime.of(2100, 1, 1, 0, 0, 0, 500_000), LocalDateTime.of(1970, 1, 1, 0, 0)};
        List<ChangeRecord> records = new ArrayList<>();
        for (int i = 0; i < amounts.length; i++) {
            LocalDate day = times[i] == LocalDateTime.MAX ? LocalDate.MAX
                    : times[i] == LocalDateTime.MIN ? LocalDate.MIN : times[i].toLocalDate();
            records.add(ChangeRecord.upsert(new Object[] {i, new BigDecimal(amounts[i]), times[i], day}));
        }
        TestDatabases.write(spec, "exact", schema, dev.ferry.api.WriteMode.OVERWRITE, records);

        try (Connection connection = DriverManager.getConnection(spec.url());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, amount, at, day FROM exact ORDER BY id")) {
            int count = 0;
            while (rows.next()) {
                Object[] written = records.get(count++).values();
                BigDecimal stored = rows.getBigDecimal(2);
                BigDecimal given = (BigDecimal) written[1];
                assertThat(stored).as("amount %s", given).isEqualByComparingTo(given);
                assertThat(stored.scale()).as("scale of %s", given).isEqualTo(Math.max(given.scale(), 0));
                assertThat(rows.getObject(3, LocalDateTime.class)).as("row %d", count).isEqualTo(written[2]);
                assertThat(rows.getObject(4, LocalDate.class)).as("row %d", count).isEqualTo(written[3]);
            }
            assertThat(count).isEqualTo(amounts.length);
        }
    }

    @Test
    void anExistingTableWithOtherColumnTypesIsWrittenThroughTheTextFormat() {
        ConnectionSpec spec = TestDatabases.postgres();
        TestDatabases.execute(spec, "CREATE TABLE loose (id int4 PRIMARY KEY, amount float8, note varchar(20), doc jsonb)");
        dev.ferry.api.StreamSchema schema = new dev.ferry.api.StreamSchema("loose", List.of(
                new dev.ferry.api.Column("id", dev.ferry.api.ColumnType.BIGINT, false, 0, 0),
                dev.ferry.api.Column.of("amount", dev.ferry.api.ColumnType.DECIMAL),
                dev.ferry.api.Column.of("note", dev.ferry.api.ColumnType.TEXT),
                dev.ferry.api.Column.of("doc", dev.ferry.api.ColumnType.JSON)), List.of("id"));
        for (dev.ferry.api.WriteMode mode : dev.ferry.api.WriteMode.values()) {
            TestDatabases.write(spec, "loose", schema, mode, List.of(
                    ChangeRecord.upsert(new Object[] {7L, new BigDecimal("2.5"), "seven", "{\"a\": 1}"})));
        }
        assertThat(TestDatabases.readAll(spec, "loose")).containsExactly(
                ChangeRecord.upsert(new Object[] {7, 2.5d, "seven", "{\"a\": 1}"}));
    }
}
