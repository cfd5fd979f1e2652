package dev.ferry.cli;

import dev.ferry.engine.run.RunResult;
import dev.ferry.engine.state.StreamStats;

import java.util.List;

/**
 * The result of a run as printed: a summary for people, the same fields for {@code --json}. Counts
 * are the destination's own (inserted, updated, unchanged, deleted); {@code written} is inserted
 * plus updated; {@code quarantined} counts the bad rows set aside (see {@code ferry quarantine list}).
 * {@code error} names every failed stream, one line each.
 */
record RunReport(long runId, String status, String error, long durationMs, long read, long written, long inserted,
                 long updated, long unchanged, long deleted, long quarantined, List<StreamStats> streams) {

    static RunReport of(RunResult result) {
        StreamStats totals = result.totals();
        return new RunReport(result.runId(), result.status().name().toLowerCase(), result.error(),
                result.duration().toMillis(), totals.read(), totals.written(), totals.inserted(), totals.updated(),
                totals.unchanged(), totals.deleted(), totals.failed(), result.streams());
    }

    String summary() {
        StringBuilder text = new StringBuilder();
        text.append("run ").append(runId).append(' ').append(status).append(" in ")
                .append(String.format("%.1f s", durationMs / 1000.0)).append(": ")
                .append(String.format("%,d read, %,d inserted, %,d updated, %,d unchanged, %,d deleted",
                        read, inserted, updated, unchanged, deleted))
                .append(quarantined > 0 ? String.format(", %,d quarantined", quarantined) : "");
        for (StreamStats stream : streams) {
            text.append(System.lineSeparator()).append(streamLine(stream));
        }
        if (error != null) {
            error.lines().forEach(line -> text.append(System.lineSeparator()).append("  error: ").append(line));
        }
        return text.toString();
    }

    /** A stream's counts in aligned columns; its quarantined rows when it set some aside. */
    static String streamLine(StreamStats stream) {
        return String.format("  %-24s %,12d read %,12d inserted %,10d updated %,12d unchanged %,10d deleted",
                stream.stream(), stream.read(), stream.inserted(), stream.updated(), stream.unchanged(),
                stream.deleted()) + (stream.failed() > 0 ? String.format(" %,10d quarantined", stream.failed()) : "");
    }
}
