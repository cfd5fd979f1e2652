package dev.ferry.server.ui.pages;

import dev.ferry.server.runs.RunView;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One stream of a run as its page shows it: where it is, its counts so far (or final), and its pace.
 *
 * @param state        running, done, failed or stopped (the run ended before the stream did)
 * @param rowsPerSecond rows read per second from the stream's start to its end (or now); null when its
 *                     start is not known
 * @param took         how long it ran, or has been running; null when its start is not known
 */
public record StreamProgress(String stream, String state, long read, long written, long inserted, long updated,
                             long skipped, long deleted, long quarantined, Double rowsPerSecond, Duration took,
                             String error) {

    static StreamProgress of(RunView.StreamView stream, boolean runRunning, Instant now) {
        String state;
        if (stream.error() != null) {
            state = "failed";
        } else if (stream.endedAt() != null) {
            state = "done";
        } else if (runRunning) {
            state = "running";
        } else {
            // Runs recorded before stream timings were kept have neither end: they ran to the end.
            state = stream.startedAt() == null ? "done" : "stopped";
        }
        Duration took = null;
        Double rate = null;
        if (stream.startedAt() != null) {
            Instant end = stream.endedAt() != null ? stream.endedAt() : runRunning ? now : null;
            if (end != null) {
                took = Duration.between(stream.startedAt(), end);
                // Under a tenth of a second a rate says nothing but noise.
                rate = took.toMillis() < 100 ? null : stream.read() * 1000.0 / took.toMillis();
            }
        }
        return new StreamProgress(stream.stream(), state, stream.read(), stream.written(), stream.inserted(),
                stream.updated(), stream.skipped(), stream.deleted(), stream.failed(), rate, took, stream.error());
    }

    /** The style of the state's badge. */
    public String badge() {
        return switch (state) {
            case "done" -> "succeeded";
            case "stopped" -> "cancelled";
            default -> state;
        };
    }

    /** "1,234/s"; "–" when unknown. */
    public String rateText() {
        return rowsPerSecond == null ? "–" : String.format(Locale.ROOT, "%,.0f/s", rowsPerSecond);
    }

    public String tookText() {
        return took == null ? "–" : DurationText.of(took);
    }
}
