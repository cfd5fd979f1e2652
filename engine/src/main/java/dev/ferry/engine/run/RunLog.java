package dev.ferry.engine.run;

import dev.ferry.api.ConnectorLog;
import dev.ferry.engine.state.StateStore;

/**
 * Writes a run's log lines to the state store and shows them to the listener. Thread-safe as they
 * are: streams running in parallel log through one instance.
 */
final class RunLog {
    private final StateStore state;
    private final long runId;
    private final RunListener listener;

    RunLog(StateStore state, long runId, RunListener listener) {
        this.state = state;
        this.runId = runId;
        this.listener = listener;
    }

    long runId() {
        return runId;
    }

    void info(String stream, String message) {
        write("INFO", stream, message);
    }

    void warn(String stream, String message) {
        write("WARN", stream, message);
    }

    void error(String stream, String message) {
        write("ERROR", stream, message);
    }

    /** What a connector notices while it reads or writes {@code stream}, into this log under the stream. */
    ConnectorLog forStream(String stream) {
        return new ConnectorLog() {
            @Override
            public void info(String message) {
                RunLog.this.info(stream, message);
            }

            @Override
            public void warn(String message) {
                RunLog.this.warn(stream, message);
            }
        };
    }

    private void write(String level, String stream, String message) {
        state.log(runId, level, stream, message);
        listener.log(level, stream, message);
    }
}
