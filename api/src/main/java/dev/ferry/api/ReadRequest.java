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
 * @param batchBytes   the memory budget of a batch: a source closes a batch as soon as its records'
 *                     {@link ChangeRecord#estimatedBytes() estimated size} reaches this, even before
 *                     {@code batchSize} records, so wide rows make short batches (a record larger than
 *                     the budget makes a batch of its own); at least 1
 */
public record ReadRequest(StreamRef stream, List<String> columns, String cursorColumn,
                          Checkpoint resumeFrom, Lookback lookback, int batchSize, long batchBytes) {

    /**
     * 4 MB: a few times the size of a 2,000-row batch of ordinary rows (the benchmark table's come
     * to about 0.5 MB), so those are never cut short, while the batches in flight between reader and
     * writer stay within a few tens of MB of a 256 MB heap whatever the rows hold.
     */
    public static final long DEFAULT_BATCH_BYTES = 4L * 1024 * 1024;

    /** A read with the {@link #DEFAULT_BATCH_BYTES default memory budget} per batch. */
    public ReadRequest(StreamRef stream, List<String> columns, String cursorColumn,
                       Checkpoint resumeFrom, Lookback lookback, int batchSize) {
        this(stream, columns, cursorColumn, resumeFrom, lookback, batchSize, DEFAULT_BATCH_BYTES);
    }

    public ReadRequest {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(lookback, "lookback");
        columns = List.copyOf(columns);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        if (batchBytes < 1) {
            throw new IllegalArgumentException("batchBytes must be at least 1, was " + batchBytes);
        }
    }

    public boolean isIncremental() {
        return cursorColumn != null;
    }
}
