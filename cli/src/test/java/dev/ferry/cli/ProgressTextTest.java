package dev.ferry.cli;

import dev.ferry.engine.state.StreamStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTextTest {

    @Test
    void withoutAnEstimateOnlyCountsAreShown() {
        assertThat(ProgressDisplay.progressText(new StreamStats("t", 12_000, 11_000, 500, 0, 0, 0), -1, Duration.ofSeconds(5)))
                .isEqualTo("12,000 read; committed: 11,000 inserted, 500 updated, 0 unchanged, 0 deleted");
    }

    @Test
    void anEstimateAddsTheTotalThePercentageAndTheTimeLeft() {
        assertThat(ProgressDisplay.progressText(new StreamStats("t", 250_000, 249_000, 0, 0, 0, 0), 1_000_000,
                Duration.ofSeconds(20)))
                .isEqualTo("250,000 of ~1,000,000 read (25%, about 1 min left); committed: 249,000 inserted, 0 updated, 0 unchanged, 0 deleted");
        assertThat(ProgressDisplay.progressText(new StreamStats("t", 900, 0, 0, 900, 0, 0), 1_000, Duration.ofSeconds(9)))
                .isEqualTo("900 of ~1,000 read (90%, about 1 s left); committed: 0 inserted, 0 updated, 900 unchanged, 0 deleted");
    }

    @Test
    void aLowEstimateIsNotShownAsMoreThanAHundredPercent() {
        assertThat(ProgressDisplay.progressText(new StreamStats("t", 1_200, 1_200, 0, 0, 0, 0), 1_000, Duration.ofSeconds(9)))
                .isEqualTo("1,200 read (more than the ~1,000 estimated); committed: 1,200 inserted, 0 updated, 0 unchanged, 0 deleted");
    }
}
