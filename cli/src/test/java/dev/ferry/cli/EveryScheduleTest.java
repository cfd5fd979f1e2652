package dev.ferry.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EveryScheduleTest {

    @Test
    void theWaitDoublesWithEachFailedRunInARowUpToTenIntervals() {
        EverySchedule schedule = new EverySchedule(Duration.ofSeconds(2));

        assertThat(IntStream.rangeClosed(0, 6).mapToObj(schedule::waitAfter).map(Duration::toSeconds))
                .containsExactly(2L, 4L, 8L, 16L, 20L, 20L, 20L);
        assertThat(schedule.waitAfter(10_000)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void noWaitGrowsPastFifteenMinutesAndLongIntervalsAreNeverStretched() {
        assertThat(new EverySchedule(Duration.ofMinutes(5)).waitAfter(1)).isEqualTo(Duration.ofMinutes(10));
        assertThat(new EverySchedule(Duration.ofMinutes(5)).waitAfter(2)).isEqualTo(Duration.ofMinutes(15));
        assertThat(new EverySchedule(Duration.ofMinutes(5)).waitAfter(9)).isEqualTo(Duration.ofMinutes(15));
        assertThat(new EverySchedule(Duration.ofHours(1)).waitAfter(3)).isEqualTo(Duration.ofHours(1));
        assertThat(new EverySchedule(Duration.ofHours(1)).longestWait()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void waitsAreWrittenAsPeopleWriteThem() {
        assertThat(EverySchedule.describe(Duration.ofMillis(300))).isEqualTo("300 ms");
        assertThat(EverySchedule.describe(Duration.ofMillis(1200))).isEqualTo("1.2 s");
        assertThat(EverySchedule.describe(Duration.ofSeconds(20))).isEqualTo("20 s");
        assertThat(EverySchedule.describe(Duration.ofMinutes(15))).isEqualTo("15 min");
        assertThat(EverySchedule.describe(Duration.ofSeconds(5430))).isEqualTo("1 h 30 min 30 s");
    }

    @Test
    void anEmptyIntervalIsRefused() {
        assertThatThrownBy(() -> new EverySchedule(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
