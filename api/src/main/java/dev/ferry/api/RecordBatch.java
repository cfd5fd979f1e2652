package dev.ferry.api;

import java.util.List;
import java.util.Objects;

/**
 * Consecutive records of one stream and the checkpoint that covers them.
 *
 * @param records        the records, in source order; never null, may be empty when a batch only
 *                       advances the checkpoint
 * @param checkpoint     the position reached once these records and all earlier ones are durable at
 *                       the destination; null when the stream cannot resume part-way (a full refresh
 *                       restarts from the beginning)
 * @param estimatedBytes the sum of the records' {@link ChangeRecord#estimatedBytes()}, which bounds
 *                       how many batches are held at once; a source that counted it while reading
 *                       passes it, others let the two-argument constructor count it
 */
public record RecordBatch(List<ChangeRecord> records, Checkpoint checkpoint, long estimatedBytes) {

    public RecordBatch {
        Objects.requireNonNull(records, "records");
        if (estimatedBytes < 0) {
            throw new IllegalArgumentException("estimatedBytes must not be negative, was " + estimatedBytes);
        }
    }

    /** A batch whose estimated size is counted here. */
    public RecordBatch(List<ChangeRecord> records, Checkpoint checkpoint) {
        this(records, checkpoint, sizeOf(Objects.requireNonNull(records, "records")));
    }

    private static long sizeOf(List<ChangeRecord> records) {
        long bytes = 0;
        for (ChangeRecord record : records) {
            bytes += record.estimatedBytes();
        }
        return bytes;
    }

    public int size() {
        return records.size();
    }
}
