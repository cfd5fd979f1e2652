package dev.ferry.engine.run;

/**
 * The estimated bytes of the batches read but not yet written, and a limit the reader waits on
 * before it reads another batch. The queue between reader and writer bounds batches by count;
 * this bounds them by size, so that batches of 50 MB values are not read ahead three at a time.
 * A batch larger than the limit still moves; the reader then waits for it to be written before
 * reading on, so one large value is in memory at a time, not one per queued batch.
 *
 * <p>Thread-safe: the reader thread waits and adds, the writer thread removes.
 */
final class InFlightBytes {
    private final long limit;
    private long bytes;

    /** {@code limit} at least 1. */
    InFlightBytes(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("InFlightBytes: limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    /** Waits until the batches in flight are below the limit. */
    synchronized void awaitRoom() throws InterruptedException {
        while (bytes >= limit) {
            wait();
        }
    }

    /** A batch of {@code size} bytes was read and is on its way to the writer. */
    synchronized void add(long size) {
        bytes += size;
    }

    /** A batch of {@code size} bytes was written (or dropped) and its values may be collected. */
    synchronized void remove(long size) {
        bytes -= size;
        notifyAll();
    }

    synchronized long bytes() {
        return bytes;
    }
}
