package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.FerryException;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The text MariaDB prints for date-times, in every fraction length, and what is not a date-time. */
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
    void zeroDatesAndNullsAreNull() {
        assertThat(MariaDbTemporal.parseDateTime(null, "c")).isNull();
        assertThat(MariaDbTemporal.parseDateTime("0000-00-00 00:00:00", "c")).isNull();
    }

    @Test
    void anythingElseIsReportedWithItsColumn() {
        for (String bad : new String[] {"2024-13-01 00:00:00", "2024-02-30 00:00:00", "2024-01-31T13:45:07",
                "2024-01-31 1a:45:07", "yesterday"}) {
            assertThatThrownBy(() -> MariaDbTemporal.parseDateTime(bad, "updated_at"))
                    .isInstanceOf(FerryException.class)
                    .hasMessage("Column updated_at: cannot read '" + bad + "' as a date and time");
        }
    }
}
