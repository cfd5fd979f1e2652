package dev.ferry.api;

/**
 * A running read of one stream. {@link #next()} and {@link #close()} are called by one engine
 * thread, the reader thread; {@link #cancel()} may be called from any thread.
 */
public interface StreamReader extends AutoCloseable {

    /** The schema of the records this reader produces; the same object for the reader's whole life. */
    StreamSchema schema();

    /**
     * The next batch, blocking until it is read; null when the stream is exhausted. Memory held by a
     * reader is bounded by the batch size, never by the size of the stream.
     */
    RecordBatch next();

    /**
     * Asks a blocked or future {@link #next()} to stop early; it then returns null or throws.
     * Idempotent and thread-safe.
     */
    void cancel();

    /** Releases the cursor and its connection. Idempotent. */
    @Override
    void close();
}
