package dev.ferry.api;

/**
 * Where a connector tells the run what it noticed on the way that is not an error of the run: a call
 * that failed and was tried again, a record it was told to skip, a limit it waited for. Lines go to
 * the run's log under the stream being read or written, so an operator sees them where the run is.
 * Connectors mask secrets before writing a line. Thread-safe.
 */
public interface ConnectorLog {
    /** A log that keeps nothing: for reads outside a run (a preview, a check). */
    ConnectorLog NONE = new ConnectorLog() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }
    };

    void info(String message);

    void warn(String message);
}
