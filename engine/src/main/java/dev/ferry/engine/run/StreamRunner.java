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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Moves one stream: a reader thread fills a small bounded queue, the calling thread writes, and
 * after each destination commit the stream's checkpoint (and, in hash mode, its row hashes) is
 * stored. A slow writer therefore slows the reader instead of filling memory, and the stored
 * checkpoint never runs ahead of what the destination holds.
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
    private final HashFilter hashFilter;

    private long read;
    private long written;
    private long deleted;
    private long skipped;
    private long uncommitted;
    private long uncommittedDeletes;
    private Checkpoint pendingCheckpoint;
    private long lastCommitNanos;

    StreamRunner(StreamPlan plan, StreamKey key, StateStore state, CommitPolicy commitPolicy,
                 RunControl control, RunListener listener) {
        this.plan = plan;
        this.key = key;
        this.state = state;
        this.commitPolicy = plan.write().mode() == WriteMode.OVERWRITE ? CommitPolicy.atEnd() : commitPolicy;
        this.control = control;
        this.listener = listener;
        this.hashFilter = plan.config().sync() == SyncMode.HASH
                ? new HashFilter(key, state, plan.destinationSchema().keyIndexes()) : null;
    }

    /** Runs the stream to its end or to a requested stop; returns whether it ran to the end. */
    boolean run(Source source, Destination destination) {
        lastCommitNanos = System.nanoTime();
        try (StreamReader reader = source.open(plan.read());
             StreamWriter writer = destination.open(plan.write())) {
            BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
            Thread readerThread = Thread.ofPlatform().name("ferry-read-" + plan.config().name()).daemon()
                    .start(() -> readInto(reader, queue));
            try {
                return writeFrom(queue, writer);
            } catch (RuntimeException | Error e) {
                reader.cancel();
                writer.abort();
                throw e;
            } finally {
                reader.cancel();
                readerThread.interrupt();
                joinQuietly(readerThread);
            }
        }
    }

    StreamStats stats() {
        return new StreamStats(plan.config().name(), read, written, deleted, 0, skipped);
    }

    private void readInto(StreamReader reader, BlockingQueue<Object> queue) {
        try {
            while (!control.isStopRequested()) {
                RecordBatch batch = reader.next();
                if (batch == null) {
                    break;
                }
                queue.put(batch);
            }
            queue.put(EndOfStream.INSTANCE);
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

    private boolean writeFrom(BlockingQueue<Object> queue, StreamWriter writer) {
        while (true) {
            Object item = take(queue);
            if (item instanceof ReadFailure failure) {
                throw failure.rethrowable();
            }
            if (item == EndOfStream.INSTANCE) {
                commit(writer);
                return !control.isStopRequested();
            }
            if (control.isStopRequested()) {
                return stopGracefully(writer);
            }
            write((RecordBatch) item, writer);
            long elapsed = System.nanoTime() - lastCommitNanos;
            if (commitPolicy.shouldCommit(uncommitted, Duration.ofNanos(elapsed))) {
                commit(writer);
            }
        }
    }

    private boolean stopGracefully(StreamWriter writer) {
        if (plan.write().mode() == WriteMode.OVERWRITE) {
            writer.abort();
            listener.log("WARN", plan.config().name(), "stopped before the end: overwrite rolled back, "
                    + "the destination keeps its previous contents");
            written = 0;
            deleted = 0;
        } else {
            commit(writer);
        }
        return false;
    }

    private void write(RecordBatch batch, StreamWriter writer) {
        read += batch.size();
        RecordBatch toWrite = hashFilter == null ? batch : hashFilter.changedOnly(batch);
        skipped += batch.size() - toWrite.size();
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

    private enum EndOfStream { INSTANCE }

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

    /** Drops unchanged rows of hash-mode streams and remembers the new hashes until the next commit. */
    static final class HashFilter {
        private final StreamKey key;
        private final StateStore state;
        private final RowHasher hasher;
        private Map<String, byte[]> pending = new HashMap<>();

        HashFilter(StreamKey key, StateStore state, int[] keyIndexes) {
            this.key = key;
            this.state = state;
            this.hasher = new RowHasher(keyIndexes);
        }

        RecordBatch changedOnly(RecordBatch batch) {
            List<String> rowKeys = new ArrayList<>(batch.size());
            List<byte[]> hashes = new ArrayList<>(batch.size());
            for (ChangeRecord record : batch.records()) {
                rowKeys.add(hasher.rowKey(record.values()));
                hashes.add(hasher.contentHash(record.values()));
            }
            Map<String, byte[]> stored = state.rowHashes(key, rowKeys);
            List<ChangeRecord> changed = new ArrayList<>();
            for (int i = 0; i < rowKeys.size(); i++) {
                String rowKey = rowKeys.get(i);
                byte[] hash = hashes.get(i);
                byte[] previous = pending.containsKey(rowKey) ? pending.get(rowKey) : stored.get(rowKey);
                if (previous == null || !java.util.Arrays.equals(previous, hash)) {
                    changed.add(batch.records().get(i));
                    pending.put(rowKey, hash);
                }
            }
            return new RecordBatch(changed, batch.checkpoint());
        }

        Map<String, byte[]> drainPending() {
            Map<String, byte[]> drained = pending;
            pending = new HashMap<>();
            return drained;
        }
    }
}
