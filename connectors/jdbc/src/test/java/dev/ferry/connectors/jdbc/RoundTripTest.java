package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every column type, written and read back through each dialect, then moved to the other one. */
class RoundTripTest {
    @TempDir
    Path directory;

    static final StreamSchema SCHEMA = new StreamSchema("all_types", List.of(
            new Column("id", ColumnType.BIGINT, false, 0, 0),
            Column.of("flag", ColumnType.BOOLEAN),
            Column.of("small", ColumnType.SMALLINT),
            Column.of("medium", ColumnType.INTEGER),
            Column.of("big", ColumnType.BIGINT),
            new Column("amount", ColumnType.DECIMAL, true, 14, 2),
            Column.of("ratio", ColumnType.FLOAT),
            Column.of("measure", ColumnType.DOUBLE),
            Column.of("day", ColumnType.DATE),
            Column.of("clock", ColumnType.TIME),
            Column.of("moment", ColumnType.TIMESTAMP),
            Column.of("instant", ColumnType.TIMESTAMP_TZ),
            new Column("code", ColumnType.STRING, true, 20, 0),
            Column.of("notes", ColumnType.TEXT),
            Column.of("payload", ColumnType.BINARY),
            Column.of("document", ColumnType.JSON),
            Column.of("token", ColumnType.UUID)), List.of("id"));

    static List<ChangeRecord> rows() {
        List<ChangeRecord> rows = new ArrayList<>();
        rows.add(ChangeRecord.upsert(new Object[] {1L, true, (short) -32768, Integer.MAX_VALUE, Long.MIN_VALUE,
                new BigDecimal("123456789012.34"), 1.5f, 2.718281828459045,
                LocalDate.of(2024, 2, 29), LocalTime.of(23, 59, 58, 123_456_000),
                LocalDateTime.of(2009, 1, 1, 0, 0), OffsetDateTime.of(2024, 1, 1, 12, 30, 0, 1000, ZoneOffset.ofHours(-5)),
                "F-0000000001", "tab\there\nnew line\\ back \r ünïcödé 😀 \"quoted\" 'single'",
                new byte[] {0, 1, (byte) 0xff, 92, 9, 10}, "{\"a\": [1, 2.50, \"x\"], \"b\": null}",
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000")}));
        rows.add(ChangeRecord.upsert(new Object[] {2L, false, (short) 7, -1, 42L, new BigDecimal("0.10"),
                Float.NEGATIVE_INFINITY, -0.000123, LocalDate.of(1970, 1, 1), LocalTime.MIDNIGHT,
                LocalDateTime.of(2024, 12, 31, 23, 59, 59, 999_999_000), OffsetDateTime.of(1999, 12, 31, 23, 0, 0, 0, ZoneOffset.UTC),
                "", "", new byte[0], "1e5", UUID.fromString("00000000-0000-0000-0000-000000000000")}));
        Object[] nulls = new Object[SCHEMA.columns().size()];
        nulls[0] = 3L;
        rows.add(ChangeRecord.upsert(nulls));
        return rows;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"postgresql, postgresql", "sqlite, sqlite", "postgresql, sqlite", "sqlite, postgresql"})
    void everyTypeSurvivesBothDialects(String from, String to) {
        ConnectionSpec first = TestDatabases.of(from, directory, "first");
        ConnectionSpec second = TestDatabases.of(to, directory, "second");

        TestDatabases.write(first, "all_types", SCHEMA, WriteMode.UPSERT, rows());
        StreamSchema firstSchema = TestDatabases.schemaOf(first, "all_types");
        List<ChangeRecord> firstRead = TestDatabases.readAll(first, "all_types");
        assertSameTypes(firstSchema);
        assertSameValues(firstRead, rows());

        TestDatabases.write(second, "copied", firstSchema, WriteMode.UPSERT, firstRead);
        assertSameTypes(TestDatabases.schemaOf(second, "copied"));
        assertSameValues(TestDatabases.readAll(second, "copied"), rows());
    }

    private static void assertSameTypes(StreamSchema read) {
        assertThat(read.keyColumns()).containsExactly("id");
        for (Column expected : SCHEMA.columns()) {
            Column actual = read.column(expected.name());
            assertThat(actual.type()).as(expected.name()).isEqualTo(expected.type());
            if (expected.type() == ColumnType.DECIMAL || expected.type() == ColumnType.STRING) {
                assertThat(actual.precision()).as(expected.name()).isEqualTo(expected.precision());
                assertThat(actual.scale()).as(expected.name()).isEqualTo(expected.scale());
            }
        }
        assertThat(read.column("id").nullable()).isFalse();
    }

    static void assertSameValues(List<ChangeRecord> actual, List<ChangeRecord> expected) {
        List<ChangeRecord> sorted = actual.stream().sorted((a, b) -> Long.compare((Long) a.value(0), (Long) b.value(0))).toList();
        assertThat(sorted).hasSameSizeAs(expected);
        for (int r = 0; r < expected.size(); r++) {
            for (int c = 0; c < SCHEMA.columns().size(); c++) {
                Column column = SCHEMA.columns().get(c);
                Object want = expected.get(r).value(c);
                Object got = sorted.get(r).value(c);
                String where = "row " + r + " column " + column.name();
                if (want == null) {
                    assertThat(got).as(where).isNull();
                    continue;
                }
                assertThat(got).as(where).isInstanceOf(column.type().javaType());
                switch (want) {
                    case OffsetDateTime instant -> assertThat(((OffsetDateTime) got).isEqual(instant)).as(where + ": " + got).isTrue();
                    case byte[] bytes -> assertThat((byte[]) got).as(where).isEqualTo(bytes);
                    case String text when column.type() == ColumnType.JSON -> assertThat(got).as(where).isEqualTo(text);
                    default -> assertThat(got).as(where).isEqualTo(want);
                }
            }
        }
        assertThat(new String((byte[]) sorted.get(0).value(14), StandardCharsets.ISO_8859_1)).hasSize(6);
    }
}
