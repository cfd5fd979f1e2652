package dev.ferry.api;

import java.util.List;
import java.util.Objects;

/**
 * One read of one stream.
 *
 * @param stream       what to read; never null
 * @param columns      source column names to read, in this order; empty for all columns
 * @param cursorColumn the incremental cursor column; null for a full read
 * @param resumeFrom   the last durable checkpoint; null to read from the beginning
 * @param lookback     how far below {@code resumeFrom} to start again; never null
 * @param batchSize    the number of records per batch the engine wants; at least 1
 */
public record ReadRequest(StreamRef stream, List<String> columns, String cursorColumn,
                          Checkpoint resumeFrom, Lookback lookback, int batchSize) {

    public ReadRequest {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(lookback, "lookback");
        columns = List.copyOf(columns);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
    }

    public boolean isIncremental() {
        return cursorColumn != null;
    }
}
