package dev.ferry.engine.state;

import java.time.Duration;
import java.time.Instant;

/**
 * The runs of every pipeline that started in one span of time, added up: what a chart of the run
 * history draws without reading each run.
 *
 * @param from      where the span starts (inclusive); it ends one bucket later
 * @param runs      runs started in the span, whatever their state
 * @param succeeded those that succeeded
 * @param failed    those that failed or were interrupted
 * @param written   rows their streams wrote (inserted or updated)
 * @param took      how long the ended ones ran, added up
 */
public record RunTotals(Instant from, long runs, long succeeded, long failed, long written, Duration took) {

    /** A span without runs. */
    public static RunTotals none(Instant from) {
        return new RunTotals(from, 0, 0, 0, 0, Duration.ZERO);
    }
}
