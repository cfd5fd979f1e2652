package dev.ferry.api;

import java.util.List;
import java.util.OptionalLong;

/**
 * A place records are read from. Opened by a {@link ConnectorFactory}; used by one engine thread at
 * a time, except {@link StreamReader#cancel()}, which any thread may call.
 */
public interface Source extends AutoCloseable {

    /**
     * Connects and proves the connection works (credentials, reachability, permissions to read).
     * Throws {@link FerryException} naming the problem; {@link RetriableException} when it may pass.
     */
    void check();

    /** Every table, view or object this source can read. */
    List<DiscoveredStream> discover();

    /** The schema a read of {@code stream} would produce, with the request's column selection. */
    StreamSchema describe(StreamRef stream, List<String> columns);

    /**
     * How many rows a read of {@code stream} would return, when the source can tell cheaply, for
     * progress displays: a catalog's statistics, never a count over the data, so it may be off by
     * some percent or stale. Empty when it cannot tell (a query, a view, statistics never gathered).
     */
    default OptionalLong estimateRows(StreamRef stream) {
        return OptionalLong.empty();
    }

    /**
     * Starts reading. The returned reader is owned by the caller, which closes it. Records come in
     * cursor order for incremental reads, so every batch's checkpoint covers all earlier records.
     */
    StreamReader open(ReadRequest request);

    /**
     * {@link #open(ReadRequest)}, telling {@code log} what the read notices on the way (see
     * {@link ConnectorLog}); a source with nothing to tell need not override it.
     */
    default StreamReader open(ReadRequest request, ConnectorLog log) {
        return open(request);
    }

    /**
     * Whether this source keeps its own position in a change log: {@link #open} then reads, for a
     * request without a cursor column, a snapshot when {@link ReadRequest#resumeFrom()} is null and
     * otherwise every change since that {@link Checkpoint.LogPosition}, deletes as
     * {@link Operation#DELETE} records carrying the key; each batch's checkpoint is the position to
     * resume from once the destination committed it.
     */
    default boolean readsChanges() {
        return false;
    }

    /**
     * Whether this source can flatten nested objects for a stream whose {@link StreamRef#flattenObjects()}
     * asks: {@link #describe} and {@link #open} then give, in place of a field holding an object with
     * known properties, one column per property named {@code <field>_<property>} (one level: deeper
     * objects and arrays stay one JSON column each). A source that says false is never given such a
     * stream; the engine refuses the configuration instead of copying the objects unflattened.
     */
    default boolean flattensObjects() {
        return false;
    }

    /** Releases connections. Idempotent. */
    @Override
    void close();
}
