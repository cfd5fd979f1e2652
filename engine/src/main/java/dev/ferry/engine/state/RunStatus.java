package dev.ferry.engine.state;

/** The life of a run: RUNNING until it ends in one of the other states. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Stopped on request (SIGTERM, Ctrl+C, cancel) after committing what was done. */
    CANCELLED,
    /**
     * Its process ended without finishing it (killed, crashed, halted by a second Ctrl+C). Found
     * when the pipeline's lock was free while the run was still RUNNING; what it committed stays.
     */
    INTERRUPTED
}
