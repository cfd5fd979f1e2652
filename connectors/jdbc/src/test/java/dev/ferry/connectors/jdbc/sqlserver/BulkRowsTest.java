package dev.ferry.connectors.jdbc.sqlserver;

import com.microsoft.sqlserver.jdbc.SQLServerBulkCopyOptions;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.connectors.jdbc.RowLocator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The adapter the driver's bulk copy reads a batch through: what it declares per column and what it sends. */
class BulkRowsTest {
    /** One column of every engine type, with the destination type a table Ferry created would have. */
    private static final List<Column> COLUMNS = List.of(
            new Column("flag", ColumnType.BOOLEAN, true, 0, 0),
            new Column("small", ColumnType.SMALLINT, true, 0, 0),
            new Column("int", ColumnType.INTEGER, true, 0, 0),
            new Column("big", ColumnType.BIGINT, false, 0, 0),
            new Column("real", ColumnType.FLOAT, true, 0, 0),
            new Column("double", ColumnType.DOUBLE, true, 0, 0),
            new Column("amount", ColumnType.DECIMAL, true, 14, 2),
            new Column("day", ColumnType.DATE, true, 0, 0),
            new Column("time", ColumnType.TIME, true, 0, 0),
            new Column("at", ColumnType.TIMESTAMP, true, 0, 0),
            new Column("legacy at", ColumnType.TIMESTAMP, true, 0, 0),
            new Column("at tz", ColumnType.TIMESTAMP_TZ, true, 0, 0),
            new Column("code", ColumnType.STRING, true, 12, 0),
            new Column("note", ColumnType.TEXT, true, 0, 0),
            new Column("doc", ColumnType.JSON, true, 0, 0),
            new Column("photo", ColumnType.BINARY, true, 0, 0),
            new Column("hash", ColumnType.BINARY, true, 32, 0),
            new Column("ref", ColumnType.UUID, true, 0, 0));
    private static final List<String> DESTINATION_TYPES = List.of("bit", "smallint", "int", "bigint", "real", "float",
            "decimal", "date", "time", "datetime2", "datetime", "datetimeoffset", "nvarchar", "nvarchar", "nvarchar",
            "varbinary", "varbinary", "uniqueidentifier");

    private static BulkRows rows(List<Object[]> rows) {
        List<BulkColumn> columns = new ArrayList<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            columns.add(BulkColumn.of(COLUMNS.get(i), DESTINATION_TYPES.get(i)));
        }
        return new BulkRows(columns, rows, new RowLocator("dbo.t", new StreamSchema("t", COLUMNS, List.of("big"))));
    }

    @Test
    void declaresEveryColumnInOrderWithItsTdsTypeAndLength() {
        BulkRows batch = rows(List.of());

        assertThat(batch.getColumnOrdinals()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18);
        List<String> names = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        List<Integer> precisions = new ArrayList<>();
        for (int column : batch.getColumnOrdinals()) {
            names.add(batch.getColumnName(column));
            types.add(batch.getColumnType(column));
            precisions.add(batch.getPrecision(column));
            assertThat(batch.getScale(column)).isZero();
        }
        assertThat(names).containsExactly("flag", "small", "int", "big", "real", "double", "amount", "day", "time", "at",
                "legacy at", "at tz", "code", "note", "doc", "photo", "hash", "ref");
        assertThat(types).containsExactly(Types.BIT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL,
                Types.DOUBLE, Types.NVARCHAR, Types.NVARCHAR, Types.NVARCHAR, Types.NVARCHAR, Types.NVARCHAR,
                Types.NVARCHAR, Types.NVARCHAR, Types.NVARCHAR, Types.NVARCHAR, Types.VARBINARY, Types.VARBINARY,
                Types.NVARCHAR);
        // 0 lets the driver take the destination column's length; text of numbers and times gets room of its own
        assertThat(precisions).containsExactly(0, 0, 0, 0, 0, 0, 4000, 40, 40, 40, 40, 40, 0, 0, 0, 8000, 32, 36);
    }

    @Test
    void sendsNumbersAsTheyAreAndDecimalsTimesAndUuidsAsText() {
        byte[] photo = {1, 2, 3};
        UUID ref = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
        Object[] full = {true, (short) -7, 42, 9_000_000_000L, 1.5f, 2.25d, new BigDecimal("-1234567890.10"),
                LocalDate.of(2024, 2, 29), LocalTime.of(8, 30, 0, 250_000_000),
                LocalDateTime.of(2024, 3, 31, 2, 30, 0, 123_456_789), LocalDateTime.of(2024, 3, 31, 2, 30, 0, 123_456_789),
                OffsetDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneOffset.ofHours(-3)), "C000123", "línea\nnueva",
                "{\"a\": [1, 2]}", photo, new byte[32], ref};
        Object[] empty = new Object[COLUMNS.size()];
        empty[3] = 1L;
        BulkRows batch = rows(List.of(full, empty));

        assertThat(batch.next()).isTrue();
        assertThat(batch.getRowData()).containsExactly(true, (short) -7, 42, 9_000_000_000L, 1.5f, 2.25d,
                "-1234567890.10", "20240229", "08:30:00.25", "2024-03-31T02:30:00.1234567",
                "2024-03-31T02:30:00.123", "2024-03-31T02:30:00-03:00", "C000123", "línea\nnueva", "{\"a\": [1, 2]}",
                photo, new byte[32], "0f8fad5b-d9cb-469f-a165-70867728950e");
        assertThat(batch.next()).isTrue();
        Object[] nulls = new Object[COLUMNS.size()];
        nulls[3] = 1L;
        assertThat(batch.getRowData()).containsExactly(nulls);
        assertThat(batch.next()).isFalse();
        assertThat(batch.next()).isFalse();
    }

    @Test
    void aDecimalKeepsEveryDigitAndNeverUsesAnExponent() {
        BulkColumn whole = BulkColumn.of(new Column("amount", ColumnType.DECIMAL, true, 38, 0), "decimal");
        BulkColumn fraction = BulkColumn.of(new Column("rate", ColumnType.DECIMAL, true, 38, 18), "decimal");

        assertThat(whole.encode(new BigDecimal("1E+30"))).isEqualTo("1000000000000000000000000000000");
        assertThat(fraction.encode(new BigDecimal("0.000000012345678901"))).isEqualTo("0.000000012345678901");
    }

    /**
     * An unbounded decimal is created as decimal(38,10): SQL Server would round an eleventh
     * decimal without a word, and refuse a 29th integer digit naming no row. Both are refused here.
     */
    @Test
    void aDecimalTheCreatedColumnWouldRoundOrOverflowIsRefused() {
        BulkColumn amount = BulkColumn.of(new Column("amount", ColumnType.DECIMAL, true, 0, 0), "decimal");

        assertThat(amount.encode(new BigDecimal("-9999999999999999999999999999.9999999999000")))
                .isEqualTo("-9999999999999999999999999999.9999999999000");
        for (String refused : new String[] {"0.12345678901", "10000000000000000000000000000"}) {
            assertThatThrownBy(() -> amount.encode(new BigDecimal(refused))).as(refused)
                    .isInstanceOf(RejectedValueException.class).hasMessageContaining("decimal(38,10)");
        }
    }

    @Test
    void timestampsGoingIntoSmalldatetimeKeepWholeSeconds() {
        BulkColumn at = BulkColumn.of(Column.of("at", ColumnType.TIMESTAMP), "smalldatetime");

        assertThat(at.encode(LocalDateTime.of(2024, 1, 1, 10, 0, 29, 999_000_000))).isEqualTo("2024-01-01T10:00:29");
        assertThat(BulkColumn.of(Column.of("at", ColumnType.TIMESTAMP), "DATETIME").fractionDigits()).isEqualTo(3);
        assertThat(BulkColumn.of(Column.of("at", ColumnType.TIMESTAMP), null).fractionDigits()).isEqualTo(7);
    }

    /**
     * date and datetime2 run from year 1 to 9999, datetimeoffset in UTC too, and decimal has no NaN:
     * such values are refused while the row is encoded, naming table, column and key, instead of
     * failing the whole bulk copy in the server with a message that names no row.
     */
    @Test
    void valuesSqlServerCannotHoldAreRefusedNamingTableColumnAndKey() {
        Object[][] refused = {
                {7, LocalDate.of(-43, 3, 15), "day"},
                {7, LocalDate.MAX, "day"},
                {9, LocalDateTime.of(10_000, 1, 1, 0, 0), "at"},
                {9, LocalDateTime.MIN, "at"},
                {11, OffsetDateTime.of(1, 1, 1, 0, 30, 0, 0, ZoneOffset.ofHours(1)), "at tz"},
                {11, OffsetDateTime.MAX, "at tz"},
                {6, NonFiniteDecimal.NAN, "amount"},
                {6, NonFiniteDecimal.NEGATIVE_INFINITY, "amount"}};
        for (Object[] value : refused) {
            Object[] row = new Object[COLUMNS.size()];
            row[3] = 42L;
            row[(Integer) value[0]] = value[1];
            BulkRows batch = rows(List.<Object[]>of(row));
            batch.next();

            RejectedValueException rejected = catchThrowableOfType(RejectedValueException.class, batch::getRowData);

            assertThat(rejected).as(String.valueOf(value[1])).isNotNull();
            assertThat(List.of(rejected.table(), rejected.column(), rejected.key())).as(String.valueOf(value[1]))
                    .containsExactly("dbo.t", (String) value[2], "big=42");
        }
    }

    @Test
    void yearsOneAndNineThousandNineHundredNinetyNineStillGo() {
        BulkColumn day = BulkColumn.of(Column.of("day", ColumnType.DATE), "date");

        assertThat(day.encode(LocalDate.of(1, 1, 1))).isEqualTo("00010101");
        assertThat(day.encode(LocalDate.of(9999, 12, 31))).isEqualTo("99991231");
    }

    @Test
    void anEmptyBatchHasNoRows() {
        assertThat(rows(List.of()).next()).isFalse();
    }

    @Test
    void bulkCopyOptionsKeepNullsAndBehaveLikeInsertsIntoTheTable() throws Exception {
        SQLServerBulkCopyOptions table = SqlServerBulkApplier.options(true);
        SQLServerBulkCopyOptions staging = SqlServerBulkApplier.options(false);

        assertThat(table.isKeepNulls()).isTrue();
        assertThat(table.isCheckConstraints()).isTrue();
        assertThat(table.isFireTriggers()).isTrue();
        assertThat(table.isTableLock()).isFalse();
        assertThat(table.getBulkCopyTimeout()).isZero();
        assertThat(table.isUseInternalTransaction()).as("joins the writer's transaction").isFalse();
        assertThat(staging.isKeepNulls()).isTrue();
        assertThat(staging.isTableLock()).isTrue();
        assertThat(staging.isCheckConstraints()).isFalse();
        assertThat(staging.isFireTriggers()).isFalse();
        assertThat(staging.getBulkCopyTimeout()).isZero();
    }
}
