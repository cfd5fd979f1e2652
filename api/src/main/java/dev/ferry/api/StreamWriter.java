package dev.ferry.api;

/**
 * Writes one stream's batches into a destination table. Called by one engine thread, the writer
 * thread, in the order: any number of {@link #write} and {@link #commit()} calls, then
 * {@link #close()}.
 *
 * <p>Durability contract: records passed to {@link #write} may stay invisible and volatile until
 * {@link #commit()} returns; once it returns, they survive a crash of this process and of the
 * destination. Applying the same upsert or delete records again gives the same table, so the
 * engine can replay from the last stored checkpoint after a crash.
 */
public interface StreamWriter extends AutoCloseable {

    /** Applies (or stages) a batch. Throws {@link FerryException} with the table's name on failure. */
    void write(RecordBatch batch);

    /** Makes everything written so far durable. For {@link WriteMode#OVERWRITE}, call it once, at the end. */
    void commit();

    /** Discards everything written since the last commit. Idempotent; never throws for a lost connection. */
    void abort();

    /** Aborts what is not committed and releases the connection. Idempotent. */
    @Override
    void close();
}
