package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Lookback;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteMode;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL's own edge values (date and timestamp infinities, dates before the common era,
 * numeric NaN and infinities) on the paths the type fidelity matrix does not take: text COPY, used
 * when an existing table's types differ from what binary COPY needs, and bound parameters.
 */
class PostgresSpecialValuesTest {
    private static final StreamSchema SCHEMA = new StreamSchema("specials", List.of(
            new Column("id", ColumnType.INTEGER, false, 0, 0),
            Column.of("day", ColumnType.DATE),
            Column.of("at", ColumnType.TIMESTAMP),
            Column.of("at_tz", ColumnType.TIMESTAMP_TZ),
            Column.of("amount", ColumnType.DECIMAL)), List.of("id"));
    private static final List<Object[]> ROWS = List.of(
            new Object[] {1, LocalDate.MAX, LocalDateTime.MAX, OffsetDateTime.MAX, NonFiniteDecimal.NAN},
            new Object[] {2, LocalDate.MIN, LocalDateTime.MIN, OffsetDateTime.MIN, NonFiniteDecimal.POSITIVE_INFINITY},
            new Object[] {3, LocalDate.of(-43, 3, 15), LocalDateTime.of(-43, 3, 15, 12, 0, 0, 500_000_000),
                    OffsetDateTime.of(-4712, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), NonFiniteDecimal.NEGATIVE_INFINITY});

    /** The key column is bigint, not the stream's integer, so the writer falls back to text COPY. */
    @Test
    void textCopyWritesThemBackExactlyByOverwriteAndByUpsert() {
        ConnectionSpec spec = TestDatabases.postgres();
        for (WriteMode mode : WriteMode.values()) {
            String table = "specials_" + mode.name().toLowerCase(java.util.Locale.ROOT);
            TestDatabases.execute(spec, "CREATE TABLE " + table
                    + " (id bigint PRIMARY KEY, day date, at timestamp, at_tz timestamptz, amount numeric)");

            TestDatabases.write(spec, table, SCHEMA, mode, ROWS.stream().map(ChangeRecord::upsert).toList());

            List<Object[]> copied = TestDatabases.readAll(spec, table).stream()
                    .map(record -> Arrays.copyOfRange(record.values(), 1, 5)).toList();
            assertThat(copied).as(mode.toString())
                    .containsExactlyElementsOf(ROWS.stream().map(row -> Arrays.copyOfRange(row, 1, 5)).toList());
        }
    }

    /**
     * No PostgreSQL text type holds a NUL character. The server's refusal of a COPY names only a line
     * of it; Ferry refuses the value first, naming the table, the column and the row, on both COPY paths.
     */
    @Test
    void textWithANulCharacterIsRefusedNamingTheColumnAndRowOnBinaryAndTextCopy() {
        ConnectionSpec spec = TestDatabases.postgres();
        StreamSchema schema = new StreamSchema("notes", List.of(new Column("id", ColumnType.INTEGER, false, 0, 0),
                Column.of("note", ColumnType.TEXT)), List.of("id"));
        List<ChangeRecord> rows = List.of(ChangeRecord.upsert(new Object[] {1, "fine"}),
                ChangeRecord.upsert(new Object[] {2, "nul\u0000byte"}));
        // bigint instead of the stream's integer: the writer takes text COPY for this table
        TestDatabases.execute(spec, "CREATE TABLE notes_text (id bigint PRIMARY KEY, note text)");
        for (WriteMode mode : WriteMode.values()) {
            for (String table : List.of("notes_binary_" + mode.name().toLowerCase(java.util.Locale.ROOT), "notes_text")) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestDatabases.write(spec, table, schema, mode, rows))
                        .as("%s into %s", mode, table)
                        .isInstanceOf(dev.ferry.api.RejectedValueException.class)
                        .hasMessageContaining("table " + table + ", column note, row id=2")
                        .hasMessageContaining("NUL character (0x00)");
            }
        }
    }

    /** A bound below the common era selects from there, through pgjdbc's own BC parameters, and infinity sorts last. */
    @Test
    void anIncrementalReadBoundBeforeTheCommonEraSelectsFromThere() {
        ConnectionSpec spec = TestDatabases.postgres();
        TestDatabases.execute(spec, "CREATE TABLE events (id int PRIMARY KEY, at timestamp, amount numeric)",
                "INSERT INTO events VALUES (1, '0044-03-15 12:00:00 BC', 'NaN'), (2, '0010-01-01 00:00:00 BC', 1.5),"
                        + " (3, '2020-01-01 00:00:00', 'Infinity'), (4, 'infinity', '-Infinity')");
        StreamRef stream = StreamRef.ofObject("events", "events");

        List<ChangeRecord> read = TestDatabases.readAll(spec, new ReadRequest(stream, List.of(), "at",
                new Checkpoint.CursorValue("at", ColumnType.TIMESTAMP, LocalDateTime.of(-9, 1, 1, 0, 0)), Lookback.NONE, 2));

        assertThat(read).containsExactly(
                ChangeRecord.upsert(new Object[] {2, LocalDateTime.of(-9, 1, 1, 0, 0), new java.math.BigDecimal("1.5")}),
                ChangeRecord.upsert(new Object[] {3, LocalDateTime.of(2020, 1, 1, 0, 0), NonFiniteDecimal.POSITIVE_INFINITY}),
                ChangeRecord.upsert(new Object[] {4, LocalDateTime.MAX, NonFiniteDecimal.NEGATIVE_INFINITY}));
    }

    /** PostgreSQL sorts numeric NaN above every number, so it can be the highest cursor value a read sees, and the next read's bound. */
    @Test
    void aNumericCursorCanReachNaNAndResumeFromIt() {
        ConnectionSpec spec = TestDatabases.postgres();
        TestDatabases.execute(spec, "CREATE TABLE readings (id int PRIMARY KEY, amount numeric)",
                "INSERT INTO readings VALUES (1, -1.5), (2, 'NaN'), (3, 'Infinity')");
        StreamRef stream = StreamRef.ofObject("readings", "readings");

        List<dev.ferry.api.RecordBatch> first = TestDatabases.batches(spec, new ReadRequest(stream, List.of(), "amount",
                null, Lookback.NONE, 10));
        Checkpoint highest = first.getLast().checkpoint();
        List<ChangeRecord> again = TestDatabases.readAll(spec, new ReadRequest(stream, List.of(), "amount", highest,
                new Lookback.Amount(java.math.BigDecimal.ONE), 10));

        assertThat(highest).isEqualTo(new Checkpoint.CursorValue("amount", ColumnType.DECIMAL, NonFiniteDecimal.NAN));
        assertThat(again).containsExactly(ChangeRecord.upsert(new Object[] {2, NonFiniteDecimal.NAN}));
    }
}
