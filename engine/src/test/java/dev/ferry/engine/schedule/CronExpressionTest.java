package dev.ferry.engine.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cron times from fixed instants, in zones with daylight saving: Europe/Rome springs forward at
 * 02:00 on 2026-03-29 (to 03:00, 01:00 UTC) and falls back at 03:00 on 2026-10-25 (to 02:00, 01:00
 * UTC); America/New_York springs forward at 02:00 on 2026-03-08 (07:00 UTC) and falls back at 02:00
 * on 2026-11-01 (06:00 UTC).
 */
class CronExpressionTest {
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void everyFourHoursAtQuarterPastKeepsWallClockTimesAcrossSpringForwardInRome() {
        CronExpression cron = CronExpression.parse("15 */4 * * *");

        assertThat(times(cron, Instant.parse("2026-03-28T22:00:00Z"), ROME, 4)).containsExactly(
                Instant.parse("2026-03-28T23:15:00Z"),   // 00:15 CET
                Instant.parse("2026-03-29T02:15:00Z"),   // 04:15 CEST: three real hours later
                Instant.parse("2026-03-29T06:15:00Z"),   // 08:15 CEST
                Instant.parse("2026-03-29T10:15:00Z"));  // 12:15 CEST
    }

    @Test
    void everyFourHoursAtQuarterPastKeepsWallClockTimesAcrossFallBackInRome() {
        CronExpression cron = CronExpression.parse("15 */4 * * *");

        assertThat(times(cron, Instant.parse("2026-10-24T21:00:00Z"), ROME, 3)).containsExactly(
                Instant.parse("2026-10-24T22:15:00Z"),   // 00:15 CEST
                Instant.parse("2026-10-25T03:15:00Z"),   // 04:15 CET: five real hours later
                Instant.parse("2026-10-25T07:15:00Z"));  // 08:15 CET
    }

    @Test
    void aTimeSkippedBySpringForwardFiresOnceWhenTheClocksJump() {
        CronExpression cron = CronExpression.parse("30 2 * * *");

        assertThat(times(cron, Instant.parse("2026-03-27T12:00:00Z"), ROME, 3)).containsExactly(
                Instant.parse("2026-03-28T01:30:00Z"),   // 02:30 CET
                Instant.parse("2026-03-29T01:00:00Z"),   // 02:30 does not exist: 03:00 CEST, the jump
                Instant.parse("2026-03-30T00:30:00Z"));  // 02:30 CEST
        assertThat(times(cron, Instant.parse("2026-03-07T12:00:00Z"), NEW_YORK, 3)).containsExactly(
                Instant.parse("2026-03-08T07:00:00Z"),   // 02:30 does not exist: 03:00 EDT
                Instant.parse("2026-03-09T06:30:00Z"),   // 02:30 EDT
                Instant.parse("2026-03-10T06:30:00Z"));
    }

    @Test
    void timesInsideTheSkippedHourAllFireOnceAtTheJump() {
        CronExpression cron = CronExpression.parse("0,20,40 2 29 3 *");

        assertThat(cron.next(Instant.parse("2026-03-28T12:00:00Z"), ROME)).isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
        assertThat(cron.next(Instant.parse("2026-03-29T01:00:00Z"), ROME)).as("then next year")
                .isEqualTo(Instant.parse("2027-03-29T00:00:00Z"));
    }

    @Test
    void aTimeThatHappensTwiceInAutumnFiresOnceAtItsFirstOccurrence() {
        CronExpression cron = CronExpression.parse("30 2 * * *");

        assertThat(times(cron, Instant.parse("2026-10-24T12:00:00Z"), ROME, 2)).containsExactly(
                Instant.parse("2026-10-25T00:30:00Z"),   // 02:30 CEST; not again at 02:30 CET (01:30 UTC)
                Instant.parse("2026-10-26T01:30:00Z"));  // 02:30 CET the next day
        assertThat(cron.next(Instant.parse("2026-10-25T01:00:00Z"), ROME)).as("from inside the repeated hour")
                .isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));

        CronExpression halfPastOne = CronExpression.parse("30 1 * * *");
        assertThat(times(halfPastOne, Instant.parse("2026-10-31T12:00:00Z"), NEW_YORK, 2)).containsExactly(
                Instant.parse("2026-11-01T05:30:00Z"),   // 01:30 EDT; not again at 01:30 EST
                Instant.parse("2026-11-02T06:30:00Z"));  // 01:30 EST
    }

    @Test
    void hourlyDoesNotFireAgainInTheRepeatedHour() {
        CronExpression hourly = CronExpression.parse("0 * * * *");

        assertThat(times(hourly, Instant.parse("2026-11-01T04:30:00Z"), NEW_YORK, 3)).containsExactly(
                Instant.parse("2026-11-01T05:00:00Z"),   // 01:00 EDT
                Instant.parse("2026-11-01T07:00:00Z"),   // 02:00 EST: 01:00 EST is 01:00 again, not fired twice
                Instant.parse("2026-11-01T08:00:00Z"));
    }

    @Test
    void utcAndFixedOffsetsHaveNoSurprises() {
        CronExpression cron = CronExpression.parse("*/20 9-10 * * MON-FRI");

        assertThat(times(cron, Instant.parse("2026-03-27T10:30:00Z"), ZoneOffset.UTC, 4)).containsExactly(
                Instant.parse("2026-03-27T10:40:00Z"),   // Friday
                Instant.parse("2026-03-30T09:00:00Z"),   // Monday
                Instant.parse("2026-03-30T09:20:00Z"),
                Instant.parse("2026-03-30T09:40:00Z"));
    }

    @Test
    void restrictedDayOfMonthAndDayOfWeekMatchEither() {
        CronExpression cron = CronExpression.parse("0 12 1 * MON");

        assertThat(cron.matches(LocalDateTime.of(2026, 6, 1, 12, 0))).as("the 1st, a Monday").isTrue();
        assertThat(cron.matches(LocalDateTime.of(2026, 7, 1, 12, 0))).as("the 1st, a Wednesday").isTrue();
        assertThat(cron.matches(LocalDateTime.of(2026, 7, 6, 12, 0))).as("a Monday").isTrue();
        assertThat(cron.matches(LocalDateTime.of(2026, 7, 7, 12, 0))).as("neither").isFalse();
        assertThat(CronExpression.parse("0 12 1 * *").matches(LocalDateTime.of(2026, 7, 6, 12, 0))).isFalse();
    }

    @Test
    void namesSundayAsSevenAndQuestionMarkMeanWhatClassicCronMeans() {
        CronExpression named = CronExpression.parse("0 9 ? jan-MAR sun");
        CronExpression numbered = CronExpression.parse("0 9 * 1-3 7");

        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(times(named, from, ZoneOffset.UTC, 5)).isEqualTo(times(numbered, from, ZoneOffset.UTC, 5))
                .startsWith(Instant.parse("2026-01-04T09:00:00Z"));
        assertThat(CronExpression.parse("  15   */4 * *  * ").text()).isEqualTo("15 */4 * * *");
    }

    @Test
    void leapDaysAreFoundYearsAhead() {
        assertThat(CronExpression.parse("0 0 29 2 *").next(Instant.parse("2024-03-01T00:00:00Z"), ZoneOffset.UTC))
                .isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
    }

    @Test
    void mistakesNameTheFieldAndWhy() {
        assertThatThrownBy(() -> CronExpression.parse("* * * *"))
                .hasMessage("must have five fields (minute hour day-of-month month day-of-week), as in \"15 */4 * * *\"; found 4");
        assertThatThrownBy(() -> CronExpression.parse("61 * * * *")).hasMessage("its minute field '61' has 61, outside 0-59");
        assertThatThrownBy(() -> CronExpression.parse("0 20-8 * * *"))
                .hasMessage("its hour field '20-8' has a range 20-8 that ends before it starts");
        assertThatThrownBy(() -> CronExpression.parse("0 0 L * *"))
                .hasMessage("its day of month field 'L' uses L, W or #, which five-field cron does not have");
        assertThatThrownBy(() -> CronExpression.parse("0 0 * FOO *"))
                .hasMessage("its month field 'FOO' has 'FOO', which is not a number or a month name (JAN-DEC)");
        assertThatThrownBy(() -> CronExpression.parse("*/0 * * * *")).hasMessage("its minute field '*/0' has a step of 0");
        assertThatThrownBy(() -> CronExpression.parse("0 0 1,,2 * *")).hasMessage("its day of month field '1,,2' has an empty item in its list");
        assertThatThrownBy(() -> CronExpression.parse("0 0 30 2 *")).hasMessage("matches no date: no month has the days it names");
    }

    private static List<Instant> times(CronExpression cron, Instant from, ZoneId zone, int count) {
        List<Instant> times = new ArrayList<>();
        Instant time = from;
        for (int i = 0; i < count; i++) {
            time = cron.next(time, zone);
            times.add(time);
        }
        return times;
    }
}
