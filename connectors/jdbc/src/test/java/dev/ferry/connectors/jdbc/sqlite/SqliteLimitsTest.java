package dev.ferry.connectors.jdbc.sqlite;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.api.RejectedValueException;
import dev.ferry.connectors.jdbc.SqlColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What SQLite holds exactly as Ferry stores it, and what it refuses instead of storing something else. */
class SqliteLimitsTest {
    private static final Column AMOUNT = new Column("amount", ColumnType.DECIMAL, true, 38, 10);
    private static final Column DAY = Column.of("day", ColumnType.DATE);
    private static final Column AT = Column.of("at", ColumnType.TIMESTAMP_TZ);

    @Test
    void wholeNumbersOf64BitsAreBoundAsIntegers() {
        assertThat(SqliteLimits.exactNumber(AMOUNT, new BigDecimal("9223372036854775807.0000000000"))).isEqualTo(Long.MAX_VALUE);
        assertThat(SqliteLimits.exactNumber(AMOUNT, new BigDecimal("-2251799813685247.0000000000"))).isEqualTo(-2251799813685247L);
        assertThat(SqliteLimits.exactNumber(AMOUNT, new BigDecimal("0E-10"))).isEqualTo(0L);
    }

    @Test
    void fifteenSignificantDigitsAreBoundAsTheNearestDouble() {
        assertThat(SqliteLimits.exactNumber(AMOUNT, new BigDecimal("12345678901.2345"))).isEqualTo(12345678901.2345);
        assertThat(SqliteLimits.exactNumber(AMOUNT, new BigDecimal("0.0000000001"))).isEqualTo(1e-10);
        // beyond 64 bits, but one significant digit: the double 1e28 prints back as 1.0e+28
        assertThat(SqliteLimits.exactNumber(AMOUNT, new BigDecimal("1E+28"))).isEqualTo(1e28);
    }

    @ParameterizedTest
    @ValueSource(strings = {"18446744073709551615", "9999999999999999999999999999.9999999999", "123456789012.3456",
            "9223372036854775808", "1E-320", "1.5E+308"})
    void decimalsSqliteNumbersCannotGiveBackAreRefusedNamingTheColumnAndTheTextChoice(String value) {
        assertThatThrownBy(() -> SqliteLimits.exactNumber(AMOUNT, new BigDecimal(value)))
                .isInstanceOfSatisfying(RejectedValueException.class, rejected -> assertThat(rejected.column()).isEqualTo("amount"))
                .hasMessageContaining("decimals: text");
    }

    @Test
    void decimalNanAndInfinitiesAreRefused() {
        for (NonFiniteDecimal special : NonFiniteDecimal.values()) {
            assertThatThrownBy(() -> SqliteLimits.finiteDecimal(AMOUNT, special)).isInstanceOf(RejectedValueException.class)
                    .hasMessageContaining(special.text());
        }
    }

    @Test
    void datesFromYearZeroTo9999AreIsoTextAndOthersAreRefused() {
        assertThat(SqliteLimits.temporal(DAY, LocalDate.of(0, 2, 29))).isEqualTo("0000-02-29");
        assertThat(SqliteLimits.temporal(DAY, LocalDate.of(9999, 12, 31))).isEqualTo("9999-12-31");
        for (Object refused : new Object[] {LocalDate.MAX, LocalDate.MIN, LocalDate.of(-43, 3, 15), LocalDate.of(10_000, 1, 1),
                LocalDateTime.MAX, LocalDateTime.of(-1, 1, 1, 0, 0)}) {
            assertThatThrownBy(() -> SqliteLimits.temporal(DAY, refused)).as(String.valueOf(refused))
                    .isInstanceOfSatisfying(RejectedValueException.class, rejected -> assertThat(rejected.column()).isEqualTo("day"));
        }
    }

    @Test
    void instantsAreCheckedInUtcAsTheyAreStored() {
        assertThat(SqliteLimits.temporal(AT, OffsetDateTime.of(9999, 12, 31, 18, 0, 0, 0, ZoneOffset.ofHours(-5))))
                .isEqualTo("9999-12-31 23:00:00+00:00");
        for (OffsetDateTime refused : new OffsetDateTime[] {OffsetDateTime.MAX, OffsetDateTime.MIN,
                OffsetDateTime.of(9999, 12, 31, 20, 0, 0, 0, ZoneOffset.ofHours(-5))}) {
            assertThatThrownBy(() -> SqliteLimits.temporal(AT, refused)).as(String.valueOf(refused))
                    .isInstanceOf(RejectedValueException.class);
        }
    }

    @Test
    void theTextDecimalTypeHasTextAffinityAndReadsBackAsTheDecimalItWasCreatedFrom() {
        String declared = SqliteTypes.sqlType(AMOUNT, SqliteDialect.Decimals.TEXT);

        assertThat(declared).isEqualTo("DECIMAL_TEXT(38,10)");
        assertThat(SqliteTypes.hasTextAffinity(declared)).isTrue();
        assertThat(SqliteTypes.toColumn(new SqlColumn("amount", declared, 0, 0, true))).isEqualTo(AMOUNT);
        assertThat(SqliteTypes.sqlType(AMOUNT, SqliteDialect.Decimals.NUMBER)).isEqualTo("NUMERIC(38,10)");
        assertThat(SqliteTypes.hasTextAffinity("NUMERIC(38,10)")).isFalse();
        assertThat(SqliteTypes.hasTextAffinity("POINT_TEXT_INT")).as("INT comes first in SQLite's rules").isFalse();
    }
}
