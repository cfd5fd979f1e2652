package dev.ferry.connectors.http.definition;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast and how long calls to one provider account may go.
 *
 * @param requests      calls allowed per {@code per}; 0 for no limit of Ferry's own
 * @param per           the window of {@code requests}; never null
 * @param remainingHeader the response header saying how many calls the window has left (as
 *                      {@code X-RateLimit-Remaining}); null when the API sends none
 * @param windowHeader  the header saying the window's length in milliseconds
 *                      ({@code X-RateLimit-Interval-Milliseconds}); null for {@code per}
 * @param timeout       how long one call may take, connecting included; never null
 * @param retries       how many times a call that got 429, 5xx or no answer is tried again
 * @param maxWait       the longest {@code Retry-After} waited for; a longer one fails the call, so a
 *                      run fails instead of sleeping for hours; never null
 */
public record LimitsDefinition(int requests, Duration per, String remainingHeader, String windowHeader,
                               Duration timeout, int retries, Duration maxWait) {

    public static final LimitsDefinition DEFAULT = new LimitsDefinition(0, Duration.ofSeconds(1), null, null,
            Duration.ofSeconds(30), 5, Duration.ofSeconds(60));

    public LimitsDefinition {
        Objects.requireNonNull(per, "per");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(maxWait, "maxWait");
    }
}
