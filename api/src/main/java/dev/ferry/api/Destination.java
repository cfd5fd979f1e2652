package dev.ferry.api;

/**
 * A place records are written to. Opened by a {@link ConnectorFactory}; used by one engine thread
 * at a time.
 */
public interface Destination extends AutoCloseable {

    /** Connects and proves the connection works, including permission to write. */
    void check();

    /**
     * Checks without connecting that this destination can make {@code table} for {@code schema}: names
     * it accepts, types it can hold. Throws {@link FerryException} naming the problem, as
     * {@link #open} would. The default finds nothing; a destination that knows its limits says them.
     */
    default void checkCanHold(String table, StreamSchema schema) {
    }

    /**
     * Prepares to write one stream: creates the table from the schema when it does not exist
     * (with the schema's key as primary key), then returns a writer owned by the caller.
     */
    StreamWriter open(WriteRequest request);

    /**
     * {@link #open(WriteRequest)} within a run: with its log and its key map (see {@link WriteContext});
     * a destination that needs neither need not override it.
     */
    default StreamWriter open(WriteRequest request, WriteContext context) {
        return open(request);
    }

    /** Releases connections. Idempotent. */
    @Override
    void close();
}
