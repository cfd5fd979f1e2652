package dev.ferry.engine.run;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.Destination;
import dev.ferry.api.Operation;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteMode;
import dev.ferry.engine.config.SyncMode;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StreamKey;
import dev.ferry.engine.state.StreamStats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Moves one stream: a reader thread fills a small queue, bounded in batches and in bytes, the
 * calling thread writes, and after each destination commit the stream's checkpoint (and, in hash
 * mode, its row hashes) is stored. A slow writer therefore slows the reader instead of filling
 * memory, and the stored checkpoint never runs ahead of what the destination holds.
 *
 * <p>Streams that remove rows missing at the source do so only after the source was read to its
 * end (and, for incremental streams, its keys scanned), just before the last commit; a read that
 * failed, stopped early or found nothing removes nothing, and the run log says what was kept.
 */
final class StreamRunner {
    /** Batches in flight between reader and writer: enough to keep both busy, few enough to bound memory. */
    private static final int QUEUE_CAPACITY = 3;

    private final StreamPlan plan;
    private final StreamKey key;
    private final StateStore state;
    private final CommitPolicy commitPolicy;
    private final RunControl control;
    private final RunListener listener;
    private final RunLog log;
    private final HashFilter hashFilter;
    /** Removes rows gone from the source at the end of a complete read; null when the run removes none. */
    private MissingRows missingRows;

    private long read;
    private long written;
    private long deleted;
    private long skipped;
    private long uncommitted;
    private long uncommittedDeletes;
    private Checkpoint pendingCheckpoint;
    private long lastCommitNanos;

    StreamRunner(StreamPlan plan, StreamKey key, StateStore state, CommitPolicy commitPolicy,
                 RunControl control, RunListener listener, RunLog log) {
        this.plan = plan;
        this.key = key;
        this.state = state;
        this.commitPolicy = plan.write().mode() == WriteMode.OVERWRITE ? CommitPolicy.atEnd() : commitPolicy;
        this.control = control;
        this.listener = listener;
        this.log = log;
        this.hashFilter = plan.config().sync() == SyncMode.HASH
                ? new HashFilter(key, state, plan.destinationSchema().keyIndexes(), plan.removesMissing())
                : null;
    }

    /** Runs the stream to its end or to a requested stop; returns whether it ran to the end. */
    boolean run(Source source, Destination destination) {
        lastCommitNanos = System.nanoTime();
        if (plan.removesMissing()) {
            missingRows = new MissingRows(plan, key, state, control, log, hashFilter, source);
        }
        try (StreamReader reader = source.open(plan.read())) {
            BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
            InFlightBytes inFlight = new InFlightBytes(QUEUE_CAPACITY * plan.read().batchBytes());
            // Reading starts before the destination connects and checks its table, so a short
            // incremental run overlaps the source's query with that set-up.
            Thread readerThread = Thread.ofPlatform().name("ferry-read-" + plan.config().name()).daemon()
                    .start(() -> readInto(reader, queue, inFlight));
            try (StreamWriter writer = destination.open(plan.write())) {
                for (String change : writer.schemaChanges()) {
                    log.info(plan.config().name(), "schema: " + change);
                }
                try {
                    return writeFrom(queue, inFlight, writer);
                } catch (RuntimeException | Error e) {
                    reader.cancel();
                    writer.abort();
                    if (plan.removesMissing()) {
                        log.warn(plan.config().name(), "no rows removed as missing at the source: the run failed"
                                + " before the source was read completely");
                    }
                    throw e;
                }
            } finally {
                reader.cancel();
                readerThread.interrupt();
                joinQuietly(readerThread);
            }
        }
    }

    /** Whether this run scanned the source's keys and removed the rows missing there. */
    boolean reconciled() {
        return missingRows != null && missingRows.removed();
    }

    StreamStats stats() {
        return new StreamStats(plan.config().name(), read, written, deleted, 0, skipped);
    }

    private void readInto(StreamReader reader, BlockingQueue<Object> queue, InFlightBytes inFlight) {
        try {
            while (!control.isStopRequested()) {
                inFlight.awaitRoom();
                if (!readNext(reader, queue, inFlight)) {
                    return;
                }
            }
            queue.put(EndOfStream.STOPPED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            try {
                queue.put(new ReadFailure(e));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Reads one batch into the queue, or the end of the stream; returns whether more may follow.
     * The batch is referenced from this frame only, so once the writer is done with it nothing here
     * keeps its values alive while the next batch is read (a loop's variable would, until reassigned).
     */
    private static boolean readNext(StreamReader reader, BlockingQueue<Object> queue, InFlightBytes inFlight)
            throws InterruptedException {
        RecordBatch batch = reader.next();
        if (batch == null) {
            queue.put(EndOfStream.COMPLETE);
            return false;
        }
        long bytes = batch.estimatedBytes();
        inFlight.add(bytes);
        queue.put(new ReadBatch(batch, bytes));
        return true;
    }

    private boolean writeFrom(BlockingQueue<Object> queue, InFlightBytes inFlight, StreamWriter writer) {
        while (true) {
            Object item = writeNext(queue, inFlight, writer);
            if (item instanceof ReadFailure failure) {
                throw failure.rethrowable();
            }
            if (item instanceof EndOfStream end) {
                if (missingRows != null) {
                    long removed = missingRows.removeIfProven(writer, end == EndOfStream.COMPLETE, read);
                    uncommitted += removed;
                    uncommittedDeletes += removed;
                }
                commit(writer);
                return !control.isStopRequested();
            }
            if (item == WriterStop.REQUESTED) {
                return stopGracefully(writer);
            }
            long elapsed = System.nanoTime() - lastCommitNanos;
            if (commitPolicy.shouldCommit(uncommitted, Duration.ofNanos(elapsed))) {
                commit(writer);
            }
        }
    }

    /**
     * Takes the next item and, when it is a batch, writes it and returns null; else returns the item
     * that ends the loop, or {@link WriterStop#REQUESTED}. As in {@link #readNext}, a written batch
     * is not kept alive by the caller while the next one is read.
     */
    private Object writeNext(BlockingQueue<Object> queue, InFlightBytes inFlight, StreamWriter writer) {
        Object item = take(queue);
        if (!(item instanceof ReadBatch read)) {
            return item;
        }
        if (control.isStopRequested()) {
            return WriterStop.REQUESTED;
        }
        try {
            write(read.batch(), writer);
        } finally {
            inFlight.remove(read.bytes());
        }
        return null;
    }

    private boolean stopGracefully(StreamWriter writer) {
        if (plan.write().mode() == WriteMode.OVERWRITE) {
            writer.abort();
            log.warn(plan.config().name(), "stopped before the end: overwrite rolled back, "
                    + "the destination keeps its previous contents");
            written = 0;
            deleted = 0;
        } else {
            if (missingRows != null) {
                missingRows.withhold("the run stopped before the source was read completely", writer);
            }
            commit(writer);
        }
        return false;
    }

    private void write(RecordBatch batch, StreamWriter writer) {
        read += batch.size();
        RecordBatch toWrite = batch;
        if (hashFilter != null) {
            List<ChangeRecord> unchanged = new ArrayList<>();
            toWrite = hashFilter.changedOnly(batch, unchanged);
            if (plan.removesMissing() && !unchanged.isEmpty()) {
                writer.keep(hashFilter.keysOf(unchanged));
            }
        }
        skipped += batch.size() - toWrite.size();
        if (plan.appendsDeletedMarker()) {
            toWrite = withDeletedMarker(toWrite);
        }
        if (!toWrite.records().isEmpty()) {
            writer.write(toWrite);
        }
        for (ChangeRecord record : toWrite.records()) {
            if (record.operation() == Operation.DELETE) {
                uncommittedDeletes++;
            }
        }
        uncommitted += toWrite.size();
        if (batch.checkpoint() != null) {
            pendingCheckpoint = batch.checkpoint();
        }
        listener.progress(new StreamStats(plan.config().name(), read, written + uncommitted - uncommittedDeletes,
                deleted + uncommittedDeletes, 0, skipped));
    }

    private void commit(StreamWriter writer) {
        writer.commit();
        Map<String, byte[]> hashes = hashFilter == null ? Map.of() : hashFilter.drainPending();
        if (pendingCheckpoint != null || !hashes.isEmpty()) {
            state.commitProgress(key, pendingCheckpoint, hashes);
        }
        written += uncommitted - uncommittedDeletes;
        deleted += uncommittedDeletes;
        uncommitted = 0;
        uncommittedDeletes = 0;
        lastCommitNanos = System.nanoTime();
    }

    /** Each record with one more value, the soft-delete marker, null: the row exists at the source. */
    private RecordBatch withDeletedMarker(RecordBatch batch) {
        int width = plan.destinationSchema().columns().size();
        List<ChangeRecord> records = new ArrayList<>(batch.size());
        for (ChangeRecord record : batch.records()) {
            Object[] values = java.util.Arrays.copyOf(record.values(), width);
            records.add(record.operation() == Operation.DELETE ? ChangeRecord.delete(values) : ChangeRecord.upsert(values));
        }
        return new RecordBatch(records, batch.checkpoint());
    }

    private static Object take(BlockingQueue<Object> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.ferry.api.FerryException("Interrupted while waiting for the source", e);
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A batch on its way to the writer and its estimated size, counted in flight until written. */
    private record ReadBatch(RecordBatch batch, long bytes) {
    }

    /** The writer's answer to a batch that arrived after a stop was requested. */
    private enum WriterStop { REQUESTED }

    /** The reader's last item: whether it read the source to its end or stopped on request. */
    private enum EndOfStream { COMPLETE, STOPPED }

    private record ReadFailure(Throwable cause) {
        RuntimeException rethrowable() {
            if (cause instanceof RuntimeException runtime) {
                return runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            return new dev.ferry.api.FerryException(cause.getMessage(), cause);
        }
    }
}
