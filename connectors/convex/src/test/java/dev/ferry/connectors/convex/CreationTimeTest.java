package dev.ferry.connectors.convex;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class CreationTimeTest {

    @Test
    void roundsTheExactFloatHalfEvenToTheMicrosecond() {
        // Convex's usual creation times: whole milliseconds plus a fraction
        assertThat(CreationTime.fromMillis(1714566896789.0, "c")).isEqualTo(OffsetDateTime.parse("2024-05-01T12:34:56.789Z"));
        assertThat(CreationTime.fromMillis(1714566896789.5, "c")).isEqualTo(OffsetDateTime.parse("2024-05-01T12:34:56.7895Z"));
        // 0.1 ms is not exact in binary; the nearest float rounds back to 100 microseconds
        assertThat(CreationTime.fromMillis(1714566896789.1, "c")).isEqualTo(OffsetDateTime.parse("2024-05-01T12:34:56.7891Z"));
        // 1/16 and 3/16 ms are exact floats of 62.5 and 187.5 microseconds: halves go to the even neighbour
        assertThat(CreationTime.fromMillis(0.0625, "c")).isEqualTo(OffsetDateTime.parse("1970-01-01T00:00:00.000062Z"));
        assertThat(CreationTime.fromMillis(0.1875, "c")).isEqualTo(OffsetDateTime.parse("1970-01-01T00:00:00.000188Z"));
        assertThat(CreationTime.fromMillis(-1.5, "c")).isEqualTo(OffsetDateTime.parse("1969-12-31T23:59:59.9985Z"));
    }
}
