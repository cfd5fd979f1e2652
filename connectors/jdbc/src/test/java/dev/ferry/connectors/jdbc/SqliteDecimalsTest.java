package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A SQLite destination keeps decimals as the connection chooses ({@code decimals: number | text}),
 * and never as something else: what its numbers cannot give back is refused with the row named,
 * whatever the choice, when the column itself would turn text into a number.
 */
class SqliteDecimalsTest {
    private static final StreamSchema SCHEMA = new StreamSchema("amounts", List.of(
            new Column("id", ColumnType.BIGINT, false, 0, 0),
            new Column("amount", ColumnType.DECIMAL, true, 38, 10),
            new Column("unsigned_max", ColumnType.DECIMAL, true, 20, 0)), List.of("id"));
    private static final Object[] EXACT = {1L, new BigDecimal("9999999999999999999999999999.9999999999"),
            new BigDecimal("18446744073709551615")};

    @TempDir
    Path directory;

    private ConnectionSpec sqlite(String decimals) {
        ConnectionSpec spec = TestDatabases.sqlite(directory, "target");
        return new ConnectionSpec(spec.name(), spec.type(), spec.url(), null, null, Map.of(),
                decimals == null ? Map.of() : Map.of(ConnectionSpec.DECIMALS, decimals));
    }

    @Test
    void withTextDecimalsEveryDigitArrivesAndTheColumnsReadBackAsTheirDecimalTypes() {
        ConnectionSpec text = sqlite("text");

        for (WriteMode mode : WriteMode.values()) {
            TestDatabases.write(text, "amounts_" + mode, SCHEMA, mode, List.of(ChangeRecord.upsert(EXACT)));

            assertThat(TestDatabases.readAll(text, "amounts_" + mode)).containsExactly(ChangeRecord.upsert(EXACT));
            assertThat(TestDatabases.schemaOf(text, "amounts_" + mode).columns()).isEqualTo(SCHEMA.columns());
        }
    }

    @Test
    void byDefaultADecimalSqliteNumbersCannotGiveBackFailsItsRowNamingTableColumnAndKey() {
        ConnectionSpec numbers = sqlite(null);
        Object[] fits = {1L, new BigDecimal("12345678901.2345000000"), new BigDecimal("9223372036854775807")};
        Object[] unsignedMax = {2L, new BigDecimal("12345678901.2345000000"), new BigDecimal("18446744073709551615")};

        TestDatabases.write(numbers, "amounts", SCHEMA, WriteMode.UPSERT, List.of(ChangeRecord.upsert(fits)));
        assertThatThrownBy(() -> TestDatabases.write(numbers, "amounts", SCHEMA, WriteMode.UPSERT,
                List.of(ChangeRecord.upsert(unsignedMax))))
                .isInstanceOf(RejectedValueException.class)
                .hasMessageStartingWith("table amounts, column unsigned_max, row id=2: ");

        assertThat(TestDatabases.readAll(numbers, "amounts")).containsExactly(ChangeRecord.upsert(fits));
    }

    /**
     * Choosing text later does not change a table made before: its NUMERIC columns would still turn
     * text into doubles, so the writer binds by the table's own column types and refuses there.
     */
    @Test
    void textDecimalsIntoATableWhoseColumnsAreNumbersStillRefuseWhatTheyCannotHold() {
        TestDatabases.write(sqlite(null), "amounts", SCHEMA, WriteMode.UPSERT, List.of());

        assertThatThrownBy(() -> TestDatabases.write(sqlite("text"), "amounts", SCHEMA, WriteMode.UPSERT,
                List.of(ChangeRecord.upsert(EXACT))))
                .isInstanceOf(RejectedValueException.class)
                .hasMessageStartingWith("table amounts, column amount, row id=1: ");
    }

    /**
     * Digits kept as text still compare and sort as numbers when they are an incremental cursor:
     * as text, '10.0' would sort before '9.5' and a read resuming from 9.5 would skip it.
     */
    @Test
    void aTextDecimalCursorReadsInNumericOrderAndResumesFromADecimalSqliteNumbersCannotHold() {
        ConnectionSpec text = sqlite("text");
        StreamSchema schema = new StreamSchema("ledger", List.of(new Column("id", ColumnType.BIGINT, false, 0, 0),
                new Column("amount", ColumnType.DECIMAL, true, 20, 4)), List.of("id"));
        List<ChangeRecord> rows = List.of(
                ChangeRecord.upsert(new Object[] {1L, new BigDecimal("123456789012.3456")}),
                ChangeRecord.upsert(new Object[] {2L, new BigDecimal("10.0000")}),
                ChangeRecord.upsert(new Object[] {3L, new BigDecimal("9.5000")}),
                ChangeRecord.upsert(new Object[] {4L, new BigDecimal("-20.0000")}));
        TestDatabases.write(text, "ledger", schema, WriteMode.UPSERT, rows);
        dev.ferry.api.StreamRef stream = dev.ferry.api.StreamRef.ofObject("ledger", "ledger");

        List<dev.ferry.api.RecordBatch> fromNine = TestDatabases.batches(TestDatabases.sqlite(directory, "target"),
                new dev.ferry.api.ReadRequest(stream, List.of(), "amount", new dev.ferry.api.Checkpoint.CursorValue("amount",
                        ColumnType.DECIMAL, new BigDecimal("9.5000")), dev.ferry.api.Lookback.NONE, 10));
        dev.ferry.api.Checkpoint highest = fromNine.getLast().checkpoint();

        assertThat(fromNine.stream().flatMap(batch -> batch.records().stream()).toList())
                .containsExactly(rows.get(2), rows.get(1), rows.getFirst());
        assertThat(TestDatabases.readAll(TestDatabases.sqlite(directory, "target"), new dev.ferry.api.ReadRequest(stream,
                List.of(), "amount", highest, dev.ferry.api.Lookback.NONE, 10))).containsExactly(rows.getFirst());
    }
}
