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
