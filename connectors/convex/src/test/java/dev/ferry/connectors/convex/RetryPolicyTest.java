package dev.ferry.connectors.convex;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private static final ZonedDateTime NOW = ZonedDateTime.parse("2026-12-01T10:00:00Z");

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertThat(RetryPolicy.parseRetryAfter("7", NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryPolicy.parseRetryAfter(" 0 ", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("Tue, 01 Dec 2026 10:00:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryPolicy.parseRetryAfter("Tue, 01 Dec 2026 09:00:00 GMT", NOW)).as("in the past").isEqualTo(Duration.ZERO);
        assertThat(RetryPolicy.parseRetryAfter("soon", NOW)).isNull();
        assertThat(RetryPolicy.parseRetryAfter("-3", NOW)).isNull();
        assertThat(RetryPolicy.parseRetryAfter(null, NOW)).isNull();
    }

    @Test
    void backoffDoublesWithJitterUpToItsCapAndRetryAfterIsCapped() {
        RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(400), Duration.ofSeconds(3), Duration.ofSeconds(60));
        for (int i = 0; i < 50; i++) {
            assertThat(policy.waitAfter(1, null)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(policy.waitAfter(3, null)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1600));
            assertThat(policy.waitAfter(30, null)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(3));
        }
        assertThat(policy.waitAfter(1, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.waitAfter(1, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(60));
    }
}
