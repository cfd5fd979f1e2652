package dev.ferry.connectors.jdbc.sqlserver;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlServerTemporalTest {

    @Test
    void datesAreUnseparatedSoNoDateFormatCanSwapDayAndMonth() {
        assertThat(SqlServerTemporal.format(LocalDate.of(2024, 1, 2), 7)).isEqualTo("20240102");
        assertThat(SqlServerTemporal.format(LocalDate.of(1, 12, 31), 7)).isEqualTo("00011231");
    }

    @Test
    void timestampsAreIsoWithATAndAtMostSevenDigits() {
        assertThat(SqlServerTemporal.format(LocalDateTime.of(2024, 3, 31, 2, 30), 7)).isEqualTo("2024-03-31T02:30:00");
        assertThat(SqlServerTemporal.format(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 120_000_000), 7))
                .isEqualTo("2024-01-02T03:04:05.12");
        assertThat(SqlServerTemporal.format(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_789), 7))
                .isEqualTo("2024-01-02T03:04:05.1234567");
        assertThat(SqlServerTemporal.format(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 100), 7))
                .isEqualTo("2024-01-02T03:04:05.0000001");
        assertThat(SqlServerTemporal.format(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 99), 7))
                .as("below 100 ns is cut, not rounded").isEqualTo("2024-01-02T03:04:05");
    }

    @Test
    void aDatetimeDestinationGetsMillisecondsCutNotRounded() {
        assertThat(SqlServerTemporal.format(LocalDateTime.of(2024, 12, 31, 23, 59, 59, 999_900_000), 3))
                .isEqualTo("2024-12-31T23:59:59.999");
        assertThat(SqlServerTemporal.format(LocalDateTime.of(2024, 1, 1, 0, 0, 0, 7_000_000), 3))
                .isEqualTo("2024-01-01T00:00:00.007");
        assertThat(SqlServerTemporal.format(LocalDateTime.of(2024, 1, 1, 0, 0, 29, 500_000_000), 0))
                .isEqualTo("2024-01-01T00:00:29");
    }

    @Test
    void times() {
        assertThat(SqlServerTemporal.format(LocalTime.of(13, 45), 7)).isEqualTo("13:45:00");
        assertThat(SqlServerTemporal.format(LocalTime.of(0, 0, 1, 500_000_000), 7)).isEqualTo("00:00:01.5");
        assertThat(SqlServerTemporal.format(LocalTime.MAX, 7)).isEqualTo("23:59:59.9999999");
    }

    @Test
    void offsetsAreHoursAndMinutes() {
        assertThat(SqlServerTemporal.format(OffsetDateTime.of(2024, 6, 1, 10, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)), 7))
                .isEqualTo("2024-06-01T10:00:00+05:30");
        assertThat(SqlServerTemporal.format(OffsetDateTime.of(2024, 6, 1, 10, 0, 0, 250_000_000, ZoneOffset.ofHours(-4)), 7))
                .isEqualTo("2024-06-01T10:00:00.25-04:00");
        assertThat(SqlServerTemporal.format(OffsetDateTime.of(2024, 6, 1, 10, 0, 0, 0, ZoneOffset.UTC), 7))
                .isEqualTo("2024-06-01T10:00:00+00:00");
    }

    @Test
    void anOffsetWithSecondsBecomesTheSameInstantInUtc() {
        OffsetDateTime lisbon1900 = OffsetDateTime.of(1900, 1, 1, 12, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(0, -36, -45));

        assertThat(SqlServerTemporal.format(lisbon1900, 7)).isEqualTo("1900-01-01T12:36:45+00:00");
    }

    @Test
    void refusesWhatIsNotADateOrTime() {
        assertThatThrownBy(() -> SqlServerTemporal.format("2024-01-01", 7)).isInstanceOf(IllegalArgumentException.class);
    }
}
