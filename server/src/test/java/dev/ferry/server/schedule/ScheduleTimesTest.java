package dev.ferry.server.schedule;

import dev.ferry.engine.config.ScheduleConfig;
import dev.ferry.engine.config.ScheduleConfig.CatchUp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every decision of the scheduler from fixed instants: regular times, missed runs, retries. */
class ScheduleTimesTest {
    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");

    @Test
    void everyRunsOneIntervalAfterSetUpAndKeepsItsGrid() {
        ScheduleConfig every = every(Duration.ofMinutes(15), CatchUp.ONE);

        assertThat(ScheduleTimes.first(every, T0)).isEqualTo(T0.plusSeconds(900));
        assertThat(ScheduleTimes.nextRegular(every, T0, T0.plusSeconds(60))).isEqualTo(T0.plusSeconds(900));
        assertThat(ScheduleTimes.nextRegular(every, T0, T0.plusSeconds(900))).as("a time equal to now has passed")
                .isEqualTo(T0.plusSeconds(1800));
        assertThat(ScheduleTimes.nextRegular(every, T0, T0.plusSeconds(2000)))
                .as("a run that outlasted two intervals skips the times that passed while it ran")
                .isEqualTo(T0.plusSeconds(2700));
    }

    @Test
    void cronInRomeFollowsWallClockAcrossBothChanges() {
        ScheduleConfig cron = cron("15 */4 * * *", ZoneId.of("Europe/Rome"), CatchUp.ONE);

        assertThat(ScheduleTimes.nextAfter(cron, Instant.parse("2026-03-28T23:15:00Z")))
                .as("00:15 CET -> 04:15 CEST").isEqualTo(Instant.parse("2026-03-29T02:15:00Z"));
        assertThat(ScheduleTimes.nextAfter(cron, Instant.parse("2026-10-24T22:15:00Z")))
                .as("00:15 CEST -> 04:15 CET").isEqualTo(Instant.parse("2026-10-25T03:15:00Z"));
        assertThat(ScheduleTimes.nextRegular(cron, Instant.parse("2026-10-24T22:15:00Z"), Instant.parse("2026-10-25T04:00:00Z")))
                .isEqualTo(Instant.parse("2026-10-25T07:15:00Z"));
    }

    @Test
    void aLateRunIsStillOnTimeUntilItsNextTimeOrAMinute() {
        ScheduleConfig every = every(Duration.ofMinutes(15), CatchUp.NONE);
        ScheduleState state = ScheduleState.regular(T0, ScheduleTimes.definition(every));

        assertThat(ScheduleTimes.onPick(every, state, T0, T0.plusSeconds(2)))
                .isEqualTo(new ScheduleTimes.Run("schedule", state));
        assertThat(ScheduleTimes.isMissed(every, T0, T0.plusSeconds(60))).isFalse();
        assertThat(ScheduleTimes.isMissed(every, T0, T0.plusSeconds(61))).isTrue();

        ScheduleConfig everyTwoSeconds = every(Duration.ofSeconds(2), CatchUp.NONE);
        assertThat(ScheduleTimes.isMissed(everyTwoSeconds, T0, T0.plusMillis(1999))).isFalse();
        assertThat(ScheduleTimes.isMissed(everyTwoSeconds, T0, T0.plusSeconds(2))).isTrue();
    }

    @Test
    void catchUpNoneSkipsMissedRunsAndWaitsForTheNextRegularTime() {
        ScheduleConfig daily = cron("0 3 * * *", ZoneId.of("Europe/Rome"), CatchUp.NONE);
        Instant due = Instant.parse("2026-03-28T02:00:00Z");      // 03:00 CET
        Instant back = Instant.parse("2026-03-31T09:00:00Z");     // the server was down for three days
        ScheduleState state = ScheduleState.regular(due, ScheduleTimes.definition(daily));

        ScheduleTimes.Decision decision = ScheduleTimes.onPick(daily, state, due, back);

        Instant next = Instant.parse("2026-04-01T01:00:00Z");     // 03:00 CEST
        assertThat(decision).isEqualTo(new ScheduleTimes.Skip(next, ScheduleState.regular(next, ScheduleTimes.definition(daily))));
    }

    @Test
    void catchUpOneRunsOnceThenWaitsForTheNextRegularTime() {
        ScheduleConfig daily = cron("0 3 * * *", ZoneId.of("Europe/Rome"), CatchUp.ONE);
        Instant due = Instant.parse("2026-03-28T02:00:00Z");
        Instant back = Instant.parse("2026-03-31T09:00:00Z");
        ScheduleState state = ScheduleState.regular(due, ScheduleTimes.definition(daily));

        ScheduleTimes.Decision decision = ScheduleTimes.onPick(daily, state, due, back);

        assertThat(decision).isEqualTo(new ScheduleTimes.Run("schedule", state));
        ScheduleTimes.Next next = ScheduleTimes.afterRun(daily, state, false, back.plusSeconds(30));
        assertThat(next.at()).isEqualTo(Instant.parse("2026-04-01T01:00:00Z"));
        assertThat(next.state().isRegular()).isTrue();
    }

    @Test
    void catchUpAllRunsEachMissedTimeOneAfterAnother() {
        ScheduleConfig daily = cron("0 3 * * *", ZoneId.of("Europe/Rome"), CatchUp.ALL);
        Instant due = Instant.parse("2026-03-28T02:00:00Z");
        Instant back = Instant.parse("2026-03-31T09:00:00Z");     // missed 28, 29 (DST day), 30, 31
        ScheduleState state = ScheduleState.regular(due, ScheduleTimes.definition(daily));

        assertThat(ScheduleTimes.missedCount(daily, due, back)).isEqualTo(4);
        ScheduleTimes.Run first = (ScheduleTimes.Run) ScheduleTimes.onPick(daily, state, due, back);
        assertThat(first.state().catchUpsLeft()).isEqualTo(3);

        ScheduleState current = first.state();
        Instant now = back;
        int runs = 1;
        while (true) {
            now = now.plusSeconds(10);
            ScheduleTimes.Next next = ScheduleTimes.afterRun(daily, current, false, now);
            if (next.at().isAfter(now)) {
                assertThat(next.at()).isEqualTo(Instant.parse("2026-04-01T01:00:00Z"));
                assertThat(next.state().isRegular()).isTrue();
                break;
            }
            assertThat(next.at()).as("the next catch-up runs right away").isEqualTo(now);
            assertThat(ScheduleTimes.onPick(daily, next.state(), next.at(), now)).isInstanceOf(ScheduleTimes.Run.class);
            current = next.state();
            runs++;
        }
        assertThat(runs).isEqualTo(4);
    }

    @Test
    void catchUpAllIsBounded() {
        ScheduleConfig everySecond = every(Duration.ofSeconds(1), CatchUp.ALL);

        assertThat(ScheduleTimes.missedCount(everySecond, T0, T0.plus(Duration.ofDays(30)))).isEqualTo(ScheduleTimes.MAX_CATCH_UPS);
    }

    @Test
    void aFailedRunIsRetriedWithDoublingWaitsThenWaitsForItsNextTime() {
        ScheduleConfig every = new ScheduleConfig(Duration.ofHours(1), null, ZoneOffset.UTC, List.of(), 3,
                Duration.ofSeconds(30), CatchUp.ONE);
        ScheduleState state = ScheduleState.regular(T0, ScheduleTimes.definition(every));
        Instant ended = T0.plusSeconds(5);

        ScheduleTimes.Next retry1 = ScheduleTimes.afterRun(every, state, true, ended);
        assertThat(retry1.at()).isEqualTo(ended.plusSeconds(30));
        assertThat(retry1.state().attempt()).isEqualTo(1);
        assertThat(ScheduleTimes.onPick(every, retry1.state(), retry1.at(), retry1.at()))
                .isEqualTo(new ScheduleTimes.Run("retry", retry1.state()));

        ScheduleTimes.Next retry2 = ScheduleTimes.afterRun(every, retry1.state(), true, retry1.at().plusSeconds(5));
        assertThat(retry2.at()).isEqualTo(retry1.at().plusSeconds(65));
        ScheduleTimes.Next retry3 = ScheduleTimes.afterRun(every, retry2.state(), true, retry2.at().plusSeconds(5));
        assertThat(retry3.at()).isEqualTo(retry2.at().plusSeconds(125));
        assertThat(retry3.state().attempt()).isEqualTo(3);

        ScheduleTimes.Next afterLast = ScheduleTimes.afterRun(every, retry3.state(), true, retry3.at().plusSeconds(5));
        assertThat(afterLast.at()).as("three retries, then the next regular time").isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(afterLast.state()).isEqualTo(ScheduleState.regular(T0.plus(Duration.ofHours(1)), ScheduleTimes.definition(every)));
    }

    @Test
    void aRetryThatSucceedsReturnsToTheRegularTimes() {
        ScheduleConfig every = every(Duration.ofMinutes(10), CatchUp.ONE);
        ScheduleState retrying = new ScheduleState(T0, 2, 0, ScheduleTimes.definition(every));

        ScheduleTimes.Next next = ScheduleTimes.afterRun(every, retrying, false, T0.plusSeconds(700));

        assertThat(next.at()).isEqualTo(T0.plusSeconds(1200));
        assertThat(next.state().attempt()).isZero();
    }

    @Test
    void noRetriesMeansStraightToTheNextTime() {
        ScheduleConfig every = new ScheduleConfig(Duration.ofMinutes(10), null, ZoneOffset.UTC, List.of(), 0,
                Duration.ofSeconds(30), CatchUp.ONE);

        ScheduleTimes.Next next = ScheduleTimes.afterRun(every, ScheduleState.regular(T0, ScheduleTimes.definition(every)), true,
                T0.plusSeconds(1));

        assertThat(next.at()).isEqualTo(T0.plusSeconds(600));
        assertThat(ScheduleTimes.retryDelay(every, 40)).as("doubling is capped, never overflows")
                .isEqualTo(Duration.ofSeconds(30).multipliedBy(1L << 20));
    }

    @Test
    void definitionsChangeWithTheTimesOnly() {
        assertThat(ScheduleTimes.definition(every(Duration.ofMinutes(15), CatchUp.ONE)))
                .isEqualTo(ScheduleTimes.definition(every(Duration.ofMinutes(15), CatchUp.ALL)))
                .isNotEqualTo(ScheduleTimes.definition(every(Duration.ofMinutes(16), CatchUp.ONE)));
        assertThat(ScheduleTimes.definition(cron("15 */4 * * *", ZoneId.of("Europe/Rome"), CatchUp.ONE)))
                .isEqualTo("cron 15 */4 * * * Europe/Rome");
    }

    private static ScheduleConfig every(Duration every, CatchUp catchUp) {
        return new ScheduleConfig(every, null, ZoneOffset.UTC, List.of(), 3, Duration.ofSeconds(30), catchUp);
    }

    private static ScheduleConfig cron(String cron, ZoneId zone, CatchUp catchUp) {
        return new ScheduleConfig(null, cron, zone, List.of(), 3, Duration.ofSeconds(30), catchUp);
    }
}
