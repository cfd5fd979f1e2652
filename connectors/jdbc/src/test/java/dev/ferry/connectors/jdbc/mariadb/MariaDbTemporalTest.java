package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.RejectedValueException;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The text MariaDB prints for dates and date-times, in every fraction length, zero dates, and what is neither. */
class MariaDbTemporalTest {

    @Test
    void readsEveryFractionLength() {
        assertThat(MariaDbTemporal.parseDateTime("2024-01-31 13:45:07", "c")).isEqualTo(LocalDateTime.of(2024, 1, 31, 13, 45, 7));
        assertThat(MariaDbTemporal.parseDateTime("2024-01-31 13:45:07.5", "c"))
                .isEqualTo(LocalDateTime.of(2024, 1, 31, 13, 45, 7, 500_000_000));
        assertThat(MariaDbTemporal.parseDateTime("1000-01-01 00:00:00.000001", "c"))
                .isEqualTo(LocalDateTime.of(1000, 1, 1, 0, 0, 0, 1_000));
        assertThat(MariaDbTemporal.parseDateTime("9999-12-31 23:59:59.999999999", "c"))
                .isEqualTo(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999));
        assertThat(MariaDbTemporal.parseDateTime("2018-11-04 00:30:00.000000", "c"))
                .isEqualTo(LocalDateTime.of(2018, 11, 4, 0, 30));
    }

    @Test
    void readsDatesOfEveryYearMariaDbHolds() {
        assertThat(MariaDbTemporal.parseDate("2024-02-29", "c")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(MariaDbTemporal.parseDate("0000-01-01", "c")).isEqualTo(LocalDate.of(0, 1, 1));
        assertThat(MariaDbTemporal.parseDate("9999-12-31", "c")).isEqualTo(LocalDate.of(9999, 12, 31));
    }

    /** MariaDB's time is a duration; only the part of it that is a time of day reads. */
    @Test
    void readsTimesOfDayAndRefusesTheRestOfMariaDbsTimes() {
        assertThat(MariaDbTemporal.parseTime("00:00:00.000000", "c")).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(MariaDbTemporal.parseTime("23:59:59.999999", "c")).isEqualTo(LocalTime.of(23, 59, 59, 999_999_000));
        assertThat(MariaDbTemporal.parseTime("12:34:56", "c")).isEqualTo(LocalTime.of(12, 34, 56));
        for (String beyond : new String[] {"24:00:00", "25:00:00.000000", "-01:30:00", "838:59:59", "-838:59:59.000000"}) {
            assertThatThrownBy(() -> MariaDbTemporal.parseTime(beyond, "span"))
                    .isInstanceOf(RejectedValueException.class)
                    .hasMessageStartingWith("column span: time '" + beyond + "' is no time of day");
        }
    }

    @Test
    void nullsAreNull() {
        assertThat(MariaDbTemporal.parseTime(null, "c")).isNull();
        assertThat(MariaDbTemporal.parseDateTime(null, "c")).isNull();
        assertThat(MariaDbTemporal.parseDate(null, "c")).isNull();
    }

    /** Full and partial zero dates, and only they: a zero year with a month and day is year 0. */
    @Test
    void zeroDatesAreThoseWithoutAMonthOrADay() {
        for (String zero : new String[] {"0000-00-00", "0000-00-00 00:00:00", "2020-00-00", "2020-05-00 10:30:00",
                "2020-00-15", "0000-00-00 00:00:00.000000"}) {
            assertThat(ZeroDates.isZero(zero)).as(zero).isTrue();
        }
        for (String date : new String[] {"0000-01-01", "2020-01-01 00:00:00", "2000-10-10", "1000-01-01", "bad"}) {
            assertThat(ZeroDates.isZero(date)).as(date).isFalse();
        }
    }

    @Test
    void anythingElseIsRejectedWithItsColumn() {
        for (String bad : new String[] {"2024-13-01 00:00:00", "2024-02-30 00:00:00", "2024-01-31T13:45:07",
                "2024-01-31 1a:45:07", "yesterday", "2020-05-00 10:30:00"}) {
            assertThatThrownBy(() -> MariaDbTemporal.parseDateTime(bad, "updated_at"))
                    .isInstanceOf(RejectedValueException.class)
                    .hasMessage("column updated_at: cannot read '" + bad + "' as a date and time");
        }
        for (String bad : new String[] {"2024-02-30", "2024-1-01", "2020-00-00", "today"}) {
            assertThatThrownBy(() -> MariaDbTemporal.parseDate(bad, "born"))
                    .isInstanceOf(RejectedValueException.class)
                    .hasMessage("column born: cannot read '" + bad + "' as a date");
        }
    }
}
