package dev.ferry.engine.transform.values;

/**
 * What a local time that a zone's clocks show twice (the hour repeated when daylight saving time
 * ends, such as 02:30 on 27 October 2024 in Europe/Rome) becomes. Such a time names two instants;
 * picking one is a guess the user must make, so the default is to reject it. Local times in a gap
 * (the hour skipped when daylight saving time starts) never existed and are always rejected, never
 * shifted.
 */
public enum DstOverlap {
    /** Reject the value, naming both offsets. */
    REJECT,
    /** The earlier instant: the offset in force before the transition (summer time in autumn). */
    EARLIER,
    /** The later instant: the offset in force after the transition. */
    LATER
}
