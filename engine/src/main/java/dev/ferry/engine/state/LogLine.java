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
 * @param id      the line's id: increasing across every run's log, so a reader that saw up to one id
 *                asks for the lines after it ({@link StateStore#runLog(long, long, int)}); 0 when unknown
 */
public record LogLine(long runId, Instant at, String level, String stream, String message, long id) {

    /** A line whose id is unknown. */
    public LogLine(long runId, Instant at, String level, String stream, String message) {
        this(runId, at, level, stream, message, 0);
    }
}
