package dev.ferry.engine.state;

/** Where a quarantined row failed. */
public enum QuarantineStage {
    /** A transform rejected one of its values. */
    TRANSFORM,
    /** The destination refused the row's data: a value out of range, a character it cannot store, a constraint. */
    DESTINATION
}
