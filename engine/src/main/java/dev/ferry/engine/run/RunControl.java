package dev.ferry.engine.run;

/**
 * Lets another thread (a signal handler, a server request) ask a run to stop. A stop is graceful:
 * the batch being written is finished, upsert streams commit and save their checkpoint, overwrite
 * streams roll back, and the run ends as cancelled. Thread-safe.
 */
public final class RunControl {
    private volatile boolean stopRequested;

    public void requestStop() {
        stopRequested = true;
    }

    public boolean isStopRequested() {
        return stopRequested;
    }
}
