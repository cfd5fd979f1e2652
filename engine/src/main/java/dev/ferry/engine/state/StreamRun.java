package dev.ferry.engine.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One stream within one run: its counts, when it started and ended, and the error that failed it.
 *
 * @param stats   its counts
 * @param started when it started; null for runs recorded before stream timings were kept
 * @param ended   when it ended; null while it runs, and for runs recorded before stream timings were kept
 * @param error   why it failed; null when it did not
 */
public record StreamRun(StreamStats stats, Instant started, Instant ended, String error) {

    public StreamRun {
        Objects.requireNonNull(stats, "stats");
    }

    /** Counts without timings, as runs recorded before stream timings were kept have them. */
    public static StreamRun untimed(StreamStats stats) {
        return new StreamRun(stats, null, null, null);
    }

    public String stream() {
        return stats.stream();
    }

    public boolean failed() {
        return error != null;
    }

    /** How long it ran; null unless both ends are known. */
    public Duration duration() {
        return started == null || ended == null ? null : Duration.between(started, ended);
    }
}
