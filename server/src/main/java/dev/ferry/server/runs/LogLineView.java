package dev.ferry.server.runs;

import dev.ferry.engine.state.LogLine;

import java.time.Instant;

/**
 * A line of a run's log as the API shows it; {@code id} increases, so a reader asks for the lines
 * after the last id it has (the {@code after} parameter, or {@code Last-Event-ID} on the live tail).
 */
public record LogLineView(long id, Instant at, String level, String stream, String message) {

    public static LogLineView of(LogLine line) {
        return new LogLineView(line.id(), line.at(), line.level(), line.stream(), line.message());
    }
}
