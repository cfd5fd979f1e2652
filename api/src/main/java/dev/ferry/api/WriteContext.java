package dev.ferry.api;

import java.util.Objects;

/**
 * What a run gives a writer beyond its request: where to log what it notices, and the key map of
 * remote objects. A destination that needs neither ignores it.
 *
 * @param log  the run's log, under the stream being written; never null
 * @param keys the pipeline's key map; never null
 */
public record WriteContext(ConnectorLog log, KeyMap keys) {
    public WriteContext {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(keys, "keys");
    }
}
