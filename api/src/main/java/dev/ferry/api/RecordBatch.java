package dev.ferry.api;

import java.util.List;
import java.util.Objects;

/**
 * Consecutive records of one stream and the checkpoint that covers them.
 *
 * @param records    the records, in source order; never null, may be empty when a batch only
 *                   advances the checkpoint
 * @param checkpoint the position reached once these records and all earlier ones are durable at
 *                   the destination; null when the stream cannot resume part-way (a full refresh
 *                   restarts from the beginning)
 */
public record RecordBatch(List<ChangeRecord> records, Checkpoint checkpoint) {

    public RecordBatch {
        Objects.requireNonNull(records, "records");
    }

    public int size() {
        return records.size();
    }

    /** The sum of the records' {@link ChangeRecord#estimatedBytes()}; computed on each call. */
    public long estimatedBytes() {
        long bytes = 0;
        for (ChangeRecord record : records) {
            bytes += record.estimatedBytes();
        }
        return bytes;
    }
}
