package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.api.RejectedValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The values MariaDB cannot hold, refused the same way by LOAD DATA and by bound statements. */
class MariaDbLimitsTest {
    private static final Column TOKEN = Column.of("token", ColumnType.UUID);
    private static final Column DAY = Column.of("day", ColumnType.DATE);

    /**
     * Measured on MariaDB 10.11.19 (version nibble x, first nibble of the fourth group y, in
     * {@code 7fffffff-ffff-xfff-y000-000000000000}): refused exactly when x is 8 to f and y is 1 to 8.
     */
    @ParameterizedTest
    @CsvSource({"0,0,true", "0,8,true", "7,1,true", "7,8,true", "8,0,true", "8,1,false", "8,4,false", "8,8,false",
            "8,9,true", "8,a,true", "f,2,false", "f,8,false", "f,9,true", "f,f,true"})
    void uuidsAreRefusedExactlyWhereMariaDbRefusesThem(char version, char variant, boolean accepted) {
        UUID uuid = UUID.fromString("7fffffff-ffff-" + version + "fff-" + variant + "000-000000000000");
        if (accepted) {
            assertThat(MariaDbLimits.uuid(TOKEN, uuid)).isEqualTo(uuid);
        } else {
            assertThatThrownBy(() -> MariaDbLimits.uuid(TOKEN, uuid))
                    .isInstanceOfSatisfying(RejectedValueException.class, rejected -> assertThat(rejected.column()).isEqualTo("token"));
        }
    }

    @Test
    void datesRunFromYearOneTo9999WithoutInfinities() {
        assertThat(MariaDbLimits.date(DAY, LocalDate.of(1, 1, 1))).isEqualTo(LocalDate.of(1, 1, 1));
        assertThat(MariaDbLimits.date(DAY, LocalDate.of(9999, 12, 31))).isEqualTo(LocalDate.of(9999, 12, 31));
        for (LocalDate refused : new LocalDate[] {LocalDate.MAX, LocalDate.MIN, LocalDate.of(0, 6, 1), LocalDate.of(-43, 3, 15),
                LocalDate.of(10_000, 1, 1)}) {
            assertThatThrownBy(() -> MariaDbLimits.date(DAY, refused)).as(refused.toString()).isInstanceOf(RejectedValueException.class);
        }
        assertThatThrownBy(() -> MariaDbLimits.dateTime(DAY, LocalDateTime.of(-43, 3, 15, 12, 0)))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("before 1 AD");
    }

    @Test
    void instantsAreCheckedAsTheUtcDateTimesStored() {
        assertThat(MariaDbLimits.utcDateTime(DAY, OffsetDateTime.of(1, 1, 1, 5, 0, 0, 0, ZoneOffset.ofHours(5))))
                .isEqualTo(LocalDateTime.of(1, 1, 1, 0, 0));
        assertThatThrownBy(() -> MariaDbLimits.utcDateTime(DAY, OffsetDateTime.of(1, 1, 1, 0, 30, 0, 0, ZoneOffset.ofHours(1))))
                .isInstanceOf(RejectedValueException.class);
        assertThatThrownBy(() -> MariaDbLimits.utcDateTime(DAY, OffsetDateTime.MAX)).isInstanceOf(RejectedValueException.class)
                .hasMessageContaining("infinity");
    }

    /** MariaDB would round a 31st decimal with only a note, and refuse a 36th integer digit naming no row. */
    @Test
    void decimalsMustFitTheColumnFerryCreates() {
        Column unbounded = Column.of("amount", ColumnType.DECIMAL);
        Column money = new Column("price", ColumnType.DECIMAL, true, 14, 2);

        assertThat(MariaDbLimits.decimal(unbounded, new java.math.BigDecimal("12345678901234567890123456789012345.123456789012345678901234567890")))
                .isNotNull();
        assertThat(MariaDbLimits.decimal(money, new java.math.BigDecimal("-999999999999.990"))).isNotNull();
        for (Object[] refused : new Object[][] {{unbounded, "0.1234567890123456789012345678901"},
                {unbounded, "123456789012345678901234567890123456"}, {money, "0.125"}, {money, "1000000000000"}}) {
            assertThatThrownBy(() -> MariaDbLimits.decimal((Column) refused[0], new java.math.BigDecimal((String) refused[1])))
                    .as((String) refused[1]).isInstanceOf(RejectedValueException.class).hasMessageContaining("without rounding");
        }
    }

    @Test
    void decimalNanAndInfinitiesAndNonFiniteFloatsAreRefused() {
        assertThatThrownBy(() -> MariaDbLimits.decimal(DAY, NonFiniteDecimal.NAN)).isInstanceOf(RejectedValueException.class);
        assertThatThrownBy(() -> MariaDbLimits.finite(DAY, Double.NEGATIVE_INFINITY)).isInstanceOf(RejectedValueException.class);
    }
}
