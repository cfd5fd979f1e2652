package dev.ferry.api;

import java.util.List;

/**
 * Writes one stream's batches into a destination table. Called by one engine thread, the writer
 * thread, in the order: any number of {@link #write} and {@link #commit()} calls, then
 * {@link #close()}.
 *
 * <p>Counts: each {@link #commit()} returns what the destination did in the transaction it made
 * durable, as the database itself reported it (inserted, updated, unchanged, deleted). What an
 * {@link #abort()} discards is never counted, so summing the results of every commit gives exactly
 * what a stream changed, however often it was retried.
 *
 * <p>Durability contract: records passed to {@link #write} may stay invisible and volatile until
 * {@link #commit()} returns; once it returns, they survive a crash of this process and of the
 * destination. Applying the same upsert or delete records again gives the same table, so the
 * engine can replay from the last stored checkpoint after a crash.
 */
public interface StreamWriter extends AutoCloseable {

    /** Applies (or stages) a batch. Throws {@link FerryException} with the table's name on failure. */
    void write(RecordBatch batch);

    /**
     * Whether this writer offers {@link #writeIsolated}. Writers that cannot undo part of an open
     * transaction keep the default, and a stream that quarantines bad rows then fails on the first
     * row the destination refuses, as it would without quarantine.
     */
    default boolean isolatesRows() {
        return false;
    }

    /**
     * Applies a batch completely, so that the destination has checked every row of it before this
     * returns (buffered or streamed rows are flushed into the open transaction), or not at all:
     * when the destination refuses the data of any row, everything of this batch is undone,
     * everything written before it stays, the counts the next {@link #commit()} returns leave the
     * batch out, and {@link RowsRefusedException} is thrown; the writer can go on. Any other failure
     * is thrown as from {@link #write}, and the writer must then be aborted.
     *
     * <p>Slower than {@link #write} (each call flushes, inside a savepoint or its equivalent), so
     * the engine uses it only for streams that quarantine bad rows. Calls may be mixed with
     * {@link #keep} and {@link #commit()}; not with {@link #write} in the same transaction.
     *
     * @throws UnsupportedOperationException when {@link #isolatesRows()} is false
     */
    default void writeIsolated(RecordBatch batch) {
        throw new UnsupportedOperationException("This destination cannot isolate the rows it refuses");
    }

    /**
     * What opening the writer changed in, or noticed about, an existing destination table under the
     * request's {@link SchemaChangePolicy}: one line per column, for the run log. Empty when nothing differed.
     */
    default List<String> schemaChanges() {
        return List.of();
    }

    /**
     * Notes keys the source still has but that need no write (rows a hash comparison found
     * unchanged, or a key scan's keys), so {@link #removeUnseen} keeps their rows. Each array holds
     * one row's key values in the order of the schema's key columns. Only for writers opened with a
     * {@link DeletePolicy} other than NONE.
     */
    default void keep(List<Object[]> keys) {
        throw new UnsupportedOperationException("This destination cannot find rows missing at the source");
    }

    /**
     * How many destination rows would {@link #removeUnseen} remove now: rows whose keys were neither
     * written (as upserts) nor kept since the writer opened. For the run log when removal is withheld.
     */
    default long countUnseen() {
        throw new UnsupportedOperationException("This destination cannot find rows missing at the source");
    }

    /**
     * Removes the rows {@link #countUnseen} counts, by the request's {@link DeletePolicy}, inside the
     * open transaction; the next {@link #commit()} makes it durable and counts them as deleted. Call
     * it only after the source was read completely. Returns the number of rows removed.
     */
    default long removeUnseen() {
        throw new UnsupportedOperationException("This destination cannot find rows missing at the source");
    }

    /**
     * Makes everything written so far durable. For {@link WriteMode#OVERWRITE}, call it once, at the end.
     *
     * @return what the committed transaction did, as the destination counted it; never null
     *         ({@link WriteCounts#NONE} when nothing was written). An overwrite counts every row it
     *         loaded as inserted.
     */
    WriteCounts commit();

    /** Discards everything written since the last commit. Idempotent; never throws for a lost connection. */
    void abort();

    /** Aborts what is not committed and releases the connection. Idempotent. */
    @Override
    void close();
}
