package dev.ferry.engine.run;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.Destination;
import dev.ferry.api.Operation;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.RowsRefusedException;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteContext;
import dev.ferry.api.WriteCounts;
import dev.ferry.api.WriteMode;
import dev.ferry.engine.config.SyncMode;
import dev.ferry.engine.state.BoundaryChange;
import dev.ferry.engine.state.QuarantineStage;
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
 *
 * <p>Counts come from the destination's commits ({@link StreamWriter#commit()}), plus the rows the
 * engine itself found unchanged (hash mode, the cursor boundary) up to each commit; what a failed
 * try read after its last commit is in {@link #stats()} but not in {@link #committedStats()}.
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
    private final BadRows badRows;
    private final DeleteKeys deleteKeys;
    /** Incremental streams: the rows committed at the top of the cursor; else null. */
    private final CursorBoundary boundary;
    /** Removes rows gone from the source at the end of a complete read; null when the run removes none. */
    private MissingRows missingRows;

    private long read;
    private long readAtCommit;
    /** Counts of every commit so far; {@code read} is not kept here. */
    private StreamStats committed;
    /** Rows the engine found unchanged since the last commit. */
    private long skipped;
    private long uncommitted;
    /** Bad rows of this try counted in {@code committed}. */
    private long failedAtCommit;
    /** Rows this try found committed unchanged at the cursor boundary, for the run log. */
    private long boundarySkipped;
    private Checkpoint pendingCheckpoint;
    private long lastCommitNanos;

    StreamRunner(StreamPlan plan, StreamKey key, StateStore state, CommitPolicy commitPolicy,
                 RunControl control, RunListener listener, RunLog log) {
        this.plan = plan;
        this.badRows = new BadRows(plan.config().badRows(), key, state, log, plan.sourceSchema());
        this.deleteKeys = new DeleteKeys(plan.sourceSchema(), plan.transforms().output());
        this.key = key;
        this.state = state;
        this.commitPolicy = plan.write().mode() == WriteMode.OVERWRITE ? CommitPolicy.atEnd() : commitPolicy;
        this.control = control;
        this.listener = listener;
        this.log = log;
        this.hashFilter = plan.config().sync() == SyncMode.HASH
                ? new HashFilter(key, state, plan.destinationSchema().keyIndexes(), plan.removesMissing())
                : null;
        this.boundary = plan.config().sync() == SyncMode.INCREMENTAL && plan.write().mode() == WriteMode.UPSERT
                ? CursorBoundary.load(state, key, plan.sourceSchema().keyIndexes(), cursorIndex(plan),
                        plan.sourceSchema().column(plan.config().cursor()).type(), plan.config().lookback())
                : null;
        this.committed = StreamStats.empty(plan.config().name());
    }

    private static int cursorIndex(StreamPlan plan) {
        return plan.sourceSchema().indexOf(plan.config().cursor());
    }

    /** Runs the stream to its end or to a requested stop; returns whether it ran to the end. */
    boolean run(Source source, Destination destination) {
        if (plan.removesMissing()) {
            missingRows = new MissingRows(plan, key, state, control, log, hashFilter, source);
        }
        try (StreamReader reader = source.open(plan.read(), log.forStream(plan.config().name()))) {
            return runFrom(reader, destination);
        }
    }

    /**
     * Runs the stream on rows {@code reader} gives instead of its source's (a retry of quarantined
     * rows); closing the reader is the caller's. The plan must not remove rows missing at the source.
     */
    boolean runFrom(StreamReader reader, Destination destination) {
        lastCommitNanos = System.nanoTime();
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        InFlightBytes inFlight = new InFlightBytes(QUEUE_CAPACITY * plan.read().batchBytes());
        // Reading starts before the destination connects and checks its table, so a short
        // incremental run overlaps the source's query with that set-up.
        Thread readerThread = Thread.ofPlatform().name("ferry-read-" + plan.config().name()).daemon()
                .start(() -> readInto(reader, queue, inFlight));
        WriteContext context = new WriteContext(log.forStream(plan.config().name()), new StoredKeyMap(state, key.pipeline()));
        try (StreamWriter writer = destination.open(plan.write(), context)) {
            for (String change : writer.schemaChanges()) {
                log.info(plan.config().name(), "schema: " + change);
            }
            try {
                return writeFrom(queue, inFlight, writer);
            } catch (RuntimeException | Error e) {
                reader.cancel();
                writer.abort();
                if (e instanceof RuntimeException failure) {
                    badRows.storeAfterFailure(failure);
                }
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

    /** Whether this run scanned the source's keys and removed the rows missing there. */
    boolean reconciled() {
        return missingRows != null && missingRows.removed();
    }

    /** This try's counts: every row it read, and what its commits did. */
    StreamStats stats() {
        return committed.withRead(read).plusFailed(badRows.count() - failedAtCommit);
    }

    /** What this try's commits did, with the rows read up to its last commit: the part a retry does not repeat. */
    StreamStats committedStats() {
        return committed.withRead(readAtCommit);
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
                    if (boundary != null && removed > 0) {
                        boundary.forgetAll();
                    }
                    uncommitted += removed;
                }
                commit(writer);
                if (boundarySkipped > 0) {
                    log.info(plan.config().name(), boundarySkipped + " row(s) read again at the cursor boundary were"
                            + " committed unchanged before and not written again");
                }
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
            skipped = 0;
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
        long badBefore = badRows.count();
        // Where each record to write came from, to set it aside as read when the destination refuses it.
        Origins origins = badRows.quarantines() ? new Origins() : null;
        RecordBatch toWrite = batch;
        // The boundary compares rows as read (its cursor is a source column); hashes compare rows as written.
        if (boundary != null) {
            int before = toWrite.size();
            toWrite = boundary.unchangedDropped(toWrite);
            boundarySkipped += before - toWrite.size();
        }
        if (plan.config().sync() == SyncMode.CHANGES && !plan.appliesDeleteRecords()) {
            toWrite = withoutDeletes(toWrite);
        }
        if (!plan.transforms().isEmpty() || origins != null) {
            toWrite = transformed(toWrite, origins, writer);
        }
        if (hashFilter != null) {
            List<ChangeRecord> unchanged = new ArrayList<>();
            toWrite = hashFilter.changedOnly(toWrite, unchanged);
            if (plan.removesMissing() && !unchanged.isEmpty()) {
                writer.keep(hashFilter.keysOf(unchanged));
            }
        }
        skipped += batch.size() - toWrite.size() - (badRows.count() - badBefore);
        if (plan.appendsDeletedMarker()) {
            toWrite = withDeletedMarker(toWrite, origins);
        }
        if (!toWrite.records().isEmpty()) {
            if (origins != null && writer.isolatesRows()) {
                writeIsolating(toWrite.records(), writer, origins);
            } else {
                writer.write(toWrite);
            }
        }
        uncommitted += toWrite.size();
        if (batch.checkpoint() != null) {
            pendingCheckpoint = batch.checkpoint();
        }
        listener.progress(stats());
    }

    /**
     * Writes records so that those the destination refuses for their data are set aside and every
     * other is written once: a refused write left nothing behind, so its halves are written in turn,
     * down to the single rows at fault. A batch with one bad row costs about two writes per halving.
     */
    private void writeIsolating(List<ChangeRecord> records, StreamWriter writer, Origins origins) {
        try {
            writer.writeIsolated(new RecordBatch(records, null));
        } catch (RowsRefusedException refused) {
            if (records.size() > 1) {
                int half = records.size() / 2;
                writeIsolating(records.subList(0, half), writer, origins);
                writeIsolating(records.subList(half, records.size()), writer, origins);
                return;
            }
            ChangeRecord record = records.getFirst();
            Object[] source = origins.of(record);
            if (hashFilter != null) {
                hashFilter.forget(record);
            }
            keepAtDestination(source, writer);
            badRows.add(source, QuarantineStage.DESTINATION, located(refused, source), read);
        }
    }

    /** The refusal with the row's key as read, unless the destination's message names it already. */
    private String located(RowsRefusedException refused, Object[] source) {
        String message = PipelineRunner.describe(refused);
        String where = "row " + plan.sourceSchema().describeKey(source);
        return message.contains(where) ? message : where + ": " + message;
    }

    /**
     * A row set aside still exists at the source: when the run removes rows missing there, its
     * destination row (from an earlier run) is noted as seen, so it stays.
     */
    private void keepAtDestination(Object[] source, StreamWriter writer) {
        if (plan.removesMissing()) {
            int[] keyIndexes = plan.sourceSchema().keyIndexes();
            Object[] keyValues = new Object[keyIndexes.length];
            for (int k = 0; k < keyIndexes.length; k++) {
                keyValues[k] = source[keyIndexes[k]];
            }
            writer.keep(List.<Object[]>of(keyValues));
        }
    }

    private void commit(StreamWriter writer) {
        WriteCounts counts = writer.commit();
        // Durable at the destination from here on, whatever happens to the state transaction.
        committed = committed.plus(counts).plus(new WriteCounts(0, 0, skipped, 0))
                .plusFailed(badRows.count() - failedAtCommit);
        failedAtCommit = badRows.count();
        // Before the checkpoint: should the process die in between, the rows are read and set aside
        // again, replacing these entries, rather than lost behind a checkpoint that passed them.
        badRows.store();
        readAtCommit = read;
        skipped = 0;
        Map<String, byte[]> hashes = hashFilter == null ? Map.of() : hashFilter.drainPending();
        BoundaryChange boundaryChange = boundary == null ? BoundaryChange.NONE : boundary.changeFor(pendingCheckpoint);
        if (pendingCheckpoint != null || !hashes.isEmpty() || !boundaryChange.isEmpty()) {
            state.commitProgress(key, pendingCheckpoint, hashes, boundaryChange);
        }
        uncommitted = 0;
        lastCommitNanos = System.nanoTime();
        // The counts committed just now: a live view otherwise shows them only after the next batch.
        listener.progress(stats());
    }

    /**
     * The batch through the stream's transforms: rows a transform drops are left out (they count with
     * the skipped ones). A value a transform rejects sets its row aside when the stream quarantines,
     * else fails the stream naming the table, column and key, as a value the destination refuses does.
     * With {@code origins}, each record given notes the row it came from.
     */
    private RecordBatch transformed(RecordBatch batch, Origins origins, StreamWriter writer) {
        String table = plan.config().table() != null ? plan.config().table() : "query of stream " + plan.config().name();
        List<ChangeRecord> records = new ArrayList<>(batch.size());
        for (ChangeRecord record : batch.records()) {
            if (record.operation() == Operation.DELETE) {
                // A delete carries the key only: nothing to transform, and nothing a filter could judge.
                ChangeRecord delete = ChangeRecord.delete(deleteKeys.keyOnly(record.values()));
                records.add(delete);
                if (origins != null) {
                    origins.note(delete, record.values());
                }
                continue;
            }
            Object[] values;
            try {
                values = plan.transforms().apply(record.values(), table);
            } catch (RejectedValueException rejected) {
                if (origins == null) {
                    throw rejected;
                }
                keepAtDestination(record.values(), writer);
                badRows.add(record.values(), QuarantineStage.TRANSFORM, rejected.getMessage(), read);
                continue;
            }
            if (values != null) {
                ChangeRecord out = values == record.values() ? record
                        : record.operation() == Operation.DELETE ? ChangeRecord.delete(values) : ChangeRecord.upsert(values);
                records.add(out);
                if (origins != null) {
                    origins.note(out, record.values());
                }
            }
        }
        return new RecordBatch(records, batch.checkpoint());
    }

    /** The batch without its delete records: a change-log stream with {@code deletes: none} keeps deleted rows. */
    private static RecordBatch withoutDeletes(RecordBatch batch) {
        List<ChangeRecord> upserts = new ArrayList<>(batch.size());
        for (ChangeRecord record : batch.records()) {
            if (record.operation() != Operation.DELETE) {
                upserts.add(record);
            }
        }
        return upserts.size() == batch.size() ? batch : new RecordBatch(upserts, batch.checkpoint());
    }

    /** Each record with one more value, the soft-delete marker, null: the row exists at the source. */
    private RecordBatch withDeletedMarker(RecordBatch batch, Origins origins) {
        int width = plan.destinationSchema().columns().size();
        List<ChangeRecord> records = new ArrayList<>(batch.size());
        for (ChangeRecord record : batch.records()) {
            Object[] values = java.util.Arrays.copyOf(record.values(), width);
            ChangeRecord marked = record.operation() == Operation.DELETE ? ChangeRecord.delete(values) : ChangeRecord.upsert(values);
            records.add(marked);
            if (origins != null) {
                origins.note(marked, origins.of(record));
            }
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

    /** The row as read behind each record written, by identity: records of equal values may come from different rows. */
    private static final class Origins {
        private final java.util.IdentityHashMap<ChangeRecord, Object[]> sources = new java.util.IdentityHashMap<>();

        void note(ChangeRecord written, Object[] source) {
            sources.put(written, source);
        }

        Object[] of(ChangeRecord written) {
            Object[] source = sources.get(written);
            if (source == null) {
                throw new IllegalStateException("a record to write has no row it was read from");
            }
            return source;
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
