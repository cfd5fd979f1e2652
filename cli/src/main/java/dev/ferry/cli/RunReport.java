package dev.ferry.cli;

import dev.ferry.engine.run.RunResult;
import dev.ferry.engine.state.StreamStats;

import java.util.List;

/** The result of a run as printed: a summary line for people, the same fields for {@code --json}. */
record RunReport(long runId, String status, String error, long durationMs, long read, long written,
                 List<StreamStats> streams) {

    static RunReport of(RunResult result) {
        return new RunReport(result.runId(), result.status().name().toLowerCase(), result.error(),
                result.duration().toMillis(), result.totalRead(), result.totalWritten(), result.streams());
    }

    String summary() {
        StringBuilder text = new StringBuilder();
        text.append("run ").append(runId).append(' ').append(status).append(" in ")
                .append(String.format("%.1f s", durationMs / 1000.0)).append(": ")
                .append(read).append(" read, ").append(written).append(" written");
        for (StreamStats stream : streams) {
            text.append(System.lineSeparator()).append(String.format("  %-24s %,12d read %,12d written %,10d deleted %,10d unchanged",
                    stream.stream(), stream.read(), stream.written(), stream.deleted(), stream.skipped()));
        }
        if (error != null) {
            text.append(System.lineSeparator()).append("  error: ").append(error);
        }
        return text.toString();
    }
}
