package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every column type through MariaDB and on to the other engines. Two mappings are lossy, on
 * purpose and documented: a timestamp with a zone is stored as UTC in datetime(6) and reads back
 * without a zone; JSON is MariaDB's longtext and reads back as text.
 */
class MariaDbRoundTripTest {
    @TempDir
    Path directory;

    /** Neutral types that come back as another type after a trip through MariaDB. */
    private static final Map<String, ColumnType> LOSSY = Map.of("instant", ColumnType.TIMESTAMP, "document", ColumnType.TEXT);

    /** RoundTripTest's rows without -Infinity, which MariaDB cannot store. */
    private static List<ChangeRecord> storableRows() {
        return RoundTripTest.rows().stream().map(row -> {
            Object[] values = row.values().clone();
            if (values[6] instanceof Float f && f.isInfinite()) {
                values[6] = -3.5f;
            }
            return ChangeRecord.upsert(values);
        }).toList();
    }

    @Test
    void everyTypeSurvivesMariaDbAndMovesOnToPostgresAndSqlite() {
        ConnectionSpec maria = TestDatabases.mariadb();
        List<ChangeRecord> rows = storableRows();

        TestDatabases.write(maria, "all_types", RoundTripTest.SCHEMA, WriteMode.UPSERT, rows);
        StreamSchema read = TestDatabases.schemaOf(maria, "all_types");
        assertThat(read.keyColumns()).containsExactly("id");
        for (Column expected : RoundTripTest.SCHEMA.columns()) {
            Column actual = read.column(expected.name());
            assertThat(actual.type()).as(expected.name()).isEqualTo(LOSSY.getOrDefault(expected.name(), expected.type()));
            if (expected.type() == ColumnType.DECIMAL || expected.type() == ColumnType.STRING) {
                assertThat(actual.precision()).as(expected.name()).isEqualTo(expected.precision());
                assertThat(actual.scale()).as(expected.name()).isEqualTo(expected.scale());
            }
        }
        List<ChangeRecord> fromMaria = TestDatabases.readAll(maria, "all_types");
        assertSameValues(fromMaria, rows);

        for (String kind : List.of("postgresql", "sqlite")) {
            ConnectionSpec other = TestDatabases.of(kind, directory, "from_maria");
            TestDatabases.write(other, "copied", read, WriteMode.UPSERT, fromMaria);
            assertSameValues(TestDatabases.readAll(other, "copied"), rows);
        }
    }

    @Test
    void postgresRowsLandInMariaDbIntact() {
        ConnectionSpec postgres = TestDatabases.postgres();
        List<ChangeRecord> rows = storableRows();
        TestDatabases.write(postgres, "all_types", RoundTripTest.SCHEMA, WriteMode.OVERWRITE, rows);

        ConnectionSpec maria = TestDatabases.mariadb();
        TestDatabases.write(maria, "copied", TestDatabases.schemaOf(postgres, "all_types"), WriteMode.OVERWRITE,
                TestDatabases.readAll(postgres, "all_types"));

        assertSameValues(TestDatabases.readAll(maria, "copied"), rows);
    }

    @Test
    void overwritesLoadThroughLoadDataLocalInfile() throws Exception {
        ConnectionSpec maria = TestDatabases.mariadb();
        long before = loadStatements(maria);
        TestDatabases.write(maria, "all_types", RoundTripTest.SCHEMA, WriteMode.OVERWRITE, storableRows());

        assertThat(loadStatements(maria)).isGreaterThan(before);
        assertSameValues(TestDatabases.readAll(maria, "all_types"), storableRows());
    }

    /** A driver that refuses LOCAL INFILE is found out before any row is sent, and the rows go as INSERTs. */
    @Test
    void overwritesFallBackToInsertsWhenLocalInfileIsRefused() throws Exception {
        ConnectionSpec maria = TestDatabases.mariadb();
        ConnectionSpec refusing = JdbcConnectorFactory.connection("maria", maria.url() + "&allowLocalInfile=false");

        TestDatabases.write(refusing, "all_types", RoundTripTest.SCHEMA, WriteMode.OVERWRITE, storableRows());

        assertSameValues(TestDatabases.readAll(maria, "all_types"), storableRows());
    }

    /**
     * Rows of many batches are loaded a few megabytes at a time, and a bad value in the last batch
     * still fails the whole overwrite before its commit, leaving the old contents.
     */
    @Test
    void largeOverwritesLoadInFewStatementsAndAnyBadRowFailsThemWhole() throws Exception {
        ConnectionSpec maria = TestDatabases.mariadb();
        StreamSchema schema = new StreamSchema("wide", List.of(new Column("id", ColumnType.BIGINT, false, 0, 0),
                new Column("code", ColumnType.STRING, true, 120, 0)), List.of("id"));
        String code = "x".repeat(100);
        TestDatabases.write(maria, "wide", schema, WriteMode.OVERWRITE, List.of(ChangeRecord.upsert(new Object[] {0L, "old"})));
        int batches = 40;
        int perBatch = 2_000;

        long before = loadStatements(maria);
        overwrite(maria, schema, batches, perBatch, code, null);
        long statements = loadStatements(maria) - before;

        assertThat(TestDatabases.readAll(maria, "wide")).hasSize(batches * perBatch);
        assertThat(statements).as("LOAD DATA statements for %d batches", batches).isBetween(2L, 5L);
        assertThatThrownBy(() -> overwrite(maria, schema, batches, perBatch, code, "y".repeat(121)))
                .hasMessageContaining("code");
        assertThat(TestDatabases.readAll(maria, "wide")).hasSize(batches * perBatch);
    }

    /** A writer closed while its LOAD DATA is still open ends the load and rolls it back, leaving the old contents. */
    @Test
    void anOverwriteAbandonedMidLoadLeavesTheOldContents() {
        ConnectionSpec maria = TestDatabases.mariadb();
        StreamSchema schema = new StreamSchema("wide", List.of(new Column("id", ColumnType.BIGINT, false, 0, 0),
                new Column("code", ColumnType.STRING, true, 120, 0)), List.of("id"));
        TestDatabases.write(maria, "wide", schema, WriteMode.OVERWRITE, List.of(ChangeRecord.upsert(new Object[] {0L, "old"})));

        try (dev.ferry.api.Destination destination = TestDatabases.FACTORY.openDestination(maria);
             dev.ferry.api.StreamWriter writer = destination.open(new dev.ferry.api.WriteRequest("wide", schema,
                     WriteMode.OVERWRITE))) {
            for (int b = 0; b < 10; b++) {
                List<ChangeRecord> records = new java.util.ArrayList<>();
                for (int i = 1; i <= 2_000; i++) {
                    records.add(ChangeRecord.upsert(new Object[] {(long) b * 2_000 + i, "z".repeat(100)}));
                }
                writer.write(new dev.ferry.api.RecordBatch(records, null));
            }
        }

        assertThat(TestDatabases.readAll(maria, "wide")).containsExactly(ChangeRecord.upsert(new Object[] {0L, "old"}));
    }

    /** An overwrite of {@code batches} batches; the last row of the last batch gets {@code lastCode} when given. */
    private static void overwrite(ConnectionSpec spec, StreamSchema schema, int batches, int perBatch, String code,
                                  String lastCode) {
        try (dev.ferry.api.Destination destination = TestDatabases.FACTORY.openDestination(spec);
             dev.ferry.api.StreamWriter writer = destination.open(new dev.ferry.api.WriteRequest("wide", schema,
                     WriteMode.OVERWRITE))) {
            for (int b = 0; b < batches; b++) {
                List<ChangeRecord> records = new java.util.ArrayList<>(perBatch);
                for (int i = 0; i < perBatch; i++) {
                    long id = (long) b * perBatch + i + 1;
                    boolean last = b == batches - 1 && i == perBatch - 1;
                    records.add(ChangeRecord.upsert(new Object[] {id, last && lastCode != null ? lastCode : code}));
                }
                writer.write(new dev.ferry.api.RecordBatch(records, null));
            }
            writer.commit();
        }
    }

    private static long loadStatements(ConnectionSpec spec) throws Exception {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(spec.url());
             java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet status = statement.executeQuery("SHOW GLOBAL STATUS LIKE 'Com_load'")) {
            status.next();
            return status.getLong(2);
        }
    }

    /** Upserts go through INSERT statements, overwrites through LOAD DATA: both must refuse. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(WriteMode.class)
    void aValueMariaDbCannotStoreFailsTheWriteInsteadOfChangingIt(WriteMode mode) {
        ConnectionSpec maria = TestDatabases.mariadb();
        StreamSchema schema = new StreamSchema("limits", List.of(new Column("id", ColumnType.BIGINT, false, 0, 0),
                Column.of("ratio", ColumnType.FLOAT), new Column("code", ColumnType.STRING, true, 3, 0)), List.of("id"));
        TestDatabases.write(maria, "limits", schema, mode, List.of(ChangeRecord.upsert(new Object[] {9L, 9f, "old"})));

        assertThatThrownBy(() -> TestDatabases.write(maria, "limits", schema, mode,
                List.of(ChangeRecord.upsert(new Object[] {1L, 1f, "too long"}))))
                .isInstanceOf(RuntimeException.class).hasMessageContaining("code");
        assertThatThrownBy(() -> TestDatabases.write(maria, "limits", schema, mode,
                List.of(ChangeRecord.upsert(new Object[] {2L, Float.NaN, "ok"}))))
                .isInstanceOf(RuntimeException.class);
        assertThat(TestDatabases.readAll(maria, "limits")).containsExactly(ChangeRecord.upsert(new Object[] {9L, 9f, "old"}));
    }

    /** Values as written, with the lossy columns compared as what they became. */
    private static void assertSameValues(List<ChangeRecord> actual, List<ChangeRecord> expected) {
        List<ChangeRecord> sorted = actual.stream().sorted((a, b) -> Long.compare((Long) a.value(0), (Long) b.value(0))).toList();
        assertThat(sorted).hasSameSizeAs(expected);
        for (int r = 0; r < expected.size(); r++) {
            for (int c = 0; c < RoundTripTest.SCHEMA.columns().size(); c++) {
                String name = RoundTripTest.SCHEMA.columns().get(c).name();
                Object want = expected.get(r).value(c);
                Object got = sorted.get(r).value(c);
                String where = "row " + r + " column " + name;
                if (want instanceof OffsetDateTime instant) {
                    assertThat(got).as(where).isEqualTo(instant.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
                } else if (want instanceof byte[] bytes) {
                    assertThat((byte[]) got).as(where).isEqualTo(bytes);
                } else {
                    assertThat(got).as(where).isEqualTo(want);
                }
            }
        }
    }
}
