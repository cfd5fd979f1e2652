package dev.ferry.engine.state;

import java.time.Instant;

/**
 * One line of a run's log.
 *
 * @param runId   the run it belongs to
 * @param at      when it was written
 * @param level   INFO, WARN or ERROR
 * @param stream  the stream it concerns; null for the whole run
 * @param message the text, without secrets
 */
public record LogLine(long runId, Instant at, String level, String stream, String message) {
}
